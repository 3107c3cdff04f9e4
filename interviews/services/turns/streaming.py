"""The streaming worker: a task that outlives the socket, relays the engine's deltas
to the interview's sockets in batches (straight to this process's, through the
channel-layer group to other processes': `fanout.py`), sends `done`, then stores the
result once and advances the interview.

What goes to the sockets is built by the caller's `Encode` from domain events
(`events.py`): this module relays messages, it never renders or shapes a frame."""

import asyncio
import contextlib
import copy
import functools
import logging
import time
from contextlib import aclosing
from dataclasses import dataclass, field
from typing import Any

from channels.layers import BaseChannelLayer, get_channel_layer
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from interviews.database import run_sync
from interviews.engine import model_request_sent
from interviews.engine.types import EngineError, Evaluation, FeedbackDelta, FeedbackDone
from interviews.models import Turn
from interviews.services.sessions import session_advance, session_group

from . import fanout
from .errors import GenerationFailure
from .events import (
    Encode,
    FeedbackStreamed,
    SessionChanged,
    TurnChanged,
    TurnEvaluated,
    TurnFailed,
)
from .generation import (
    GenerationInputs,
    evaluated_turn,
    turn_is_current,
    turn_mark_failed,
    turn_store_evaluation,
    turn_with_session,
)
from .limits import WORKER_HEARTBEAT_SECONDS, lease_release, worker_heartbeat
from .shutdown import generation_track

logger = logging.getLogger(__name__)


# --- Events to the session's group --------------------------------------------------------


RELAY_RETRIES = (0.5, 2.0, 5.0)  # seconds before each background retry of an event
REMOTE_CHECK_SECONDS = 1.0  # how often a stream asks whether other processes listen


def _channel_layer() -> BaseChannelLayer:
    layer = get_channel_layer()
    if layer is None:
        raise ImproperlyConfigured("The interviews need a default channel layer (CHANNEL_LAYERS).")
    return layer


async def _group_send(session_id: int, message: dict[str, Any]) -> None:
    await _channel_layer().group_send(session_group(session_id), message)


async def notify(session_id: int, message: dict[str, Any]) -> None:
    """Sends one encoded event (handled by InterviewConsumer) to every socket of the
    interview: at once to this process's, then through the channel layer.

    Never raises: a channel-layer failure (a Redis blip) is logged and the message
    retried in the background. What it announces is stored (or, for `done`, about to
    be), so a socket that misses it still gets it from `sync`."""
    message = fanout.tagged(message, fanout.deliver_local(session_id, message))
    try:
        await _group_send(session_id, message)
    except Exception as error:
        logger.warning("relay to interview %s failed: %s", session_id, error)
        task = asyncio.create_task(_notify_later(session_id, message))
        _running.add(task)
        task.add_done_callback(_running.discard)


async def _notify_later(session_id: int, message: dict[str, Any]) -> None:
    for wait in RELAY_RETRIES:
        await asyncio.sleep(wait)
        try:
            await _group_send(session_id, message)
            return
        except Exception as error:
            logger.warning("relay retry to interview %s failed: %s", session_id, error)
    logger.error("gave up relaying a message to interview %s", session_id)


async def _publish_delta(session_id: int, message: dict[str, Any]) -> None:
    """A batch of text is not retried (a late batch would arrive out of order): its
    offset shows the gap, and the browser asks for the state."""
    try:
        await _group_send(session_id, message)
    except Exception as error:
        logger.warning("relay of a delta for interview %s failed: %s", session_id, error)


def _encode_turn(turn_id: int, encode: Encode, turn: Turn | None) -> dict[str, Any]:
    # Rendering sets attributes for the template: the caller's turn is copied, kept as is.
    turn = turn_with_session(turn_id=turn_id) if turn is None else copy.copy(turn)
    return encode(TurnChanged(turn))


async def notify_turn(
    session_id: int, turn_id: int, encode: Encode, *, turn: Turn | None = None
) -> None:
    """The turn as it is now, encoded (rendered) once for every socket of the interview.
    `turn`: the turn as the caller just wrote it (its session and topic loaded), rendered
    without reading it back."""
    await notify(session_id, await run_sync(_encode_turn)(turn_id, encode, turn))


