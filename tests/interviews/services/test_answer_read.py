"""The answer's locked read (services/turns/answer_read.py) returns what the ORM would."""

import pytest
from django.db import transaction
from django.utils import timezone

from interviews.models import Turn
from interviews.selectors.llm_usage import user_tokens_today
from interviews.services.turns.answer_read import latest_turn_locked
from tests.factories import InterviewSessionFactory, TurnFactory, UserFactory

pytestmark = pytest.mark.django_db


def _orm_turn(turn_id: int) -> Turn:
    return Turn.objects.select_related("session__track", "topic").get(pk=turn_id)


def test_the_latest_turn_with_session_track_topic_and_todays_usage():
    session = InterviewSessionFactory()
    TurnFactory(session=session, order=0)
    latest = TurnFactory(session=session, order=1)
    # Usage today on another interview of the same candidate counts; older usage does not.
    other = InterviewSessionFactory(candidate=session.candidate, track=session.track)
    TurnFactory(session=other, prompt_tokens=120, completion_tokens=30, evaluated_at=timezone.now())
    TurnFactory(session=other, prompt_tokens=None, completion_tokens=7, evaluated_at=timezone.now())
    TurnFactory(
        session=other,
        prompt_tokens=900,
        completion_tokens=900,
        evaluated_at=timezone.now() - timezone.timedelta(days=2),
    )

    with transaction.atomic():
        turn = latest_turn_locked(user_id=session.candidate_id, session_id=session.pk)

    assert turn is not None
    expected = _orm_turn(latest.pk)
    for field in Turn._meta.concrete_fields:
        assert getattr(turn, field.attname) == getattr(expected, field.attname), field.name
    assert turn.session == expected.session
    assert turn.session.status == expected.session.status
    assert turn.session.summary == expected.session.summary
    assert turn.session.track.slug == expected.session.track.slug
    assert turn.topic == expected.topic
    assert turn.llm_tokens_today == 157 == user_tokens_today(user_id=session.candidate_id)
    assert not turn._state.adding


def test_a_turn_without_topic_has_none():
    turn = TurnFactory(topic=None)
    found = latest_turn_locked(user_id=turn.session.candidate_id, session_id=turn.session_id)
    assert found is not None
    assert found.topic is None
    assert found.topic_id is None


def test_another_users_interview_reads_nothing():
    turn = TurnFactory()
    assert latest_turn_locked(user_id=UserFactory().pk, session_id=turn.session_id) is None
