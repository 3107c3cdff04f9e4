"""Writing turns: an answer, its streamed evaluation, hints, skips and retries.

Life of an answer (see interviews/frames.py for the frames the browser sees):

1. `answer_accept` (one thread hop): the rate limit, then `turn_submit_answer` commits
   the answer (turn → pending) in one transaction under a row lock on the session,
   before any model call; `turn_claim_generation` claims it (pending → streaming, a
   conditional update) and the session's generation lease goes to the worker.
2. `turn_stream_feedback` (an asyncio task that outlives the socket) streams the
   engine's deltas to the session's channel-layer group in batches, and stores the
   evaluation in one write (→ done, rendered once for every socket) or the partial
   text and the error (→ failed, retryable).
3. `session_advance` then asks a follow-up, the next question, or ends the interview.
"""

import asyncio
import contextlib
import functools
import logging
import time
from collections.abc import Awaitable, Callable
from contextlib import aclosing
from dataclasses import dataclass, field
from typing import Any, TypeVar

from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from interviews import frames
from interviews.engine.types import EngineError, Evaluation, FeedbackDelta, FeedbackDone
from interviews.models import InterviewSession, Turn
from interviews.models.sessions import MAX_ANSWER_LENGTH
from interviews.services.sessions import (
    active_persona,
    session_advance,
    session_finish,
    session_group,
    turn_spec,
)

logger = logging.getLogger(__name__)
T = TypeVar("T")

# Deltas are batched: the first goes out at once, then at most one frame per BATCH_SECONDS.
BATCH_SECONDS = getattr(settings, "INTERVIEW_STREAM_BATCH_SECONDS", 0.04)
# Overall deadline of one generation (the provider's timeout is per read only).
GENERATION_DEADLINE_SECONDS = getattr(settings, "INTERVIEW_GENERATION_DEADLINE_SECONDS", 120.0)
# Actions (answer, retry, hint, skip, end) one user may send per minute, over all tabs.
ACTIONS_PER_MINUTE = getattr(settings, "INTERVIEW_ACTIONS_PER_MINUTE", 20)

_Status = Turn.EvaluationStatus
_BUSY = (_Status.PENDING, _Status.STREAMING)


