"""How far the AI's scores are from the cohort staff's own scores."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.http import AuthenticatedHttpRequest
from interviews.selectors import staff as selectors

from .access import cohort_for_staff, staff_required


@staff_required
@require_GET
def calibration(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    cohort = cohort_for_staff(request, cohort_id)
    data = selectors.cohort_calibration_for_staff(staff=request.user, cohort=cohort)
    return render(
        request,
        "staff/calibration.html",
        {"cohort": cohort, "data": data, "tolerance": selectors.CALIBRATION_TOLERANCE},
    )
