"""One candidate's progress, as their cohort's staff see it."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.http import AuthenticatedHttpRequest
from interviews.charts import bar_chart_svg, line_chart_svg
from interviews.selectors import staff as selectors

from .access import cohort_for_staff, staff_required


@staff_required
@require_GET
def candidate_detail(
    request: AuthenticatedHttpRequest, cohort_id: int, candidate_id: int
) -> HttpResponse:
    cohort = cohort_for_staff(request, cohort_id)
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
