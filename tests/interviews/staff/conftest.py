"""Helpers for the staff pages: interviews with scored turns at chosen times."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import CohortMembership
from interviews.models import InterviewSession, Turn
from tests.factories import (
    CohortMembershipFactory,
    InterviewSessionFactory,
    QuestionFactory,
    TopicFactory,
    TrackFactory,
    UserFactory,
)


def cohort_member(cohort, name):
    """A candidate who joined `cohort`."""
    user = UserFactory(display_name=name)
    CohortMembershipFactory(cohort=cohort, user=user, role=CohortMembership.Role.CANDIDATE)
    return user


def scored_session(candidate, *, days_ago: float, score: int, topic=None, turn_scores=None):
    """A completed interview `days_ago` days back whose turns carry scores and a topic."""
    topic = topic or TopicFactory()
    session = InterviewSessionFactory.create(
        candidate=candidate,
        track=topic.track,
        status=InterviewSession.Status.COMPLETED,
        overall_score=score,
        questions_answered=len(turn_scores or [score]),
    )
    when = timezone.now() - timedelta(days=days_ago)
    question = QuestionFactory.create(track=topic.track, topic=topic)
    for order, turn_score in enumerate(turn_scores or [score], start=1):
        Turn.objects.create(
            session=session,
            order=order,
            question=question,
            topic=topic,
            question_text=question.text,
            answer="A decorator wraps a function.",
            evaluation_status=Turn.EvaluationStatus.DONE,
            feedback="Good start.",
            score=turn_score,
            key_point_results=[{"text": "wraps a function", "status": "covered"}],
        )
    InterviewSession.objects.filter(pk=session.pk).update(started_at=when, ended_at=when)
    Turn.objects.filter(session=session).update(created_at=when)
    session.refresh_from_db()
    return session


@pytest.fixture
def topic(db):
    return TopicFactory(track=TrackFactory(slug="python"), name="Decorators")


@pytest.fixture
def session(candidate, cohort, topic):
    """A scored interview of the cohort's candidate."""
    return scored_session(candidate, days_ago=1, score=72, topic=topic, turn_scores=[72, 80])


@pytest.fixture
def turn(session):
    return session.turns.order_by("order").first()


@pytest.fixture
def make_candidates(db):
    def make(cohort, count: int, topic):
        users = []
        for n in range(count):
            user = UserFactory(display_name=f"Bulk {n}")
            CohortMembershipFactory(cohort=cohort, user=user, role=CohortMembership.Role.CANDIDATE)
            for days in (2, 9, 20):
                scored_session(user, days_ago=days, score=60 + n % 30, topic=topic)
            users.append(user)
        return users

    return make
