"""A cohort's assignments as its staff follow them: who is done, under way, not started
or overdue. A fixed number of queries whatever the cohort's size."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import Cohort, User
from interviews.models import Assignment
from interviews.selectors.assignments import (
    STATES,
    AssignmentState,
    assignment_get_for_staff,
    attempts_by_candidate,
    state_of,
)

from .cohorts import cohort_check_for_staff


@dataclass
class AssignmentProgress:
    assignment: Assignment
    candidates: dict[AssignmentState, list[User]] = field(
        default_factory=lambda: {state: [] for state in STATES}
    )
    state_by_candidate: dict[int, AssignmentState] = field(default_factory=dict)

    @property
    def states(self) -> list[tuple[AssignmentState, list[User]]]:
        """(state, its candidates) in the order the page shows them."""
        return [(state, self.candidates[state]) for state in STATES]

    def count(self, state: AssignmentState) -> int:
        return len(self.candidates[state])


@dataclass(frozen=True)
class CohortAssignments:
    progress: list[AssignmentProgress]
    # candidate id -> the assignments they are overdue on (an at-risk reason)
    overdue: dict[int, list[Assignment]]

    @property
    def assignments(self) -> list[Assignment]:
        return [item.assignment for item in self.progress]


def cohort_assignments(
    cohort: Cohort,
    candidates: Sequence[User],
    ids: Sequence[int] | QuerySet,
    now: datetime | None = None,
) -> CohortAssignments:
    """Each assignment of the cohort with its current candidates by state (two queries;
    no access check: callers have made it). `ids` selects `candidates` in SQL."""
    now = now or timezone.now()
    assignments = list(
        Assignment.objects.filter(cohort=cohort)
        .select_related("track")
        .order_by("due_on", "title", "id")
    )
    attempts = attempts_by_candidate([a.pk for a in assignments], ids)
    overdue: dict[int, list[Assignment]] = {}
    progress = []
    for assignment in assignments:
        item = AssignmentProgress(assignment=assignment)
        past_due = assignment.is_past_due(now)
        for candidate in candidates:
            tried = attempts.get((assignment.pk, candidate.pk))
            state = state_of(
                completed=bool(tried and tried.completed),
                active=bool(tried and tried.active),
                past_due=past_due,
            )
            item.candidates[state].append(candidate)
            item.state_by_candidate[candidate.pk] = state
            if state == AssignmentState.OVERDUE:
                overdue.setdefault(candidate.pk, []).append(assignment)
        progress.append(item)
    return CohortAssignments(progress=progress, overdue=overdue)


def assignment_for_staff(*, staff: User, cohort: Cohort, assignment_id: int) -> Assignment:
    """An assignment of `cohort`, which `staff` follows; Http404 otherwise."""
    cohort_check_for_staff(staff=staff, cohort=cohort)
    assignment = assignment_get_for_staff(staff=staff, assignment_id=assignment_id)
    if assignment.cohort_id != cohort.pk:
        raise Http404("No such assignment in this cohort.")
    return assignment
