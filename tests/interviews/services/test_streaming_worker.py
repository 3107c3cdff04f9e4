"""The streaming worker announces domain events through the caller's encoder, and a
worker whose attempt is no longer current neither stores nor announces its result."""

import pytest
from channels.db import database_sync_to_async

from interviews import engine
from interviews.models import Turn
from interviews.services.turns import (
    FeedbackStreamed,
    GenerationFailure,
    TurnChanged,
    TurnEvaluated,
    TurnFailed,
    answer_accept,
    lease_get,
    turn_stream_feedback,
)
from tests.interviews.conftest import fake_stream

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]

S = Turn.EvaluationStatus


async def _claimed(candidate, start_session):
    session = await database_sync_to_async(start_session)(candidate)
    turn = await database_sync_to_async(session.turns.get)()
    inputs = await database_sync_to_async(answer_accept)(
        user=candidate, session_id=session.pk, turn_id=turn.pk, text="An answer", channel="w"
    )
    return session, turn, inputs


def _recording(events: list):
    def encode(event) -> dict:
        events.append(event)
        return {"type": "interview.frames", "frames": []}

    return encode


async def test_the_worker_announces_the_text_then_the_stored_turn_then_the_next(
    candidate, start_session, monkeypatch
):
    monkeypatch.setattr(engine, "astream_evaluation", fake_stream(["One ", "two."]))
    session, turn, inputs = await _claimed(candidate, start_session)
    events: list = []

    await turn_stream_feedback(
        session_id=session.pk, inputs=inputs, channel="w", encode=_recording(events)
    )

    *streamed, done, following = events
    assert all(isinstance(e, FeedbackStreamed) and e.turn_id == turn.pk for e in streamed)
    assert "".join(e.text for e in streamed) == "One two."  # in batches
    assert [e.offset for e in streamed] == [
        sum(len(e.text) for e in streamed[:i]) for i in range(len(streamed))
    ]
    assert isinstance(done, TurnEvaluated) and done.turn.pk == turn.pk
    assert (done.turn.evaluation_status, done.turn.feedback) == (S.DONE, "One two.")
    assert isinstance(following, TurnChanged) and following.turn.order == turn.order + 1
    assert await database_sync_to_async(lease_get)(session.pk) is None


@pytest.mark.parametrize(
    ("timed_out", "reason"), [(False, GenerationFailure.ERROR), (True, GenerationFailure.TIMEOUT)]
)
async def test_a_failed_generation_is_announced_with_its_reason(
    candidate, start_session, monkeypatch, timed_out, reason
):
    monkeypatch.setattr(
        engine,
        "astream_evaluation",
        fake_stream(["One ", "two."], fail_after=1, timed_out=timed_out),
    )
    session, turn, inputs = await _claimed(candidate, start_session)
    events: list = []

    await turn_stream_feedback(
        session_id=session.pk, inputs=inputs, channel="w", encode=_recording(events)
    )

    *streamed, failed = events
    assert "".join(e.text for e in streamed) == "One "
    assert isinstance(failed, TurnFailed) and (failed.turn.pk, failed.reason) == (turn.pk, reason)
    assert (failed.turn.evaluation_status, failed.turn.feedback) == (S.FAILED, "One ")
    assert await database_sync_to_async(lease_get)(session.pk) is None


@pytest.mark.parametrize("fail_after", [None, 1])
async def test_a_stale_worker_neither_stores_nor_announces_its_result(
    candidate, start_session, monkeypatch, fail_after
):
    monkeypatch.setattr(
        engine, "astream_evaluation", fake_stream(["a ", "b"], fail_after=fail_after)
    )
    session, turn, inputs = await _claimed(candidate, start_session)
    # A retry took the turn over: its attempt is the current one now.
    await database_sync_to_async(Turn.objects.filter(pk=turn.pk).update)(
        attempts=inputs.attempt + 1
    )
    events: list = []

    await turn_stream_feedback(
        session_id=session.pk, inputs=inputs, channel="w", encode=_recording(events)
    )

    assert [e for e in events if not isinstance(e, FeedbackStreamed)] == []
    await database_sync_to_async(turn.refresh_from_db)()
    assert (turn.evaluation_status, turn.feedback, turn.score) == (S.STREAMING, "", None)


async def test_a_user_past_the_llm_budget_is_graded_offline_without_a_model_call(
    candidate, start_session, monkeypatch
):
    """The worker hands the budget's verdict to the engine: the offline grader is asked
    for, so the stored turn says graded offline."""
    from dataclasses import replace

    asked = {}
    real = engine.astream_evaluation

    def recording(**kwargs):
        asked.update(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(engine, "astream_evaluation", recording)
    session, turn, inputs = await _claimed(candidate, start_session)
    await turn_stream_feedback(
        session_id=session.pk,
        inputs=replace(inputs, over_budget=True),
        channel="w",
        encode=_recording([]),
    )

    assert asked["offline"] is True
    await database_sync_to_async(turn.refresh_from_db)()
    assert turn.graded_offline is True and turn.evaluation_status == S.DONE


async def test_a_worker_cancelled_while_sending_done_still_stores_the_result(
    candidate, start_session, monkeypatch
):
    """`done` goes out before the store; a shutdown that cancels the worker right then
    still leaves the evaluation stored, not the turn streaming."""
    import asyncio

    from interviews.services.turns import streaming

    monkeypatch.setattr(engine, "astream_evaluation", fake_stream(["One ", "two."]))
    sending_done = asyncio.Event()

    async def stuck(session_id, message):
        if message.get("frames") == ["done"]:
            sending_done.set()
            await asyncio.Event().wait()  # the relay hangs until cancelled

    monkeypatch.setattr(streaming, "_group_send", stuck)
    session, turn, inputs = await _claimed(candidate, start_session)

    def encode(event) -> dict:
        kind = "done" if isinstance(event, TurnEvaluated) else "other"
        return {"type": "interview.frames", "frames": [kind]}

    worker = asyncio.create_task(
        turn_stream_feedback(session_id=session.pk, inputs=inputs, channel="w", encode=encode)
    )
    await asyncio.wait_for(sending_done.wait(), timeout=10)
    worker.cancel()
    with pytest.raises(asyncio.CancelledError):
        await worker

    await database_sync_to_async(turn.refresh_from_db)()
    assert (turn.evaluation_status, turn.feedback) == (S.DONE, "One two.")
    assert await database_sync_to_async(lease_get)(session.pk) is None
