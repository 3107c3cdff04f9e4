"""The stored end-of-interview summary: planned and answered questions, and topic names
in the interview's language whoever ends it."""

import pytest
from django.utils import translation

from interviews.models import InterviewSession, Turn
from interviews.services.sessions import session_finish

pytestmark = pytest.mark.django_db

S = Turn.EvaluationStatus


def _grade(turn: Turn, score: int = 80) -> None:
    turn.answer = "An answer"
    turn.evaluation_status = S.DONE
    turn.score = score
    turn.key_point_results = [{"text": "wraps the original", "status": "covered"}]
    turn.save()


def test_an_interview_ended_after_one_of_five_questions_says_so(candidate, start_session):
    session = start_session(candidate, length=5)
    _grade(session.turns.get())

    ended = session_finish(session_id=session.pk)

    assert ended.status == InterviewSession.Status.COMPLETED
    assert (ended.summary["planned"], ended.summary["answered"]) == (5, 1)
    assert ended.summary["ended_early"] is True


def test_follow_ups_and_skips_are_not_answered_questions(candidate, start_session, bank):
    session = start_session(candidate, length=3)
    first = session.turns.get()
    _grade(first, score=50)
    follow_up = Turn.objects.create(
        session=session, order=2, kind=Turn.Kind.FOLLOW_UP, parent=first, question_text="And?"
    )
    _grade(follow_up)
    for order, question in enumerate(bank["questions"][1:3], start=3):
        turn = Turn.objects.create(
            session=session, order=order, question=question, question_text=question.text
        )
        if order == 3:
            _grade(turn)
        else:
            turn.evaluation_status = S.SKIPPED
            turn.save()

    ended = session_finish(session_id=session.pk)

    assert (ended.summary["planned"], ended.summary["answered"]) == (3, 2)
    assert ended.summary["ended_early"] is False


def test_a_korean_interview_names_its_topics_in_korean(candidate, start_session, bank):
    session = start_session(candidate, language="ko")
    turn = session.turns.get()
    _grade(turn, score=90)
    topic = turn.topic

    # Ended from an English socket or page: the summary still speaks Korean.
    with translation.override("en"):
        ended = session_finish(session_id=session.pk)

    assert topic.name_ko and topic.name_ko != topic.name
    assert list(ended.summary["topic_scores"]) == [topic.name_ko]
    assert any(topic.name_ko in item for item in ended.summary["strengths"])
    assert topic.name not in ended.summary["text"]


def test_a_topic_without_a_korean_name_keeps_its_english_one(candidate, start_session):
    session = start_session(candidate, language="ko")
    turn = session.turns.get()
    turn.topic.name_ko = ""
    turn.topic.save()
    _grade(turn)

    ended = session_finish(session_id=session.pk)

    assert list(ended.summary["topic_scores"]) == [turn.topic.name]
