"""Assignments: staff set a practice set for their cohort; candidates start it in one click.

Only staff who follow the cohort (`cohort_get_for_staff`: its staff, or a superuser)
create or edit one; only a current candidate of the cohort starts one, once it is open.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.selectors import cohort_get_for_staff
from interviews.models import (
    Assignment,
    InterviewSession,
    Question,
    QuestionStatus,
    Topic,
    Track,
)
from interviews.models.sessions import MAX_QUESTIONS, MIN_QUESTIONS
from interviews.selectors.assignments import assignment_get_for_candidate, assignment_get_for_staff
from interviews.services.sessions import IfUnfinished, session_start

# User-facing error messages; the tests import them.
TITLE_REQUIRED = _("Give the assignment a title.")
DUE_BEFORE_OPENING = _("The due date cannot be before the opening date.")
TOPIC_NOT_IN_TRACK = _("Choose topics of the assignment's track.")
QUESTION_NOT_IN_TRACK = _("Choose published questions of the assignment's track.")
PICKED_COUNT = _("Hand-pick from 3 to 10 questions, or none to let the interviewer choose.")
NOT_OPEN_YET = _("This assignment opens on %(date)s.")


@dataclass(frozen=True)
class AssignmentSpec:
    """What staff fill in (the form's cleaned data)."""

    title: str
    track: Track
    level: str
    language: str
    mode: str
    length: int
    opens_on: date
    due_on: date
    topics: Sequence[Topic] = ()
    questions: Sequence[Question] = ()


def _validated(spec: AssignmentSpec) -> AssignmentSpec:
    errors: dict[str, list[str]] = {}
    title = " ".join(spec.title.split())
    if not title:
        errors.setdefault("title", []).append(str(TITLE_REQUIRED))
    if spec.due_on < spec.opens_on:
        errors.setdefault("due_on", []).append(str(DUE_BEFORE_OPENING))
    if any(t.track_id != spec.track.pk for t in spec.topics):
        errors.setdefault("topics", []).append(str(TOPIC_NOT_IN_TRACK))
    if any(
        q.track_id != spec.track.pk or q.status != QuestionStatus.PUBLISHED for q in spec.questions
    ):
        errors.setdefault("questions", []).append(str(QUESTION_NOT_IN_TRACK))
    if spec.questions and not MIN_QUESTIONS <= len(spec.questions) <= MAX_QUESTIONS:
        errors.setdefault("questions", []).append(str(PICKED_COUNT))
    if errors:
        raise ValidationError(errors)
    # Hand-picked questions are the interview: it asks each of them once.
    length = len(spec.questions) if spec.questions else spec.length
    return AssignmentSpec(
        title=title,
        track=spec.track,
        level=spec.level,
        language=spec.language,
        mode=spec.mode,
        length=length,
        opens_on=spec.opens_on,
        due_on=spec.due_on,
        topics=list(spec.topics),
        questions=list(spec.questions),
    )


def _write(assignment: Assignment, spec: AssignmentSpec) -> Assignment:
    assignment.title = spec.title
    assignment.track = spec.track
    assignment.level = spec.level
    assignment.language = spec.language
    assignment.mode = spec.mode
    assignment.length = spec.length
    assignment.opens_on = spec.opens_on
    assignment.due_on = spec.due_on
    assignment.full_clean()
    assignment.save()
    assignment.topics.set(spec.topics)
    assignment.questions.set(spec.questions)
    return assignment


def assignment_create(*, staff: User, cohort_id: int, spec: AssignmentSpec) -> Assignment:
    """A new assignment for the cohort; Http404 unless `staff` follows it, ValidationError
    (by field) for input that does not hold together. All or nothing."""
    cohort = cohort_get_for_staff(staff=staff, cohort_id=cohort_id)
    spec = _validated(spec)
    with transaction.atomic():
        return _write(Assignment(cohort=cohort, created_by=staff), spec)


def assignment_update(*, staff: User, assignment_id: int, spec: AssignmentSpec) -> Assignment:
    """Edits an assignment of a cohort `staff` follows (Http404 otherwise). Interviews
    already started from it keep their questions."""
    spec = _validated(spec)
    with transaction.atomic():
        assignment = assignment_get_for_staff(staff=staff, assignment_id=assignment_id)
        return _write(assignment, spec)


def assignment_delete(*, staff: User, assignment_id: int) -> str:
    """Deletes an assignment of a cohort `staff` follows (Http404 otherwise) and returns
    its title. Interviews started from it stay in each candidate's history, unlinked."""
    with transaction.atomic():
        assignment = assignment_get_for_staff(staff=staff, assignment_id=assignment_id)
        title = assignment.title
        assignment.delete()
    return title


class AssignmentNotOpenError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def assignment_start(
    *, user: User, assignment_id: int, if_unfinished: IfUnfinished = IfUnfinished.REFUSE
) -> InterviewSession:
    """Starts the candidate's interview for an open assignment of their cohort, linked to
    it; their unfinished interview for the same assignment is resumed instead.

    Http404 for an assignment that is not theirs; AssignmentNotOpenError before it opens;
    UnfinishedInterviewError / NoQuestionsError as `session_start` raises them.
    """
    assignment = assignment_get_for_candidate(user=user, assignment_id=assignment_id)
    if not assignment.is_open():
        raise AssignmentNotOpenError(str(NOT_OPEN_YET) % {"date": assignment.opens_on.isoformat()})
    resumed = (
        InterviewSession.objects.filter(
            candidate=user, assignment=assignment, status=InterviewSession.Status.ACTIVE
        )
        .order_by("-started_at", "-id")
        .first()
    )
    if resumed is not None:
        return resumed
    return session_start(
        user=user,
        track=assignment.track,
        level=assignment.level,
        language=assignment.language,
        length=assignment.length,
        mode=assignment.mode,
        focus_topics=list(assignment.topics.all()),
        if_unfinished=if_unfinished,
        assignment=assignment,
    )
