"""A cohort candidate's interview as staff read it: turns with their staff reviews."""

from django.db.models import Prefetch
from django.http import Http404

from accounts.models import Cohort, User
from accounts.selectors import cohort_candidate_ids
from interviews.models import InterviewSession, Turn, TurnReview

from .cohorts import cohort_check_for_staff
from .reviews import reviews_by_cohort_staff


def session_get_for_staff(*, staff: User, cohort: Cohort, session_id: int) -> InterviewSession:
    """An interview of a current candidate of `cohort`, with its turns and their reviews."""
    cohort_check_for_staff(staff=staff, cohort=cohort)
    session = (
        InterviewSession.objects.filter(
            pk=session_id, candidate_id__in=cohort_candidate_ids(cohort=cohort)
        )
        .select_related("candidate", "track")
        .first()
    )
    if session is None:
        raise Http404("No such interview in this cohort.")
    return session


def session_turns_for_staff(
    *, staff: User, cohort: Cohort, session: InterviewSession
) -> list[tuple[Turn, list[TurnReview], TurnReview | None]]:
    """Each turn of a session with the reviews of `cohort`'s staff (see `reviews`) and the
    asking staff member's own one.

    `session` comes from `session_get_for_staff` for the same cohort, which has checked access.
    """
    shown = reviews_by_cohort_staff(cohort=cohort).select_related("reviewer")
    turns = list(
        Turn.objects.filter(session=session)
        .select_related("topic")
        .prefetch_related(Prefetch("reviews", queryset=shown))
        .order_by("order")
    )
    result = []
    for turn in turns:
        reviews = list(turn.reviews.all())
        own = next((r for r in reviews if r.reviewer_id == staff.pk), None)
        result.append((turn, reviews, own))
    return result


def turn_get_for_staff(*, staff: User, cohort: Cohort, turn_id: int) -> Turn:
    """A turn of a current candidate of `cohort`, which `staff` follows; Http404 otherwise."""
    cohort_check_for_staff(staff=staff, cohort=cohort)
    turn = (
        Turn.objects.filter(
            pk=turn_id, session__candidate_id__in=cohort_candidate_ids(cohort=cohort)
        )
        .select_related("session")
        .first()
    )
    if turn is None:
        raise Http404("No such answer in this cohort.")
    return turn
