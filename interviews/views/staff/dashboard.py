"""The cohort dashboard: candidates' rows, the topic heatmap, the timeline, the invite."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.http import AuthenticatedHttpRequest
from accounts.models import User
from interviews.charts import line_chart_svg
from interviews.selectors import staff as selectors
from interviews.selectors.assignments import STATES

from .access import cohort_for_staff, staff_required
from .forms import InviteRenewForm


@staff_required
@require_GET
def dashboard(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    cohort = cohort_for_staff(request, cohort_id)
    data = selectors.cohort_progress_for_staff(
        staff=request.user,
        cohort=cohort,
        sort=request.GET.get("sort", "-risk"),
        filter=request.GET.get("show", "all"),
        query=request.GET.get("q", ""),
    )
    urls = _CandidateUrls(cohort.pk)
    invite_url = request.build_absolute_uri(
        reverse("accounts:join_cohort_code", args=[cohort.invite_code])
    )
    return render(
        request,
        "staff/dashboard.html",
        {
            "cohort": cohort,
            "data": data,
            "invite_url": invite_url,
            "staff_members": selectors.cohort_staff_members(staff=request.user, cohort=cohort),
            "invite_form": InviteRenewForm(),
            "candidate_rows": _candidate_rows(data, urls),
            "heatmap_rows": _heatmap_rows(data),
            "states": STATES,
            "assignment_rows": _assignment_rows(data, urls),
            "timeline_svg": line_chart_svg(data.timeline, label=_("Cohort average score per week")),
            "columns": _sort_columns(data.sort),
            "filters": [
                ("all", _("Everyone")),
                ("at_risk", _("At risk")),
                ("on_track", _("On track")),
            ],
            "rules": {
                "inactive_days": selectors.INACTIVE_DAYS,
                "falling_drop": selectors.FALLING_DROP,
                "trend_window": selectors.TREND_WINDOW,
                "stuck_below": selectors.STUCK_BELOW,
                "stuck_min": selectors.STUCK_MIN_ANSWERS,
                "topic_days": selectors.TOPIC_WINDOW_DAYS,
                "recent_days": selectors.STUCK_RECENT_DAYS,
            },
        },
    )


class _CandidateUrls(dict[int, str]):
    """Each candidate's staff page, reversed once for the table and the assignment lists."""

    def __init__(self, cohort_id: int) -> None:
        super().__init__()
        self.cohort_id = cohort_id

    def __missing__(self, candidate_id: int) -> str:
        url = self[candidate_id] = reverse("staff:candidate", args=[self.cohort_id, candidate_id])
        return url


def _candidate_rows(data: selectors.CohortDashboard, urls: _CandidateUrls) -> SafeString:
    """The candidate table's body rows. Built here, like the heatmap: through the template
    engine a big cohort's 200 rows took most of the page's rendering time. Every piece is
    escaped by format_html."""
    if not data.rows:
        return format_html(
            '<tr><td colspan="7" class="muted">{}</td></tr>', _("No candidates match.")
        )
    at_risk = format_html('<span class="badge bad">{}</span>', _("At risk"))
    on_track = format_html('<span class="badge good">{}</span>', _("On track"))
    never = _("never")

    def row_html(row: selectors.CandidateRow) -> SafeString:
        average = row.average_rounded
        risks = (
            format_html_join("", '<p class="risk">{} {}</p>', ((at_risk, r) for r in row.risks))
            if row.risks
            else on_track
        )
        return format_html(
            ('<tr class="at-risk">' if row.at_risk else "<tr>")
            + '<th scope="row"><a href="{}">{}</a></th>'
            "<td>{}</td><td>{}</td><td>{}</td>"
            '<td class="trend trend-{}">{}</td>'
            "<td>{}</td><td>{}</td></tr>",
            urls[row.candidate.pk],
            str(row.candidate),
            row.sessions_7d,
            row.sessions_30d,
            "—" if average is None else average,
            row.trend_direction,
            row.trend_label or "—",
            row.last_activity_day or never,
            risks,
        )

    # Joined as they are: every row is format_html's output.
    return mark_safe("\n".join(map(row_html, data.rows)))  # noqa: S308


def _heatmap_rows(data: selectors.CohortDashboard) -> SafeString:
    """The heatmap's body rows. Built here, not in the template: a big cohort has thousands
    of cells, and drawing them took the template engine most of the page's time. Every
    piece is escaped by format_html; a cell is formatted once per distinct answer count
    and average (format_html costs microseconds a call, and cells repeat)."""
    titles: dict[int, str] = {}  # translated once per distinct count, not once per cell
    cells: dict[tuple[int, int | None], SafeString] = {}

    def cell_html(cell: selectors.TopicCell) -> SafeString:
        average = None if cell.average is None else int(cell.average)
        key = (cell.answers, average)
        if key not in cells:
            if cell.answers not in titles:
                titles[cell.answers] = cell.title
            cells[key] = format_html(
                '<td class="heat heat-{}" title="{}">{}</td>',
                cell.band,
                titles[cell.answers],
                "" if average is None else average,
            )
        return cells[key]

    def row_html(heat: selectors.HeatmapRow) -> str:
        head = format_html(
            '<tr><th scope="row">{}</th>', heat.candidate.display_name or heat.candidate.email
        )
        return head + "".join(map(cell_html, heat.cells)) + "</tr>"

    # Joined as they are: every piece is format_html's output or fixed markup.
    return mark_safe("\n".join(map(row_html, data.heatmap)))  # noqa: S308


def _assignment_rows(
    data: selectors.CohortDashboard, urls: _CandidateUrls
) -> list[dict[str, object]]:
    """Each assignment with, per state, its count and the list of those candidates' links.
    The lists are built here, like the heatmap: ten assignments of a big cohort name
    thousands of candidates, and each candidate's link is formatted once for all of them."""
    links: dict[int, SafeString] = {}

    def link(candidate: User) -> SafeString:
        if candidate.pk not in links:
            links[candidate.pk] = format_html(
                '<li><a href="{}">{}</a></li>', urls[candidate.pk], str(candidate)
            )
        return links[candidate.pk]

    return [
        {
            "assignment": item.assignment,
            "cells": [
                # Joined as they are: each link is format_html's output.
                (state, len(people), mark_safe("".join(map(link, people))))  # noqa: S308
                for state, people in item.states
            ],
        }
        for item in data.assignments.progress
    ]


def _sort_columns(current: str) -> list[dict[str, str]]:
    """Column headers with the sort value each link asks for (a second click reverses)."""
    labels = {
        "name": _("Candidate"),
        "sessions_7d": _("Interviews, 7 days"),
        "sessions_30d": _("Interviews, 30 days"),
        "average": _("Average score"),
        "trend": _("Trend"),
        "last_activity": _("Last activity"),
        "risk": _("At risk"),
    }
    columns = []
    for key, label in labels.items():
        if current == f"-{key}":
            target, state = key, "descending"
        elif current == key:
            target, state = f"-{key}", "ascending"
        else:
            target, state = (key if key == "name" else f"-{key}"), "none"
        columns.append({"key": key, "label": label, "sort": target, "state": state})
    return columns
