"""The cohort's progress as a CSV download."""

import csv

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.http import AuthenticatedHttpRequest
from interviews.selectors import staff as selectors
from interviews.selectors.assignments import STATES

from .access import cohort_for_staff, staff_required

_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_safe(value: object) -> object:
    """Defuses spreadsheet formulas (OWASP CSV injection): text starting with = + - @ or a
    control character gets a leading apostrophe. Numbers are written as they are."""
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


@staff_required
@require_GET
def export_csv(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    cohort = cohort_for_staff(request, cohort_id)
    export = selectors.cohort_export_for_staff(staff=request.user, cohort=cohort)
    # Translated once: a big cohort's export has tens of thousands of state cells.
    labels = {state: state.label for state in STATES}
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
            *(
                csv_safe(
                    _("Assignment: %(title)s (due %(date)s)")
                    % {"title": a.title, "date": a.due_on.isoformat()}
                )
                for a in export.assignments
            ),
        ]
    )
    for row in export.rows:
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
                    *(labels[state] for state in row.assignments),
                )
            ]
        )
    return response
