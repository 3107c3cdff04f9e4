"""Bootcamp staff pages (/staff/): thin adapters over interviews.selectors.staff.

Anonymous visitors are sent to log in; anyone who is not bootcamp staff, and staff asking
for a cohort they do not follow, get 404 so nothing about other cohorts leaks.
"""

import csv
from collections.abc import Callable
from functools import wraps
from http import HTTPStatus

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts import selectors as account_selectors
from accounts import services as account_services
from accounts.models import Cohort
from interviews.charts import bar_chart_svg, line_chart_svg
from interviews.models import InterviewSession
from interviews.models.reviews import MAX_REVIEW_COMMENT_LENGTH
from interviews.selectors import staff as selectors
from interviews.services import reviews as review_services


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not request.user.is_bootcamp_staff:
            raise Http404("Staff pages are for bootcamp staff.")
        return view(request, *args, **kwargs)

    return wrapper


def _cohort(request: HttpRequest, cohort_id: int) -> Cohort:
    return account_selectors.cohort_get_for_staff(staff=request.user, cohort_id=cohort_id)


# --- Forms (input parsing only; the services validate again) -----------------------------------
class CohortCreateForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Cohort name"), max_length=120)
    invite_valid_days = forms.IntegerField(
        label=gettext_lazy("Invite valid for (days)"),
        required=False,
        min_value=1,
        max_value=account_services.INVITE_DAYS_MAX,
        help_text=gettext_lazy("Leave empty for an invite that does not expire."),
    )


class InviteRenewForm(forms.Form):
    invite_valid_days = CohortCreateForm.base_fields["invite_valid_days"]


class TurnReviewForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_REVIEW_COMMENT_LENGTH}),
    )
    score = forms.IntegerField(
        label=gettext_lazy("Your score (0 to 100)"),
        required=False,
        widget=forms.NumberInput(attrs={"min": 0, "max": 100}),
        error_messages={"invalid": review_services.SCORE_OUT_OF_RANGE},
    )


# --- Cohorts ----------------------------------------------------------------------------------
@staff_required
def cohort_list(request: HttpRequest) -> HttpResponse:
    form = CohortCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cohort = account_services.cohort_create(
                creator=request.user,
                name=form.cleaned_data["name"],
                invite_valid_days=form.cleaned_data["invite_valid_days"],
            )
        except (account_services.CohortError, ValidationError) as exc:
            form.add_error(None, getattr(exc, "message", None) or exc.messages[0])
        else:
            messages.success(
                request,
                _("Cohort %(name)s created. Share its invite link with your candidates.")
                % {"name": cohort.name},
            )
            return redirect("staff:dashboard", cohort_id=cohort.pk)
    return render(
        request,
        "staff/cohort_list.html",
        {"cohorts": selectors.cohort_list_for_staff(staff=request.user), "form": form},
        status=HTTPStatus.BAD_REQUEST if form.errors else HTTPStatus.OK,
    )


@staff_required
@require_POST
def invite_renew(request: HttpRequest, cohort_id: int) -> HttpResponse:
    form = InviteRenewForm(request.POST)
    days = form.cleaned_data["invite_valid_days"] if form.is_valid() else None
    if not form.is_valid():
        _cohort(request, cohort_id)  # 404 first for a cohort the staff member may not see
        messages.error(request, _("Enter a number of days from 1 to 365, or leave it empty."))
        return redirect("staff:dashboard", cohort_id=cohort_id)
    account_services.cohort_invite_renew(
        staff=request.user, cohort_id=cohort_id, invite_valid_days=days
    )
    messages.success(request, _("A new invite link was made; the old one no longer works."))
    return redirect("staff:dashboard", cohort_id=cohort_id)


