"""Reads about assignments, for the candidate they are set for and for the cohort's staff.

An assignment is for the *current* candidates of its cohort: who leaves the cohort drops
out of it at once (their interviews stay theirs, and off every staff page).
"""

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import CohortMembership, User
from accounts.selectors import cohorts_for_staff
from interviews.models import Assignment, InterviewSession


class AssignmentState(enum.StrEnum):
    DONE = "done"  # an interview started from it was completed
    IN_PROGRESS = "in_progress"  # one is under way, and it is not yet due
    NOT_STARTED = "not_started"  # nothing yet, and it is not yet due
    OVERDUE = "overdue"  # past its due date and not done

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self])


STATE_LABELS = {
    AssignmentState.DONE: _("Done"),
    AssignmentState.IN_PROGRESS: _("In progress"),
    AssignmentState.NOT_STARTED: _("Not started"),
    AssignmentState.OVERDUE: _("Overdue"),
}
STATES = tuple(AssignmentState)


def assignment_state(
    assignment: Assignment, *, completed: bool, active: bool, now: datetime
) -> AssignmentState:
    return state_of(completed=completed, active=active, past_due=assignment.is_past_due(now))


def state_of(*, completed: bool, active: bool, past_due: bool) -> AssignmentState:
    """A candidate's state on an assignment; `past_due` is the assignment's, worked out
    once for a whole cohort."""
    if completed:
        return AssignmentState.DONE
    if past_due:
        return AssignmentState.OVERDUE
    return AssignmentState.IN_PROGRESS if active else AssignmentState.NOT_STARTED


@dataclass(frozen=True)
class Attempts:
    completed: bool = False
    active: bool = False


def attempts_by_candidate(
    assignment_ids: list[int], candidate_ids: Sequence[int] | QuerySet
) -> dict[tuple[int, int], Attempts]:
    """{(assignment id, candidate id): whether they completed it, and the interview they
    have under way} for these assignments and candidates, in one query."""
    if not assignment_ids:
        return {}
    rows = (
        InterviewSession.objects.filter(
            assignment_id__in=assignment_ids, candidate_id__in=candidate_ids
        )
        .values("assignment_id", "candidate_id")
        .annotate(
            completed=Count("id", filter=Q(status=InterviewSession.Status.COMPLETED)),
            active=Count("id", filter=Q(status=InterviewSession.Status.ACTIVE)),
        )
        .order_by()
    )
    return {
        (row["assignment_id"], row["candidate_id"]): Attempts(
            completed=row["completed"] > 0, active=row["active"] > 0
        )
        for row in rows
    }


def assignments_for_staff(*, staff: User) -> QuerySet[Assignment]:
    """Assignments of the cohorts `staff` follows (none for anyone else)."""
    return Assignment.objects.filter(cohort__in=cohorts_for_staff(staff=staff))


def assignment_get_for_staff(*, staff: User, assignment_id: int) -> Assignment:
    """An assignment of a cohort `staff` follows; Http404 otherwise (existence hidden)."""
    assignment = (
        assignments_for_staff(staff=staff)
        .select_related("cohort", "track")
        .filter(pk=assignment_id)
        .first()
    )
    if assignment is None:
        raise Http404("No such assignment.")
    return assignment


def _candidate_cohort_ids(user: User) -> QuerySet:
    return CohortMembership.objects.filter(user=user, role=CohortMembership.Role.CANDIDATE).values(
        "cohort_id"
    )


def assignment_get_for_candidate(*, user: User, assignment_id: int) -> Assignment:
    """An assignment of a cohort `user` is a current candidate of; Http404 otherwise."""
    assignment = (
        Assignment.objects.filter(pk=assignment_id, cohort_id__in=_candidate_cohort_ids(user))
        .select_related("track", "cohort")
        .first()
    )
    if assignment is None:
        raise Http404("No such assignment.")
    return assignment


@dataclass(frozen=True)
class CandidateAssignment:
    assignment: Assignment
    state: AssignmentState
    active_session_id: int | None  # the interview under way for it (resume, not start)


def assignment_list_open_for_candidate(*, user: User) -> list[CandidateAssignment]:
    """The open assignments of the user's cohorts, soonest due first: every one not done,
    and done ones until their due date passes (two queries)."""
    now = timezone.now()
    today = timezone.localdate(now)
    assignments = list(
        Assignment.objects.filter(cohort_id__in=_candidate_cohort_ids(user), opens_on__lte=today)
        .select_related("track", "cohort")
        .order_by("due_on", "title", "id")
    )
    if not assignments:
        return []
    active: dict[int, int] = {}
    completed: set[int] = set()
    for assignment_id, session_id, status in (
        InterviewSession.objects.filter(
            candidate=user, assignment_id__in=[a.pk for a in assignments]
        )
        .exclude(status=InterviewSession.Status.ABANDONED)
        .order_by("started_at", "id")
        .values_list("assignment_id", "id", "status")
    ):
        if status == InterviewSession.Status.COMPLETED:
            completed.add(assignment_id)
        else:
            active[assignment_id] = session_id  # the latest one under way
    result = []
    for assignment in assignments:
        done = assignment.pk in completed
        if done and assignment.due_on < today:
            continue
        state = assignment_state(
            assignment, completed=done, active=assignment.pk in active, now=now
        )
        result.append(
            CandidateAssignment(
                assignment=assignment,
                state=state,
                active_session_id=None if done else active.get(assignment.pk),
            )
        )
    return result
