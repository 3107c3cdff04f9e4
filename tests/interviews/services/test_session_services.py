"""Advancing a session: follow-ups (at most two per question, never repeated), then the
next question; the answer flag stored beside the score."""

import pytest

from interviews import engine, frames
from interviews.engine.planning import MAX_FOLLOW_UPS
from interviews.engine.types import (
    AnswerFlag,
    Evaluation,
    KeyPointResult,
    KeyPointStatus,
)
from interviews.models import Turn
from interviews.services.sessions import session_advance, turn_spec
from interviews.services.turns import (
    turn_claim_generation,
    turn_store_evaluation,
    turn_submit_answer,
)

pytestmark = pytest.mark.django_db

GAPS = (
    KeyPointResult("takes a function and returns a new function", KeyPointStatus.COVERED),
    KeyPointResult("@ syntax reassigns the name", KeyPointStatus.MISSED),
    KeyPointResult("functools.wraps keeps metadata", KeyPointStatus.MISSED),
)


def _evaluation(score: int, flag: AnswerFlag = AnswerFlag.NONE) -> Evaluation:
    return Evaluation(
        score=score,
        key_points=GAPS,
        strengths=(),
        improvements=(),
        model_answer="",
        feedback="…",
        provider="local",
        graded_offline=False,
        flag=flag,
        reason="Not an answer." if flag else "",
    )


def _advance(session, turn, score, flag=AnswerFlag.NONE) -> Turn | None:
    return session_advance(
        session_id=session.pk, turn_id=turn.pk, evaluation=_evaluation(score, flag)
    )


def test_a_partial_answer_gets_at_most_two_different_follow_ups(candidate, start_session):
    session = start_session(candidate)
    main = session.turns.get()
    first = _advance(session, main, 50)
    assert first.kind == Turn.Kind.FOLLOW_UP
    assert first.parent_id == main.pk
    # A generated follow-up is graded on the missed key point it probes, with the
    # model-answer passage that states it.
    assert [kp["text"] for kp in first.key_points] == ["@ syntax reassigns the name"]
    assert "@ syntax reassigns the name" in first.question_text
    assert "The @ syntax is shorthand" in first.model_answer
    second = _advance(session, first, 45)
    assert second.kind == Turn.Kind.FOLLOW_UP
    assert second.parent_id == main.pk
    assert second.question_text != first.question_text
    assert MAX_FOLLOW_UPS == 2
    after = _advance(session, second, 45)
    assert after.kind == Turn.Kind.QUESTION
    assert after.question_id != main.question_id


def test_a_good_answer_to_the_follow_up_moves_on(candidate, start_session):
    session = start_session(candidate)
    main = session.turns.get()
    follow_up = _advance(session, main, 50)
    assert follow_up.kind == Turn.Kind.FOLLOW_UP
    assert _advance(session, follow_up, 90).kind == Turn.Kind.QUESTION


def test_a_flagged_answer_gets_no_follow_up(candidate, start_session):
    session = start_session(candidate)
    main = session.turns.get()
    assert _advance(session, main, 5, AnswerFlag.JUNK).kind == Turn.Kind.QUESTION


def test_the_last_question_ends_the_interview(candidate, start_session):
    session = start_session(candidate, length=3)
    turn = session.turns.get()
    for _ in range(2):  # strong answers: no follow-ups
        turn = _advance(session, turn, 95)
        assert turn.kind == Turn.Kind.QUESTION
    assert _advance(session, turn, 95) is None
    session.refresh_from_db()
    assert session.status != session.Status.ACTIVE
    assert session.turns.count() == 3


def test_model_flags_mirror_the_engines():
    assert {choice.value for choice in Turn.AnswerFlag} == {flag.value for flag in AnswerFlag}


def test_the_rubrics_flag_and_reason_are_stored_on_the_turn(candidate, start_session):
    session = start_session(candidate)
    turn = session.turns.get()
    turn_submit_answer(user=candidate, session_id=session.pk, turn_id=turn.pk, text="asdf qwer")
    inputs = turn_claim_generation(turn_id=turn.pk)
    result = engine.evaluate(
        question=turn_spec(turn), answer=inputs.answer, persona=None, language="en"
    )
    assert turn_store_evaluation(
        turn_id=turn.pk,
        attempt=inputs.attempt,
        evaluation=result,
        first_token_ms=1,
        latency_ms=2,
    )
    turn.refresh_from_db()
    assert turn.score <= 10
    assert turn.answer_flag == Turn.AnswerFlag.JUNK
    assert turn.flag_reason
    assert turn.flag_reason in turn.feedback


