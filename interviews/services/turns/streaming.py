"""The streaming worker: a task that outlives the socket, relays the engine's deltas
to the interview's channel-layer group in batches, and stores the result once."""

import asyncio
import contextlib
import logging
import time
from contextlib import aclosing
from dataclasses import dataclass, field
from typing import Any

from channels.layers import get_channel_layer
from django.conf import settings

from interviews import frames
from interviews.database import run_sync
from interviews.engine.types import EngineError, Evaluation, FeedbackDelta, FeedbackDone
from interviews.models import Turn
from interviews.services.sessions import session_advance, session_group

from .generation import GenerationInputs, turn_html, turn_mark_failed, turn_store_and_render
from .limits import lease_release

logger = logging.getLogger(__name__)


# --- Events to the session's group --------------------------------------------------------


RELAY_RETRIES = (0.5, 2.0, 5.0)  # seconds before each background retry of an event


async def _group_send(session_id: int, event: str, **fields: Any) -> None:
    await get_channel_layer().group_send(session_group(session_id), {"type": event, **fields})


async def notify(session_id: int, event: str, **fields: Any) -> None:
    """Sends one event (handled by InterviewConsumer) to every socket of the interview.

    Never raises: a channel-layer failure (a Redis blip) is logged and the event retried
    in the background. What it announces is already stored, so a socket that misses it
    still gets it from `sync`."""
    try:
        await _group_send(session_id, event, **fields)
    except Exception as error:
        logger.warning("relay of %s for interview %s failed: %s", event, session_id, error)
        task = asyncio.create_task(_notify_later(session_id, event, fields))
        _running.add(task)
        task.add_done_callback(_running.discard)


async def _notify_later(session_id: int, event: str, fields: dict[str, Any]) -> None:
    for wait in RELAY_RETRIES:
        await asyncio.sleep(wait)
        try:
            await _group_send(session_id, event, **fields)
            return
        except Exception as error:
            logger.warning("relay retry of %s failed: %s", event, error)
    logger.error("gave up relaying %s to interview %s", event, session_id)


async def _relay_delta(session_id: int, **fields: Any) -> None:
    """A batch of text is not retried (a late batch would arrive out of order): its
    offset shows the gap, and the browser asks for the state."""
    try:
        await _group_send(session_id, "stream.delta", **fields)
    except Exception as error:
        logger.warning("relay of a delta for interview %s failed: %s", session_id, error)


async def notify_turn(session_id: int, turn_id: int, language: str) -> None:
    """`turn.changed` with the turn rendered once (in the asking socket's language)."""
    pk, status, html = await run_sync(turn_html)(turn_id=turn_id, language=language)
    await notify(session_id, "turn.changed", turn=pk, status=status, html=html)


async def notify_after_advance(session_id: int, new_turn: Turn | None, language: str) -> None:
    if new_turn is not None:
        await notify_turn(session_id, new_turn.pk, language)
    else:
        await notify(session_id, "session.changed")


# --- The streaming worker -----------------------------------------------------------------

# Strong references to the tasks started here (the event loop keeps only weak ones).
_running: set[asyncio.Task] = set()


def running_feedback_tasks() -> list[asyncio.Task]:
    """The feedback and relay-retry tasks still running on this event loop (the tests
    wait for them before the database is flushed)."""
    loop = asyncio.get_running_loop()
    return [task for task in _running if task.get_loop() is loop]


def start_feedback_task(
    *,
    session_id: int,
    inputs: GenerationInputs,
    channel: str,
    language: str,
    announced: asyncio.Event | None = None,
) -> asyncio.Task:
    """Starts the generation in a task of its own: it outlives the socket that asked.

    `announced` is set once the saved answer was sent to the group; the worker's final
    event waits for it, so a fast result never arrives before the answer it is for.
    """
    task = asyncio.create_task(
        turn_stream_feedback(
            session_id=session_id,
            inputs=inputs,
            channel=channel,
            language=language,
            announced=announced,
        )
    )
    _running.add(task)
    task.add_done_callback(_running.discard)
    return task


@dataclass
class _Stream:
    sent: int = 0  # characters already sent to the group
    text: list[str] = field(default_factory=list)
    buffered: str = ""
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    last_flush: float = float("-inf")
    inflight: asyncio.Future | None = None

    @property
    def all_text(self) -> str:
        return "".join(self.text) + self.buffered


async def _flush(session_id: int, turn_id: int, stream: _Stream) -> None:
    if not stream.buffered:
        return
    chunk, stream.buffered = stream.buffered, ""
    offset = stream.sent
    stream.text.append(chunk)
    stream.sent += len(chunk)
    stream.last_flush = time.monotonic()
    # Shielded: cancelling the flusher must never drop a batch already counted as sent.
    stream.inflight = asyncio.ensure_future(
        _relay_delta(session_id, turn=turn_id, offset=offset, text=chunk)
    )
    await asyncio.shield(stream.inflight)


