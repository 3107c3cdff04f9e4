"""Which staff reviews a cohort's pages show and count.

A candidate may be in two cohorts with different staff, and a review belongs to a turn,
not to a cohort. So on cohort X's transcripts and calibration only reviews written by X's
current staff, or by a superuser, appear; a review by another cohort's staff stays on that
cohort's pages. The candidate still sees every review of their own interviews
(`selectors.sessions`).
"""

from django.db.models import Q, QuerySet

from accounts.models import Cohort, CohortMembership
from interviews.models import TurnReview


def reviews_by_cohort_staff(*, cohort: Cohort) -> QuerySet[TurnReview]:
    """Reviews written by the cohort's staff or a superuser (no access check: callers make it)."""
    staff_ids = CohortMembership.objects.filter(
        cohort=cohort, role=CohortMembership.Role.STAFF
    ).values("user_id")
    return TurnReview.objects.filter(Q(reviewer_id__in=staff_ids) | Q(reviewer__is_superuser=True))