class InterviewActionError(Exception):
    """A refused action; `code` is one of the error codes in interviews/frames.py."""

    def __init__(self, code: str, *, turn_id: int | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.turn_id = turn_id


def run_sync(func: Callable[..., T]) -> Callable[..., Awaitable[T]]:
    """Runs a sync service in the thread pool and hands its connection back at the end.

    Not thread-sensitive: engine calls made inside a service may wait on a model
    server, and must not hold up every other socket's database work. The connection
    is closed (returned to the pool) after every call, so a pool thread never keeps one.
    """

    @functools.wraps(func)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        finally:
            connections.close_all()

    return sync_to_async(call, thread_sensitive=False)


# --- The generation lease (one generation per interview, stale ones expire) ---------------


def _lease_key(session_id: int) -> str:
    return f"interviews:generation:{session_id}"


def lease_get(session_id: int) -> dict[str, Any] | None:
    """{"turn": id, "channel": name | None} while a worker owns the interview's stream."""
    return cache.get(_lease_key(session_id))


def _lease_set(session_id: int, turn_id: int, channel: str | None = None) -> None:
    cache.set(
        _lease_key(session_id),
        {"turn": turn_id, "channel": channel},
        timeout=int(GENERATION_DEADLINE_SECONDS) + 30,
    )


def _lease_release(session_id: int, turn_id: int) -> None:
    current = cache.get(_lease_key(session_id))
    if current and current.get("turn") == turn_id:
        cache.delete(_lease_key(session_id))


def action_allowed(*, user_id: int) -> bool:
    """Cache-based fixed-window rate limit on actions, shared by all of a user's tabs."""
    window = int(time.time() // 60)
    key = f"interviews:actions:{user_id}:{window}"
    if cache.add(key, 1, timeout=90):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.add(key, 1, timeout=90)
        return True
    return count <= ACTIONS_PER_MINUTE


# --- Synchronous services -----------------------------------------------------------------


def _session_for_action(*, user: User, session_id: int) -> InterviewSession:
    """Locks the user's session row; every action on one interview queues behind it."""
    session = (
        InterviewSession.objects.select_for_update().filter(pk=session_id, candidate=user).first()
    )
    if session is None:
        raise InterviewActionError(frames.NOT_FOUND)
    if session.status != InterviewSession.Status.ACTIVE:
        raise InterviewActionError(frames.FINISHED)
    return session


def _current_turn(session: InterviewSession, turn_id: int) -> Turn:
    latest = session.turns.order_by("-order").first()
    if latest is None or latest.pk != turn_id:
        raise InterviewActionError(frames.WRONG_TURN, turn_id=turn_id)
    return latest


def turn_submit_answer(
    *, user: User, session_id: int, turn_id: int, text: str, refresh: bool = True
) -> Turn:
    """Commits the answer (turn → pending) before any model call and takes the lease."""
    text = text.strip()
    if not text:
        raise InterviewActionError(frames.EMPTY_ANSWER, turn_id=turn_id)
    if len(text) > MAX_ANSWER_LENGTH:
        raise InterviewActionError(frames.ANSWER_TOO_LONG, turn_id=turn_id)
    with transaction.atomic():
        session = _session_for_action(user=user, session_id=session_id)
        turn = _current_turn(session, turn_id)
        if turn.evaluation_status in _BUSY:
            raise InterviewActionError(frames.BUSY, turn_id=turn_id)
        # The conditional update is the guard: only a turn still waiting takes an answer.
        updated = Turn.objects.filter(pk=turn.pk, evaluation_status=_Status.AWAITING_ANSWER).update(
            answer=text, answered_at=timezone.now(), evaluation_status=_Status.PENDING
        )
        if not updated:
            raise InterviewActionError(frames.WRONG_TURN, turn_id=turn_id)
        if turn.kind == Turn.Kind.QUESTION:
            InterviewSession.objects.filter(pk=session.pk).update(
                questions_answered=F("questions_answered") + 1
            )
        transaction.on_commit(lambda: _lease_set(session_id, turn_id))
    if refresh:
        turn.refresh_from_db()
    return turn


def turn_request_retry(*, user: User, session_id: int, turn_id: int) -> Turn:
    """A failed evaluation (or one whose worker died: no live lease) goes back to pending."""
    with transaction.atomic():
        session = _session_for_action(user=user, session_id=session_id)
        turn = _current_turn(session, turn_id)
        retryable = [_Status.FAILED]
        lease = lease_get(session_id)
        if lease is None or lease.get("turn") != turn_id:
            retryable += list(_BUSY)  # stalled: no worker holds this turn's stream
        elif turn.evaluation_status in _BUSY:
            raise InterviewActionError(frames.BUSY, turn_id=turn_id)
        updated = Turn.objects.filter(pk=turn.pk, evaluation_status__in=retryable).update(
            evaluation_status=_Status.PENDING, feedback="", error=""
        )
        if not updated:
            raise InterviewActionError(frames.WRONG_TURN, turn_id=turn_id)
        transaction.on_commit(lambda: _lease_set(session_id, turn_id))
    turn.refresh_from_db()
    return turn


def turn_show_hint(*, user: User, session_id: int, turn_id: int) -> Turn:
    with transaction.atomic():
        session = _session_for_action(user=user, session_id=session_id)
        if session.mode != InterviewSession.Mode.PRACTICE:
            raise InterviewActionError(frames.NO_HINT, turn_id=turn_id)
        turn = _current_turn(session, turn_id)
        if turn.evaluation_status != _Status.AWAITING_ANSWER or not turn.hint:
            raise InterviewActionError(frames.NO_HINT, turn_id=turn_id)
        if not turn.hint_shown:
            turn.hint_shown = True
            turn.save(update_fields=["hint_shown"])
    return turn


def turn_skip(*, user: User, session_id: int, turn_id: int) -> Turn:
    """Skips the waiting (or failed) turn; the caller then advances the session."""
    with transaction.atomic():
        session = _session_for_action(user=user, session_id=session_id)
        turn = _current_turn(session, turn_id)
        updated = Turn.objects.filter(
            pk=turn.pk, evaluation_status__in=[_Status.AWAITING_ANSWER, _Status.FAILED]
        ).update(evaluation_status=_Status.SKIPPED)
        if not updated:
            raise InterviewActionError(
                frames.BUSY if turn.evaluation_status in _BUSY else frames.WRONG_TURN,
                turn_id=turn_id,
            )
    turn.refresh_from_db()
    return turn


def session_end(*, user: User, session_id: int) -> InterviewSession:
    """Ends the interview on the candidate's request (refused while feedback streams)."""
    with transaction.atomic():
        session = _session_for_action(user=user, session_id=session_id)
        if session.turns.filter(evaluation_status__in=_BUSY).exists():
            raise InterviewActionError(frames.BUSY)
    return session_finish(session_id=session_id)


def _claim_and_lease(session_id: int, turn_id: int, channel: str) -> "GenerationInputs":
    inputs = turn_claim_generation(turn_id=turn_id)
    if inputs is None:  # pragma: no cover - the row lock makes this unreachable
        raise InterviewActionError(frames.BUSY, turn_id=turn_id)
    _lease_set(session_id, turn_id, channel)
    return inputs


def answer_accept(
    *, user: User, session_id: int, turn_id: int, text: str, channel: str
) -> "GenerationInputs":
    """The answer path in one call (one thread hop before the model is called): rate
    limit, commit the answer, claim the generation, and lease it to `channel`."""
    if not action_allowed(user_id=user.pk):
        raise InterviewActionError(frames.RATE_LIMITED, turn_id=turn_id)
    turn_submit_answer(user=user, session_id=session_id, turn_id=turn_id, text=text, refresh=False)
    return _claim_and_lease(session_id, turn_id, channel)


def retry_accept(*, user: User, session_id: int, turn_id: int, channel: str) -> "GenerationInputs":
    if not action_allowed(user_id=user.pk):
        raise InterviewActionError(frames.RATE_LIMITED, turn_id=turn_id)
    turn_request_retry(user=user, session_id=session_id, turn_id=turn_id)
    return _claim_and_lease(session_id, turn_id, channel)


def turn_html(*, turn_id: int, language: str) -> tuple[int, str, str]:
    """(id, status, html) of a turn, rendered once for every socket of the interview."""
    turn = Turn.objects.select_related("session", "topic").get(pk=turn_id)
    return turn.pk, turn.evaluation_status, frames.render_turn_html(turn, language)


@dataclass(frozen=True)
class GenerationInputs:
    turn_id: int
    attempt: int
    answer: str
    language: str
    question: Any  # QuestionSpec
    persona: Any  # PersonaSpec | None


def turn_claim_generation(*, turn_id: int) -> GenerationInputs | None:
    """pending → streaming, once: the claim that makes one worker own the generation."""
    updated = Turn.objects.filter(pk=turn_id, evaluation_status=_Status.PENDING).update(
        evaluation_status=_Status.STREAMING, attempts=F("attempts") + 1
    )
    if not updated:
        return None
    turn = Turn.objects.select_related("session__track", "topic").get(pk=turn_id)
    return GenerationInputs(
        turn_id=turn.pk,
        attempt=turn.attempts,
        answer=turn.answer,
        language=turn.session.language,
        question=turn_spec(turn),
        persona=active_persona(),
    )


def turn_store_evaluation(
    *,
    turn_id: int,
    attempt: int,
    evaluation: Evaluation,
    first_token_ms: int | None,
    latency_ms: int,
) -> bool:
    """The one write of a finished evaluation (only by the worker that claimed it)."""
    return bool(
        Turn.objects.filter(
            pk=turn_id, evaluation_status=_Status.STREAMING, attempts=attempt
        ).update(
            evaluation_status=_Status.DONE,
            feedback=evaluation.feedback,
            score=max(0, min(100, int(evaluation.score))),
            key_point_results=[
                {"text": kp.text, "status": str(kp.status)} for kp in evaluation.key_points
            ],
            strengths=list(evaluation.strengths),
            improvements=list(evaluation.improvements),
            model_answer=evaluation.model_answer or F("model_answer"),
            provider=evaluation.provider[:40],
            graded_offline=evaluation.graded_offline,
            prompt_tokens=evaluation.prompt_tokens,
            completion_tokens=evaluation.completion_tokens,
            first_token_ms=first_token_ms,
            latency_ms=latency_ms,
            error="",  # Evaluation.flag/reason have no column; the feedback text states them
            evaluated_at=timezone.now(),
        )
    )


def turn_store_and_render(
    *,
    turn_id: int,
    attempt: int,
    evaluation: Evaluation,
    first_token_ms: int | None,
    latency_ms: int,
    language: str,
) -> dict[str, Any] | None:
    """Stores the evaluation, then renders the `done` payload once for every socket."""
    stored = turn_store_evaluation(
        turn_id=turn_id,
        attempt=attempt,
        evaluation=evaluation,
        first_token_ms=first_token_ms,
        latency_ms=latency_ms,
    )
    if not stored:
        return None
    turn = Turn.objects.select_related("session", "topic").get(pk=turn_id)
    return {
        "turn": turn.pk,
        "score": turn.score,
        "feedback": turn.feedback,
        "html": frames.render_turn_html(turn, language),
    }


def turn_mark_failed(*, turn_id: int, attempt: int, partial: str, error: str) -> bool:
    """failed, keeping the text streamed so far; the turn can be retried."""
    return bool(
        Turn.objects.filter(
            pk=turn_id, evaluation_status=_Status.STREAMING, attempts=attempt
        ).update(evaluation_status=_Status.FAILED, feedback=partial, error=error[:300])
    )


# --- Events to the session's group --------------------------------------------------------


async def notify(session_id: int, event: str, **fields: Any) -> None:
    """Sends one event (handled by InterviewConsumer) to every socket of the interview."""
    await get_channel_layer().group_send(session_group(session_id), {"type": event, **fields})


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

_running: set[asyncio.Task] = set()


def start_feedback_task(
    *,
    session_id: int,
    inputs: "GenerationInputs",
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
        notify(session_id, "stream.delta", turn=turn_id, offset=offset, text=chunk)
    )
    await asyncio.shield(stream.inflight)


async def _flusher(session_id: int, turn_id: int, stream: _Stream) -> None:
    while True:
        await stream.wake.wait()
        wait = stream.last_flush + BATCH_SECONDS - time.monotonic()
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
        async with asyncio.timeout(GENERATION_DEADLINE_SECONDS), aclosing(events):
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
        failure = (frames.GENERATION_FAILED, str(exc) or "engine error")
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
            await stream.inflight  # keep the batches in order
        await run_sync(_lease_release)(session_id, turn_id)

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
