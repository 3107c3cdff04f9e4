"""One candidate of a cohort, as their staff see them."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from accounts.models import Cohort, User
from interviews.models import InterviewSession, Topic
from interviews.selectors.progress import Progress, progress_for_user

from .activity import TOPIC_WINDOW_DAYS, CandidateRow, candidate_rows, topic_stats
from .assignments import CohortAssignments, cohort_assignments
from .cohorts import candidate_get_for_staff


@dataclass
class CandidateProgress:
    cohort: Cohort
    candidate: User
    row: CandidateRow
    sessions: list[InterviewSession]
    # The same figures the candidate sees on their own progress page.
    charts: Progress
    assignments: CohortAssignments


CANDIDATE_SESSIONS_SHOWN = 50


def candidate_progress_for_staff(
    *, staff: User, cohort: Cohort, candidate_id: int
) -> CandidateProgress:
    candidate = candidate_get_for_staff(staff=staff, cohort=cohort, candidate_id=candidate_id)
    since = timezone.now() - timedelta(days=TOPIC_WINDOW_DAYS)
    stats, stuck = topic_stats([candidate.pk], since)
    topics = {
        t.pk: t
        for t in Topic.objects.filter(pk__in=list(stats.get(candidate.pk, {}))).select_related(
            "track"
        )
    }
    assignments = cohort_assignments(cohort, [candidate], [candidate.pk])
    (row,) = candidate_rows([candidate], [candidate.pk], stuck, topics, assignments.overdue)
    sessions = list(
        InterviewSession.objects.filter(candidate=candidate)
        .select_related("track")
        .order_by("-started_at", "-id")[:CANDIDATE_SESSIONS_SHOWN]
    )
    return CandidateProgress(
        cohort=cohort,
        candidate=candidate,
        row=row,
        sessions=sessions,
        charts=progress_for_user(user=candidate),
        assignments=assignments,
    )
