"""Starting an interview while one is unfinished: refused (the page offers to resume it)
unless the candidate asks for a new one, which ends the unfinished ones first."""

import pytest

from interviews.models import InterviewSession, Turn
from interviews.services.sessions import (
    IfUnfinished,
    NoQuestionsError,
    UnfinishedInterviewError,
    session_start,
)
from tests.factories import TrackFactory

pytestmark = pytest.mark.django_db

Status = InterviewSession.Status


def _answer_first(session: InterviewSession) -> None:
    session.turns.update(
        answer="An answer",
        evaluation_status=Turn.EvaluationStatus.DONE,
        score=70,
        key_point_results=[{"text": "wraps the original", "status": "covered"}],
    )


def test_a_start_is_refused_while_an_interview_is_unfinished(candidate, start_session):
    older = start_session(candidate)
    latest = start_session(candidate, if_unfinished=IfUnfinished.KEEP)

    with pytest.raises(UnfinishedInterviewError) as refused:
        start_session(candidate)

    assert refused.value.session == latest
    assert set(InterviewSession.objects.filter(candidate=candidate)) == {older, latest}
    assert {older.status, latest.status} == {Status.ACTIVE}


def test_a_new_start_ends_the_unfinished_ones_first(candidate, start_session):
    answered = start_session(candidate)
    _answer_first(answered)
    untouched = start_session(candidate, if_unfinished=IfUnfinished.KEEP)

    new = start_session(candidate, if_unfinished=IfUnfinished.END)

    answered.refresh_from_db()
    untouched.refresh_from_db()
    assert answered.status == Status.COMPLETED
    assert answered.summary["answered"] == 1
    assert untouched.status == Status.ABANDONED
    assert list(InterviewSession.objects.filter(candidate=candidate, status=Status.ACTIVE)) == [new]


def test_nothing_is_ended_when_the_new_interview_cannot_start(candidate, start_session):
    unfinished = start_session(candidate)

    with pytest.raises(NoQuestionsError):
        session_start(
            user=candidate,
            track=TrackFactory(slug="empty"),
            level="junior",
            language="en",
            length=3,
            mode="practice",
            if_unfinished=IfUnfinished.END,
        )

    unfinished.refresh_from_db()
    assert unfinished.status == Status.ACTIVE
    assert InterviewSession.objects.filter(candidate=candidate).count() == 1


def test_another_candidates_unfinished_interview_changes_nothing(
    candidate, other_candidate, start_session
):
    theirs = start_session(other_candidate)

    mine = start_session(candidate)

    theirs.refresh_from_db()
    assert theirs.status == mine.status == Status.ACTIVE
