"""Which cohorts a staff member follows, and who are the current candidates of one.

`cohort_check_for_staff` is the one access check the rest of the package calls first.
"""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import Cohort, CohortMembership, User
from accounts.selectors import cohort_candidate_counts, cohort_candidate_ids, cohorts_for_staff


@dataclass(frozen=True)
class CohortSummary:
    cohort: Cohort
    candidates: int


def cohort_list_for_staff(*, staff: User) -> list[CohortSummary]:
    """The cohorts `staff` follows, each with its number of current candidates (the
    candidates its dashboard lists)."""
    cohorts = list(cohorts_for_staff(staff=staff))
    counts = cohort_candidate_counts(cohort_ids=[c.pk for c in cohorts])
    return [CohortSummary(cohort=c, candidates=counts.get(c.pk, 0)) for c in cohorts]


def cohort_check_for_staff(*, staff: User, cohort: Cohort) -> None:
    """Http404 unless `staff` follows `cohort`."""
    if not cohorts_for_staff(staff=staff).filter(pk=cohort.pk).exists():
        raise Http404("No such cohort.")


def cohort_staff_members(*, staff: User, cohort: Cohort) -> list[User]:
    """The staff of a cohort `staff` follows (shown beside the invite)."""
    cohort_check_for_staff(staff=staff, cohort=cohort)
    return [
        m.user
        for m in cohort.memberships.filter(role=CohortMembership.Role.STAFF).select_related("user")
    ]


def cohort_candidates(*, cohort: Cohort) -> QuerySet[User]:
    """The cohort's current candidates (no access check: callers have made it)."""
    return User.objects.filter(pk__in=cohort_candidate_ids(cohort=cohort))


def candidate_get_for_staff(*, staff: User, cohort: Cohort, candidate_id: int) -> User:
    """A current candidate of `cohort`, which `staff` must follow; Http404 otherwise."""
    cohort_check_for_staff(staff=staff, cohort=cohort)
    candidate = cohort_candidates(cohort=cohort).filter(pk=candidate_id).first()
    if candidate is None:
        raise Http404("No such candidate in this cohort.")
    return candidate
