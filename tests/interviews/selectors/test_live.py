"""The live interview's state: whether the current turn's feedback runs or stalled is
decided from the generation lease here, not in the consumer."""

import pytest
from django.core.cache import cache

from interviews.models import InterviewSession
from interviews.selectors.live import Generation, live_interview_for_user
from interviews.services.turns import turn_submit_answer
from interviews.services.turns.limits import lease_set

pytestmark = pytest.mark.django_db


def test_a_turn_waiting_for_an_answer_has_no_generation(candidate, start_session):
    session = start_session(candidate)

    live = live_interview_for_user(user=candidate, session_id=session.pk)

    assert live.current == session.turns.get()
    assert (live.generation, live.streamer) == (Generation.IDLE, None)


def test_a_worker_holding_the_lease_runs_and_without_it_the_turn_stalled(candidate, start_session):
    session = start_session(candidate)
    turn = session.turns.get()
    turn_submit_answer(user=candidate, session_id=session.pk, turn_id=turn.pk, text="A")
    lease_set(session.pk, turn.pk, "worker")

    running = live_interview_for_user(user=candidate, session_id=session.pk)
    lease_set(session.pk, turn.pk + 1000, "worker")  # the lease is another turn's
    elsewhere = live_interview_for_user(user=candidate, session_id=session.pk)
    cache.delete(f"interviews:generation:{session.pk}")  # the worker died
    stalled = live_interview_for_user(user=candidate, session_id=session.pk)

    assert (running.generation, running.streamer) == (Generation.RUNNING, "worker")
    assert (elsewhere.generation, elsewhere.streamer) == (Generation.STALLED, None)
    assert (stalled.generation, stalled.streamer) == (Generation.STALLED, None)


def test_an_ended_interview_has_no_current_turn(candidate, start_session):
    session = start_session(candidate)
    InterviewSession.objects.filter(pk=session.pk).update(status="completed")

    live = live_interview_for_user(user=candidate, session_id=session.pk)

    assert (live.current, live.generation) == (None, Generation.IDLE)


def test_another_candidates_interview_is_not_found(candidate, other_candidate, start_session):
    session = start_session(candidate)

    assert live_interview_for_user(user=other_candidate, session_id=session.pk) is None
