"""Timed mock interviews: each question's deadline, late answers kept and marked, the
"time up" answer sent as it stands (even empty, graded as no answer), practice untimed."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from interviews import engine
from interviews.models import InterviewSession, Turn
from interviews.services.sessions import session_advance
from interviews.services.sessions.timing import GRACE_SECONDS
from interviews.services.turns import (
    InterviewActionError,
    Refusal,
    turn_submit_answer,
)
from interviews.services.turns.generation import generation_inputs

pytestmark = pytest.mark.django_db

S = Turn.EvaluationStatus


def _timed(start_session, user, seconds=180):
    return start_session(user, mode="mock", seconds_per_question=seconds)


def _past_deadline(turn: Turn, seconds: float) -> None:
    """Moves the turn's deadline `seconds` into the past (as if that long had gone by)."""
    Turn.objects.filter(pk=turn.pk).update(
        answer_deadline=timezone.now() - timedelta(seconds=seconds)
    )


def test_a_timed_mock_interview_gives_its_first_question_a_deadline(candidate, start_session):
    before = timezone.now()
    session = _timed(start_session, candidate, 180)
    turn = session.turns.get()
    assert session.seconds_per_question == 180
    assert before + timedelta(seconds=180) <= turn.answer_deadline
    assert turn.answer_deadline <= timezone.now() + timedelta(seconds=180)
    assert 178 <= turn.seconds_left <= 180
    assert session.time_limit_display == "3 minutes per question"


def test_untimed_and_practice_interviews_have_no_clock(candidate, other_candidate, start_session):
    untimed = start_session(candidate, mode="mock")
    assert untimed.turns.get().answer_deadline is None
    assert untimed.turns.get().seconds_left is None
    # Practice stays untimed: a timed practice interview is refused, nothing is written.
    with pytest.raises(ValidationError):
        start_session(other_candidate, mode="practice", seconds_per_question=120)
    assert not InterviewSession.objects.filter(candidate=other_candidate).exists()


def test_an_answer_in_time_is_not_marked(candidate, start_session):
    session = _timed(start_session, candidate)
    turn = session.turns.get()
    saved = turn_submit_answer(user=candidate, session_id=session.pk, turn_id=turn.pk, text="A")
    assert saved.timed_out is False
    turn.refresh_from_db()
    assert (turn.answer, turn.timed_out, turn.evaluation_status) == ("A", False, S.PENDING)


def test_an_answer_within_the_grace_is_on_time(candidate, start_session):
    session = _timed(start_session, candidate)
    turn = session.turns.get()
    _past_deadline(turn, GRACE_SECONDS - 2)
    turn_submit_answer(user=candidate, session_id=session.pk, turn_id=turn.pk, text="Late-ish")
    turn.refresh_from_db()
    assert turn.timed_out is False


def test_an_answer_after_the_deadline_and_grace_is_kept_and_marked(candidate, start_session):
    session = _timed(start_session, candidate)
    turn = session.turns.get()
    _past_deadline(turn, GRACE_SECONDS + 10)
    turn_submit_answer(user=candidate, session_id=session.pk, turn_id=turn.pk, text="Too late")
    turn.refresh_from_db()
    assert (turn.answer, turn.timed_out, turn.evaluation_status) == ("Too late", True, S.PENDING)
    session.refresh_from_db()
    assert session.questions_answered == 1


def test_time_up_sends_the_answer_as_it_stands_even_empty(candidate, start_session):
    session = _timed(start_session, candidate)
    turn = session.turns.get()
    _past_deadline(turn, 0.5)
    saved = turn_submit_answer(
        user=candidate, session_id=session.pk, turn_id=turn.pk, text="  ", time_up=True
    )
    assert saved.evaluation_status == S.PENDING
    turn.refresh_from_db()
    assert (turn.answer, turn.timed_out, turn.evaluation_status) == ("", True, S.PENDING)
    # An empty answer is graded as no answer (the offline interviewer: no model call).
    inputs = generation_inputs(Turn.objects.select_related("session", "topic").get(pk=turn.pk))
    result = engine.evaluate(question=inputs.question, answer=inputs.answer, language="en")
    assert result.score == 0
    assert str(result.flag) == "empty"


def test_time_up_with_a_half_written_answer_keeps_it(candidate, start_session):
    session = _timed(start_session, candidate)
    turn = session.turns.get()
    turn_submit_answer(
        user=candidate,
        session_id=session.pk,
        turn_id=turn.pk,
        text="A decorator wraps a function and",
        time_up=True,
    )
    turn.refresh_from_db()
    assert turn.answer == "A decorator wraps a function and"
    assert turn.timed_out is True


def test_time_up_for_an_untimed_interview_is_refused(candidate, start_session):
    session = start_session(candidate, mode="mock")
    turn = session.turns.get()
    with pytest.raises(InterviewActionError) as refused:
        turn_submit_answer(
            user=candidate, session_id=session.pk, turn_id=turn.pk, text="", time_up=True
        )
    assert refused.value.reason == Refusal.UNTIMED
    turn.refresh_from_db()
    assert (turn.answer, turn.evaluation_status) == ("", S.AWAITING_ANSWER)


def test_time_up_by_another_candidate_is_refused(candidate, other_candidate, start_session):
    session = _timed(start_session, candidate)
    turn = session.turns.get()
    with pytest.raises(InterviewActionError) as refused:
        turn_submit_answer(
            user=other_candidate, session_id=session.pk, turn_id=turn.pk, text="", time_up=True
        )
    assert refused.value.reason == Refusal.NOT_FOUND


def test_each_next_question_is_timed_from_when_it_is_asked(candidate, start_session):
    session = _timed(start_session, candidate, 120)
    first = session.turns.get()
    Turn.objects.filter(pk=first.pk).update(evaluation_status=S.SKIPPED)
    asked = timezone.now()
    new = session_advance(session_id=session.pk, turn_id=first.pk, evaluation=None)
    assert new is not None
    assert asked + timedelta(seconds=120) <= new.answer_deadline
    assert new.answer_deadline <= timezone.now() + timedelta(seconds=120)