def test_a_real_attempt_stores_no_flag(candidate, start_session):
    session = start_session(candidate)
    turn = session.turns.get()
    answer = (
        "A decorator takes a function and returns a new function that wraps the original "
        "to add behaviour like logging; functools.wraps keeps its name."
    )
    turn_submit_answer(user=candidate, session_id=session.pk, turn_id=turn.pk, text=answer)
    inputs = turn_claim_generation(turn_id=turn.pk)
    result = engine.evaluate(question=turn_spec(turn), answer=answer, persona=None, language="en")
    turn_store_evaluation(
        turn_id=turn.pk, attempt=inputs.attempt, evaluation=result, first_token_ms=1, latency_ms=2
    )
    turn.refresh_from_db()
    assert turn.answer_flag == ""
    assert turn.flag_reason == ""
    assert turn.score > 10


def test_a_flagged_turn_shows_its_flag_and_reason(candidate, start_session):
    session = start_session(candidate)
    turn = session.turns.get()
    turn_submit_answer(user=candidate, session_id=session.pk, turn_id=turn.pk, text="asdf qwer")
    inputs = turn_claim_generation(turn_id=turn.pk)
    result = engine.evaluate(question=turn_spec(turn), answer=inputs.answer, language="en")
    turn_store_evaluation(
        turn_id=turn.pk, attempt=inputs.attempt, evaluation=result, first_token_ms=1, latency_ms=2
    )
    turn = Turn.objects.select_related("session", "topic").get(pk=turn.pk)
    html = frames.render_turn_html(turn, "en")
    assert "Not an answer" in html
    assert f'title="{turn.flag_reason}"' in html
    korean = frames.render_turn_html(turn, "ko")
    assert "답변이 아님" in korean


def test_a_curated_follow_up_is_graded_on_its_own_rubric(candidate, start_session):
    from interviews.models import FollowUp

    session = start_session(candidate)
    main = session.turns.get()
    FollowUp.objects.filter(question_id=main.question_id).delete()
    own = [{"text": "BCNF requires every determinant to be a candidate key", "synonyms": []}]
    FollowUp.objects.create(
        question_id=main.question_id,
        order=1,
        text="How does BCNF differ from 3NF?",
        model_answer="In BCNF every determinant is a candidate key; 3NF allows a few exceptions.",
        key_points=own,
    )
    follow_up = _advance(session, main, 50)
    assert follow_up.question_text == "How does BCNF differ from 3NF?"
    assert follow_up.key_points == own  # not the parent question's key points
    assert follow_up.model_answer.startswith("In BCNF")
    # An answer about 1NF-3NF alone does not meet the follow-up's rubric.
    evaluation = engine.evaluate(
        question=turn_spec(follow_up),
        answer="1NF needs atomic values, 2NF removes partial dependencies and 3NF removes "
        "transitive dependencies.",
        language="en",
    )
    assert evaluation.score < 50


def test_a_key_point_recovered_in_a_follow_up_counts_as_covered(candidate, start_session):
    from interviews.services.sessions.lifecycle import turn_outcomes

    session = start_session(candidate)
    main = session.turns.get()
    Turn.objects.filter(pk=main.pk).update(
        evaluation_status=Turn.EvaluationStatus.DONE,
        score=40,
        key_point_results=[
            {"text": "@ syntax reassigns the name", "status": "missed"},
            {"text": "functools.wraps keeps metadata", "status": "missed"},
        ],
    )
    follow_up = _advance(session, main, 40)
    Turn.objects.filter(pk=follow_up.pk).update(
        evaluation_status=Turn.EvaluationStatus.DONE,
        score=80,
        key_point_results=[{"text": "functools.wraps keeps metadata", "status": "covered"}],
    )
    outcome = turn_outcomes(session)[0]
    assert outcome.recovered == ("functools.wraps keeps metadata",)
    assert "functools.wraps keeps metadata" in outcome.covered
    assert outcome.missed == ("@ syntax reassigns the name",)


def test_progress_counts_a_key_point_recovered_in_a_follow_up(candidate, start_session):
    from django.utils import timezone

    from interviews.selectors.progress import progress_for_user

    session = start_session(candidate)
    main = session.turns.get()
    done = {"evaluation_status": Turn.EvaluationStatus.DONE, "evaluated_at": timezone.now()}
    Turn.objects.filter(pk=main.pk).update(
        score=40,
        key_point_results=[
            {"text": "@ syntax reassigns the name", "status": "missed"},
            {"text": "functools.wraps keeps metadata", "status": "contradicted"},
        ],
        **done,
    )
    follow_up = _advance(session, main, 40)
    Turn.objects.filter(pk=follow_up.pk).update(
        score=90,
        key_point_results=[{"text": "functools.wraps keeps metadata", "status": "covered"}],
        **done,
    )
    weak = {w.text: w for w in progress_for_user(user=candidate).weak_key_points}
    assert weak["@ syntax reassigns the name"].missed == 1
    assert "functools.wraps keeps metadata" not in weak  # recovered after the follow-up