async def notify_after_advance(session_id: int, new_turn: Turn | None, encode: Encode) -> None:
    if new_turn is not None:
        await notify_turn(session_id, new_turn.pk, encode)
    else:
        await notify(session_id, encode(SessionChanged()))


SNAPSHOT_REQUEST = "snapshot.request"


async def request_snapshot(*, worker: str, reply_to: str) -> None:
    """Asks the worker streaming a turn to send `reply_to` the text streamed so far."""
    await _channel_layer().send(worker, {"type": SNAPSHOT_REQUEST, "reply_to": reply_to})


# --- The streaming worker -----------------------------------------------------------------

# Strong references to the tasks started here (the event loop keeps only weak ones).
_running: set[asyncio.Task[None]] = set()


def running_feedback_tasks() -> list[asyncio.Task[None]]:
    """The feedback and relay-retry tasks still running on this event loop (the tests
    wait for them before the database is flushed)."""
    loop = asyncio.get_running_loop()
    return [task for task in _running if task.get_loop() is loop]


def start_feedback_task(
    *,
    session_id: int,
    inputs: GenerationInputs,
    channel: str,
    encode: Encode,
    announced: asyncio.Event | None = None,
    requested: asyncio.Event | None = None,
) -> asyncio.Task[None]:
    """Starts the generation in a task of its own: it outlives the socket that asked.

    `requested` is set once the model has the request (its response began), or the
    engine yielded, or the worker stopped: the caller renders the saved answer then, so
    a burst of answers sends every model request before any rendering. `announced` is
    set once the saved answer was sent; the worker's final event waits for it, so a fast
    result never arrives before the answer it is for.
    """
    task = asyncio.create_task(
        turn_stream_feedback(
            session_id=session_id,
            inputs=inputs,
            channel=channel,
            encode=encode,
            announced=announced,
            requested=requested,
        )
    )
    _running.add(task)
    task.add_done_callback(_running.discard)
    generation_track(
        task,
        session_id=session_id,
        turn_id=inputs.turn_id,
        attempt=inputs.attempt,
        channel=channel,
    )
    return task


@dataclass
class _Stream:
    session_id: int
    turn_id: int
    encode: Encode
    sent: int = 0  # characters already sent
    text: list[str] = field(default_factory=list)
    buffered: str = ""
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    last_flush: float = float("-inf")
    inflight: asyncio.Future[None] | None = None
    # Whether another process may have a socket of the interview (deltas are published
    # then); unknown, so true, until the first check answers.
    remote: bool = True

    @property
    def all_text(self) -> str:
        return "".join(self.text) + self.buffered


async def _flush(stream: _Stream) -> None:
    if not stream.buffered:
        return
    chunk, stream.buffered = stream.buffered, ""
    offset = stream.sent
    stream.text.append(chunk)
    stream.sent += len(chunk)
    stream.last_flush = time.monotonic()
    message = stream.encode(FeedbackStreamed(stream.turn_id, offset, chunk))
    delivered = fanout.deliver_local(stream.session_id, message)
    if stream.remote:
        # Shielded: cancelling the flusher must never drop a batch already counted as sent.
        message = fanout.tagged(message, delivered)
        stream.inflight = asyncio.ensure_future(_publish_delta(stream.session_id, message))
        await asyncio.shield(stream.inflight)


async def _flusher(stream: _Stream) -> None:
    # Deltas are batched: the first goes out at once, then at most one frame per batch.
    batch_seconds = settings.INTERVIEW_STREAM_BATCH_SECONDS
    while True:
        await stream.wake.wait()
        wait = stream.last_flush + batch_seconds - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        stream.wake.clear()
        await _flush(stream)


async def _heartbeat() -> None:
    """Keeps this process's leases live while it streams (see `limits.WORKER_ID`)."""
    while True:
        await asyncio.sleep(WORKER_HEARTBEAT_SECONDS)
        try:
            await run_sync(worker_heartbeat)()
        except Exception as error:  # a Redis blip: the next beat tries again
            logger.warning("worker heartbeat failed: %s", error)


