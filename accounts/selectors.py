"""Reads about cohorts; every function takes the asking user."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from accounts.models import Cohort, CohortMembership, User

# User-facing error messages; the tests import them.
INVITE_INVALID = _("This invite code is not valid. Check the link or ask your bootcamp staff.")
INVITE_EXPIRED = _("This invite has expired. Ask your bootcamp staff for a new one.")


class CohortError(Exception):
    """A cohort action refused for a reason the user can act on (message is translated)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def cohorts_for_staff(*, staff: User) -> QuerySet[Cohort]:
    """The cohorts `staff` may follow: those they are staff of (a superuser: all)."""
    if not staff.is_authenticated or not staff.is_bootcamp_staff:
        return Cohort.objects.none()
    if staff.is_superuser:
        return Cohort.objects.all()
    return Cohort.objects.filter(
        memberships__user=staff, memberships__role=CohortMembership.Role.STAFF
    )


def cohort_get_for_staff(*, staff: User, cohort_id: int) -> Cohort:
    """One cohort `staff` may follow; Http404 for any other, so its existence stays hidden."""
    cohort = cohorts_for_staff(staff=staff).filter(pk=cohort_id).first()
    if cohort is None:
        raise Http404("No such cohort.")
    return cohort


def candidate_memberships() -> QuerySet[CohortMembership]:
    """What makes someone a cohort's current candidate: the one definition behind every
    cohort page's rows and the cohort list's counts, so the two never disagree."""
    return CohortMembership.objects.filter(role=CohortMembership.Role.CANDIDATE)


def cohort_candidate_ids(*, cohort: Cohort) -> QuerySet:
    """Ids of the cohort's current candidates (a subquery, evaluated by the caller's query)."""
    return candidate_memberships().filter(cohort=cohort).values("user_id")


def cohort_candidate_counts(*, cohort_ids: list[int]) -> dict[int, int]:
    """How many current candidates each cohort has (one query; a cohort with none is absent).

    Counted apart from the cohorts' own query: annotating `cohorts_for_staff`, which joins
    the memberships to find the staff member's, counted only those staff rows.
    """
    rows = (
        candidate_memberships()
        .filter(cohort_id__in=cohort_ids)
        .values("cohort_id")
        .annotate(candidates=Count("id"))
        .order_by()
    )
    return {row["cohort_id"]: row["candidates"] for row in rows}


@dataclass(frozen=True)
class CandidateCohort:
    membership: CohortMembership
    staff: list[User]

    @property
    def cohort(self) -> Cohort:
        return self.membership.cohort


def cohorts_for_candidate(*, user: User) -> list[CandidateCohort]:
    """The cohorts `user` joined as a candidate, each with the staff who can see their work."""
    staff_memberships = CohortMembership.objects.filter(
        role=CohortMembership.Role.STAFF
    ).select_related("user")
    memberships = (
        CohortMembership.objects.filter(user=user, role=CohortMembership.Role.CANDIDATE)
        .select_related("cohort")
        .prefetch_related(
            Prefetch("cohort__memberships", queryset=staff_memberships, to_attr="staff_members")
        )
        .order_by("cohort__name")
    )
    return [
        # `staff_members` is the Prefetch's to_attr, which the model does not declare.
        CandidateCohort(membership=m, staff=[s.user for s in m.cohort.staff_members])  # type: ignore[attr-defined]
        for m in memberships
    ]


def cohort_get_by_invite(*, code: str) -> Cohort:
    """The cohort an invite code opens, or CohortError (invalid or expired)."""
    code = (code or "").strip()
    cohort = Cohort.objects.filter(invite_code=code).first() if code else None
    if cohort is None:
        raise CohortError(str(INVITE_INVALID))
    if not cohort.invite_is_valid:
        raise CohortError(str(INVITE_EXPIRED))
    return cohort


@dataclass(frozen=True)
class InvitePreview:
    cohort: Cohort
    staff: list[User]
    already_member: bool


def invite_preview_for_user(*, user: User, code: str) -> InvitePreview:
    """What joining with `code` means for `user`: the cohort and who will see their work."""
    cohort = cohort_get_by_invite(code=code)
    members = list(cohort.memberships.select_related("user"))
    return InvitePreview(
        cohort=cohort,
        staff=[m.user for m in members if m.role == CohortMembership.Role.STAFF],
        already_member=any(m.user_id == user.pk for m in members),
    )