async def _flusher(session_id: int, turn_id: int, stream: _Stream) -> None:
    # Deltas are batched: the first goes out at once, then at most one frame per batch.
    batch_seconds = settings.INTERVIEW_STREAM_BATCH_SECONDS
    while True:
        await stream.wake.wait()
        wait = stream.last_flush + batch_seconds - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        stream.wake.clear()
        await _flush(session_id, turn_id, stream)


async def _snapshots(channel: str, turn_id: int, stream: _Stream) -> None:
    """Answers a reconnecting socket with the text streamed so far (no DB write per token)."""
    layer = get_channel_layer()
    while True:
        message = await layer.receive(channel)
        reply_to = message.get("reply_to")
        if message.get("type") == "snapshot.request" and reply_to:
            await layer.send(
                reply_to, {"type": "stream.snapshot", "turn": turn_id, "text": stream.all_text}
            )


async def turn_stream_feedback(
    *,
    session_id: int,
    inputs: GenerationInputs,
    channel: str,
    language: str,
    announced: asyncio.Event | None = None,
) -> None:
    """Streams one claimed generation (see `answer_accept`) to the interview's group."""
    from interviews import engine
    from interviews.engine.retrieval import areference_passages

    turn_id = inputs.turn_id
    stream = _Stream()
    helpers = [
        asyncio.create_task(_flusher(session_id, turn_id, stream)),
        asyncio.create_task(_snapshots(channel, turn_id, stream)),
    ]
    started = time.monotonic()
    first_token_ms: int | None = None
    evaluation: Evaluation | None = None
    failure: tuple[str, str] | None = None
    try:
        references: list[str] = []
        if engine.uses_language_model():
            references = await areference_passages(
                inputs.question.text, track=inputs.question.track
            )
        events = engine.astream_evaluation(
            question=inputs.question,
            answer=inputs.answer,
            persona=inputs.persona,
            language=inputs.language,
            references=references,
        )
        async with (
            asyncio.timeout(settings.INTERVIEW_GENERATION_DEADLINE_SECONDS),
            aclosing(events),
        ):
            async for item in events:
                if isinstance(item, FeedbackDelta):
                    if not item.text:
                        continue
                    if first_token_ms is None:
                        first_token_ms = int((time.monotonic() - started) * 1000)
                    stream.buffered += item.text
                    stream.wake.set()
                elif isinstance(item, FeedbackDone):
                    evaluation = item.evaluation
        if evaluation is None:
            failure = (frames.GENERATION_FAILED, "The stream ended without an evaluation.")
    except EngineError as exc:
        code = frames.TIMEOUT if exc.timed_out else frames.GENERATION_FAILED
        failure = (code, str(exc) or "engine error")
        if exc.partial and len(exc.partial) > len(stream.all_text):
            stream.buffered = exc.partial[len("".join(stream.text)) :]
    except TimeoutError:
        failure = (frames.TIMEOUT, "The generation took too long.")
    except asyncio.CancelledError:
        # The server is shutting down: leave the turn failed (retryable), not streaming.
        await asyncio.shield(
            run_sync(turn_mark_failed)(
                turn_id=turn_id,
                attempt=inputs.attempt,
                partial=stream.all_text,
                error="interrupted",
            )
        )
        raise
    except Exception:
        logger.exception("Feedback generation failed for turn %s", turn_id)
        failure = (frames.GENERATION_FAILED, "Unexpected error.")
    finally:
        for helper in helpers:
            helper.cancel()
        if stream.inflight is not None:
            await stream.inflight  # keep the batches in order (a failed relay never raises)
        try:
            await run_sync(lease_release)(session_id, turn_id, channel)
        except Exception as error:  # the lease expires by itself; the result still lands
            logger.warning("lease release for turn %s failed: %s", turn_id, error)

    await _flush(session_id, turn_id, stream)
    if announced is not None:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(5):
                await announced.wait()
    if failure is not None:
        code, message = failure
        await run_sync(turn_mark_failed)(
            turn_id=turn_id, attempt=inputs.attempt, partial=stream.all_text, error=message
        )
        pk, status, html = await run_sync(turn_html)(turn_id=turn_id, language=language)
        await notify(session_id, "stream.failed", turn=pk, status=status, html=html, code=code)
        return

    latency_ms = int((time.monotonic() - started) * 1000)
    done = await run_sync(turn_store_and_render)(
        turn_id=turn_id,
        attempt=inputs.attempt,
        evaluation=evaluation,
        first_token_ms=first_token_ms,
        latency_ms=latency_ms,
        language=language,
    )
    if done is None:
        return  # a stale worker: a retry took the turn over
    await notify(session_id, "stream.done", **done)
    try:
        new_turn = await run_sync(session_advance)(
            session_id=session_id, turn_id=turn_id, evaluation=evaluation
        )
    except Exception:
        logger.exception("Could not advance interview %s after turn %s", session_id, turn_id)
        return
    await notify_after_advance(session_id, new_turn, language)