async def _watch_remote(stream: _Stream) -> None:
    """Keeps `stream.remote` current: a socket on another process may open any time."""
    group = session_group(stream.session_id)
    while True:
        try:
            stream.remote = await fanout.remote_listeners(stream.session_id, group)
        except Exception as error:  # cannot tell: publish
            logger.warning("remote listener check failed: %s", error)
            stream.remote = True
        await asyncio.sleep(REMOTE_CHECK_SECONDS)


async def _snapshots(channel: str, stream: _Stream) -> None:
    """Answers a reconnecting socket with the text streamed so far (no DB write per token)."""
    layer = _channel_layer()
    while True:
        message = await layer.receive(channel)
        reply_to = message.get("reply_to")
        if message.get("type") == SNAPSHOT_REQUEST and reply_to:
            snapshot = stream.encode(FeedbackStreamed(stream.turn_id, 0, stream.all_text))
            # A socket of this process gets it in order with the deltas; one elsewhere
            # through the layer, and the deltas are published from now on.
            if not fanout.deliver_to_channel(reply_to, snapshot):
                stream.remote = True
                await layer.send(reply_to, snapshot)


def _fail_and_encode(
    inputs: GenerationInputs, partial: str, error: str, reason: GenerationFailure, encode: Encode
) -> dict[str, Any] | None:
    """Leaves the turn failed with the partial text and encodes it (one thread hop);
    None when a retry took the turn over (its own worker will report)."""
    if not turn_mark_failed(
        turn_id=inputs.turn_id, attempt=inputs.attempt, partial=partial, error=error
    ):
        return None
    return encode(TurnFailed(turn_with_session(turn_id=inputs.turn_id), reason))


def _done_if_current(
    encode: Encode, inputs: GenerationInputs, *, check: bool = True, **result: Any
) -> dict[str, Any] | None:
    """The `done` message, rendered from the turn as claimed with the result applied
    (`check`: while its attempt is still the current one, a read by primary key); None
    once a retry took the turn over."""
    if check and not turn_is_current(turn_id=inputs.turn_id, attempt=inputs.attempt):
        return None
    turn = inputs.turn if inputs.turn is not None else turn_with_session(turn_id=inputs.turn_id)
    return encode(TurnEvaluated(evaluated_turn(turn, **result)))


async def _release(session_id: int, turn_id: int, channel: str) -> None:
    try:
        await run_sync(lease_release)(session_id, turn_id, channel)
    except Exception as error:  # the lease expires by itself
        logger.warning("lease release for turn %s failed: %s", turn_id, error)