@staff_required
@require_GET
def dashboard(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = _cohort(request, cohort_id)
    data = selectors.cohort_progress_for_staff(
        staff=request.user,
        cohort=cohort,
        sort=request.GET.get("sort", "-risk"),
        filter=request.GET.get("show", "all"),
        query=request.GET.get("q", ""),
    )
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
            "heatmap_rows": _heatmap_rows(data),
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


def _heatmap_rows(data: selectors.CohortDashboard) -> SafeString:
    """The heatmap's body rows. Built here, not in the template: a big cohort has thousands
    of cells, and drawing them took the template engine most of the page's time. Every
    piece of text is escaped; bands and averages are our own classes and integers."""
    titles: dict[int, str] = {}  # translated once per distinct count, not once per cell
    rows = []
    for heat in data.heatmap:
        cells = []
        for cell in heat.cells:
            if cell.answers not in titles:
                titles[cell.answers] = escape(cell.title)
            average = "" if cell.average is None else int(cell.average)
            cells.append(
                f'<td class="heat heat-{cell.band}" title="{titles[cell.answers]}">{average}</td>'
            )
        name = escape(heat.candidate.display_name or heat.candidate.email)
        rows.append(f'<tr><th scope="row">{name}</th>{"".join(cells)}</tr>')
    return mark_safe("\n".join(rows))  # noqa: S308 - names and titles escaped above


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


# --- One candidate ----------------------------------------------------------------------------
@staff_required
@require_GET
def candidate_detail(request: HttpRequest, cohort_id: int, candidate_id: int) -> HttpResponse:
    cohort = _cohort(request, cohort_id)
    progress = selectors.candidate_progress_for_staff(
        staff=request.user, cohort=cohort, candidate_id=candidate_id
    )
    return render(
        request,
        "staff/candidate.html",
        {
            "cohort": cohort,
            "progress": progress,
            "score_svg": line_chart_svg(progress.charts.score_points, label=_("Interview scores")),
            "topics_svg": bar_chart_svg(
                progress.charts.topic_averages, label=_("Average score by topic")
            ),
        },
    )


@staff_required
@require_GET
def transcript(request: HttpRequest, cohort_id: int, session_id: int) -> HttpResponse:
    cohort = _cohort(request, cohort_id)
    session = selectors.session_get_for_staff(
        staff=request.user, cohort=cohort, session_id=session_id
    )
    return _render_transcript(request, cohort, session)


def _render_transcript(
    request: HttpRequest,
    cohort: Cohort,
    session: InterviewSession,
    *,
    failed_turn_id: int | None = None,
    failed_form: TurnReviewForm | None = None,
) -> HttpResponse:
    turns = []
    for turn, reviews, own in selectors.session_turns_for_staff(
        staff=request.user, session=session
    ):
        if turn.pk == failed_turn_id:
            form = failed_form
        else:
            initial = {"comment": own.comment, "score": own.score} if own else {}
            form = TurnReviewForm(initial=initial, prefix=f"turn-{turn.pk}")
        turns.append({"turn": turn, "reviews": reviews, "own": own, "form": form})
    return render(
        request,
        "staff/transcript.html",
        {"cohort": cohort, "session": session, "turns": turns},
        status=HTTPStatus.BAD_REQUEST if failed_form is not None else HTTPStatus.OK,
    )


@staff_required
@require_POST
def turn_review(request: HttpRequest, cohort_id: int, turn_id: int) -> HttpResponse:
    cohort = _cohort(request, cohort_id)
    turn = selectors.turn_get_for_staff(staff=request.user, cohort=cohort, turn_id=turn_id)
    form = TurnReviewForm(request.POST, prefix=f"turn-{turn.pk}")
    if form.is_valid():
        try:
            review_services.turn_review_save(
                reviewer=request.user,
                cohort=cohort,
                turn_id=turn.pk,
                comment=form.cleaned_data["comment"],
                score=form.cleaned_data["score"],
            )
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(name if name in form.fields else None, error)
        else:
            messages.success(request, _("Your review was saved."))
            url = reverse("staff:transcript", args=[cohort.pk, turn.session_id])
            return redirect(f"{url}#turn-{turn.pk}")
    return _render_transcript(
        request, cohort, turn.session, failed_turn_id=turn.pk, failed_form=form
    )


# --- Calibration and export -------------------------------------------------------------------
@staff_required
@require_GET
def calibration(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = _cohort(request, cohort_id)
    data = selectors.cohort_calibration_for_staff(staff=request.user, cohort=cohort)
    return render(
        request,
        "staff/calibration.html",
        {"cohort": cohort, "data": data, "tolerance": selectors.CALIBRATION_TOLERANCE},
    )


_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_safe(value: object) -> object:
    """Defuses spreadsheet formulas (OWASP CSV injection): text starting with = + - @ or a
    control character gets a leading apostrophe. Numbers are written as they are."""
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


@staff_required
@require_GET
def export_csv(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = _cohort(request, cohort_id)
    rows = selectors.cohort_export_rows_for_staff(staff=request.user, cohort=cohort)
    stamp = timezone.localtime().strftime("%Y%m%d")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="cohort-{cohort.pk}-progress-{stamp}.csv"'
    )
    # A byte order mark so spreadsheet programs read Korean names as UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Candidate"),
            _("Email"),
            _("Track"),
            _("Topic"),
            _("Answers on topic"),
            _("Topic average"),
            _("Interviews, 30 days"),
            _("Average score, 30 days"),
            _("Last activity"),
            _("At-risk reasons"),
        ]
    )
    for row in rows:
        writer.writerow(
            [
                csv_safe(value)
                for value in (
                    row.candidate.display_name,
                    row.candidate.email,
                    row.track,
                    row.topic,
                    row.answers,
                    "" if row.topic_average is None else row.topic_average,
                    row.sessions_30d,
                    "" if row.average_30d is None else row.average_30d,
                    timezone.localtime(row.last_activity).isoformat(timespec="minutes")
                    if row.last_activity
                    else "",
                    "; ".join(row.risks),
                )
            ]
        )
    return response
