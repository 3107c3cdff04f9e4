"""A stopping server fails its running generations (retryable) and releases their
leases (interviews/services/turns/shutdown.py). The trigger is registered with a running
Daphne reactor only; the real SIGTERM is tested in tests/interviews/faults/."""

import asyncio
import sys
from types import SimpleNamespace

import pytest
from channels.db import database_sync_to_async

from interviews import engine
from interviews.engine.types import FeedbackDelta
from interviews.models import Turn
from interviews.services.turns import (
    answer_accept,
    lease_get,
    lease_on_turn,
    limits,
    shutdown,
    start_feedback_task,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]

S = Turn.EvaluationStatus


def _encode(event) -> dict:
    return {"type": "interview.frames", "frames": []}


async def test_stopping_fails_the_running_generation_and_frees_its_turn(
    candidate, start_session, monkeypatch
):
    streamed = asyncio.Event()

    async def half_then_forever(**_kwargs):
        yield FeedbackDelta("Half ")
        streamed.set()
        await asyncio.Event().wait()  # the model keeps the stream open
        yield FeedbackDelta("never")

    monkeypatch.setattr(engine, "astream_evaluation", half_then_forever)
    session = await database_sync_to_async(start_session)(candidate)
    turn = await database_sync_to_async(session.turns.get)()
    channel = "worker-channel"
    inputs = await database_sync_to_async(answer_accept)(
        user=candidate, session_id=session.pk, turn_id=turn.pk, text="An answer", channel=channel
    )
    task = start_feedback_task(
        session_id=session.pk, inputs=inputs, channel=channel, encode=_encode
    )
    await asyncio.wait_for(streamed.wait(), timeout=30)

    stopped = await shutdown.generations_stop(grace=10)

    assert stopped == 1
    assert task.cancelled()
    await database_sync_to_async(turn.refresh_from_db)()
    assert (turn.evaluation_status, turn.error) == (S.FAILED, shutdown.INTERRUPTED)
    assert turn.feedback == "Half "  # the text streamed so far is kept
    assert await database_sync_to_async(lease_get)(session.pk) is None


async def test_a_turn_its_task_left_streaming_is_failed_by_the_settling(candidate, start_session):
    """A task cancelled outside its own handler (or not done in time) leaves the row
    `streaming`: the shutdown fails it itself, and only the attempt it ran."""
    session = await database_sync_to_async(start_session)(candidate)
    turn = await database_sync_to_async(session.turns.get)()
    inputs = await database_sync_to_async(answer_accept)(
        user=candidate, session_id=session.pk, turn_id=turn.pk, text="An answer", channel="w"
    )
    stale = shutdown.TrackedGeneration(session.pk, turn.pk, inputs.attempt - 1, "old")
    live = shutdown.TrackedGeneration(session.pk, turn.pk, inputs.attempt, "w")

    assert await database_sync_to_async(shutdown._settle)([stale]) == 0
    assert await database_sync_to_async(lease_on_turn)(session.pk, turn.pk) is not None
    assert await database_sync_to_async(shutdown._settle)([live]) == 1

    await database_sync_to_async(turn.refresh_from_db)()
    assert (turn.evaluation_status, turn.error) == (S.FAILED, shutdown.INTERRUPTED)
    assert await database_sync_to_async(lease_get)(session.pk) is None


async def test_the_worker_heartbeat_ends_with_the_process(settings, monkeypatch):
    if not settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        pytest.skip("the heartbeat lives in Redis")
    stopping = limits.WORKER_ID
    lease: limits.Lease = {"turn": 1, "channel": "c", "worker": stopping}
    await database_sync_to_async(limits.worker_heartbeat)()

    def seen_from_another_process() -> bool:
        with monkeypatch.context() as m:
            m.setattr(limits, "WORKER_ID", "another-process")
            return limits._worker_alive(lease)

    assert await database_sync_to_async(seen_from_another_process)() is True
    await database_sync_to_async(shutdown._settle)([])
    # No need to wait WORKER_HEARTBEAT_TTL: a lease naming it has no holder now.
    assert await database_sync_to_async(seen_from_another_process)() is False


async def test_the_trigger_is_registered_once_with_a_running_reactor(monkeypatch):
    calls: list[tuple] = []
    reactor = SimpleNamespace(
        running=True,
        _asyncioEventloop=asyncio.get_running_loop(),
        addSystemEventTrigger=lambda *args: calls.append(args),
    )
    monkeypatch.setitem(sys.modules, "twisted.internet.reactor", reactor)
    monkeypatch.setattr(shutdown, "_registered_on", set())

    shutdown._register_with_reactor()
    shutdown._register_with_reactor()

    assert calls == [("before", "shutdown", shutdown._before_shutdown)]


@pytest.mark.parametrize("running", [False, True])
async def test_no_trigger_without_daphne_running_this_loop(monkeypatch, running):
    calls: list[tuple] = []
    other_loop = asyncio.new_event_loop()
    reactor = SimpleNamespace(
        running=running,
        _asyncioEventloop=other_loop,  # not the loop the tasks run on
        addSystemEventTrigger=lambda *args: calls.append(args),
    )
    monkeypatch.setitem(sys.modules, "twisted.internet.reactor", reactor)
    monkeypatch.setattr(shutdown, "_registered_on", set())
    try:
        shutdown._register_with_reactor()
    finally:
        other_loop.close()

    assert calls == []