async def turn_stream_feedback(
    *,
    session_id: int,
    inputs: GenerationInputs,
    channel: str,
    encode: Encode,
    announced: asyncio.Event | None = None,
    requested: asyncio.Event | None = None,
) -> None:
    """Streams one claimed generation (see `answer_accept`) to the interview's sockets."""
    from interviews import engine
    from interviews.engine.retrieval import areference_passages

    turn_id = inputs.turn_id
    requested = requested or asyncio.Event()
    stream = _Stream(session_id=session_id, turn_id=turn_id, encode=encode)
    helpers = [
        asyncio.create_task(_flusher(stream)),
        asyncio.create_task(_snapshots(channel, stream)),
        asyncio.create_task(_heartbeat()),
        asyncio.create_task(_watch_remote(stream)),
    ]
    started = time.monotonic()
    first_token_ms: int | None = None
    evaluation: Evaluation | None = None
    failure: tuple[GenerationFailure, str] | None = None
    # The engine's HTTP client calls this (in this task's context) when the model's
    # response begins.
    model_request_sent.set(requested.set)
    try:
        references = list(inputs.references or ())
        if inputs.references is None and engine.uses_language_model() and not inputs.over_budget:
            references = await areference_passages(
                inputs.question.text, track=inputs.question.track
            )
        events = engine.astream_evaluation(
            question=inputs.question,
            answer=inputs.answer,
            persona=inputs.persona,
            language=inputs.language,
            references=references,
            offline=inputs.over_budget,
        )
        async with (
            asyncio.timeout(settings.INTERVIEW_GENERATION_DEADLINE_SECONDS),
            aclosing(events),
        ):
            async for item in events:
                requested.set()
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
            failure = (GenerationFailure.ERROR, "The stream ended without an evaluation.")
    except EngineError as exc:
        reason = GenerationFailure.TIMEOUT if exc.timed_out else GenerationFailure.ERROR
        failure = (reason, str(exc) or "engine error")
        if exc.partial and len(exc.partial) > len(stream.all_text):
            stream.buffered = exc.partial[len("".join(stream.text)) :]
    except TimeoutError:
        failure = (GenerationFailure.TIMEOUT, "The generation took too long.")
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
        failure = (GenerationFailure.ERROR, "Unexpected error.")
    finally:
        requested.set()
        model_request_sent.set(None)
        for helper in helpers:
            helper.cancel()
        if stream.inflight is not None:
            await stream.inflight  # keep the batches in order (a failed relay never raises)

    await _flush(stream)
    if announced is not None:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(5):
                await announced.wait()
    if failure is not None or evaluation is None:
        reason, detail = failure or (GenerationFailure.ERROR, "No evaluation.")
        failed = await run_sync(_fail_and_encode)(inputs, stream.all_text, detail, reason, encode)
        await _release(session_id, turn_id, channel)
        if failed is not None:
            await notify(session_id, failed)
        return
    await _finish(session_id, inputs, channel, encode, evaluation, first_token_ms, started)


async def _finish(
    session_id: int,
    inputs: GenerationInputs,
    channel: str,
    encode: Encode,
    evaluation: Evaluation,
    first_token_ms: int | None,
    started: float,
) -> None:
    """`done` first, then the store and the next turn.

    A worker whose attempt is still current sends `done` and then stores; one whose turn
    a retry took over sends and stores nothing. The lease is held until the result is
    stored, and a retry needs the lease gone, so none can slip in between. The store
    happens whatever the relay does, and even when the task is cancelled meanwhile; if
    `done` could not be built first, it follows the store."""
    turn_id = inputs.turn_id
    result: dict[str, Any] = {
        "evaluation": evaluation,
        "first_token_ms": first_token_ms,
        "latency_ms": int((time.monotonic() - started) * 1000),
        "evaluated_at": timezone.now(),
    }
    store = functools.partial(turn_store_evaluation, turn_id=turn_id, attempt=inputs.attempt)
    done: dict[str, Any] | None = None
    checked = False
    try:
        done = await run_sync(_done_if_current)(encode, inputs, **result)
        checked = True
        if done is None:  # a stale worker: a retry took the turn over
            await _release(session_id, turn_id, channel)
            return
        await notify(session_id, done)
    except asyncio.CancelledError:
        await asyncio.shield(run_sync(store)(**result))
        await asyncio.shield(_release(session_id, turn_id, channel))
        raise
    except Exception:
        logger.exception("Could not announce the result of turn %s", turn_id)
    try:
        stored = await asyncio.shield(run_sync(store)(**result))
    finally:
        await asyncio.shield(_release(session_id, turn_id, channel))
    if not stored:
        if done is not None:
            # Current when read, not when written (the lease expired in between and a
            # retry took over): every socket reads the interview afresh rather than
            # keep a result that was not stored.
            await notify(session_id, encode(SessionChanged()))
        return
    if not checked:  # stored, so current: announce it now
        try:
            done = await run_sync(_done_if_current)(encode, inputs, check=False, **result)
        except Exception:
            logger.exception("Could not announce the result of turn %s", turn_id)
        if done is not None:
            await notify(session_id, done)
    try:
        new_turn = await run_sync(session_advance)(
            session_id=session_id, turn_id=turn_id, evaluation=evaluation
        )
    except Exception:
        logger.exception("Could not advance interview %s after turn %s", session_id, turn_id)
        return
    await notify_after_advance(session_id, new_turn, encode)
