"""The candidate's actions on a turn: answer, retry, hint, skip, end.

Each locks the session row, checks the turn is the current one and in the right
state, and commits before any model call; `answer_accept` and `retry_accept` also
claim the generation and lease it to the asking socket's worker.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from interviews.models import InterviewSession, Turn
from interviews.models.sessions import MAX_ANSWER_LENGTH
from interviews.services.sessions import session_finish
from interviews.services.sessions.timing import answer_timed_out

from .answer_read import latest_turn_locked
from .budget import BudgetExceeded, BudgetLimit
from .errors import OVER_BUDGET_ERROR, InterviewActionError, Refusal
from .generation import (
    GenerationInputs,
    generation_inputs,
    turn_claim_generation,
    turn_mark_failed,
)
from .limits import action_allowed, lease_on_turn, lease_release, lease_set

_Status = Turn.EvaluationStatus
_BUSY = (_Status.PENDING, _Status.STREAMING)


def _session_for_action(*, user: User, session_id: int) -> InterviewSession:
    """Locks the user's session row; every action on one interview queues behind it."""
    session = (
        InterviewSession.objects.select_for_update(of=("self",))
        .select_related("track")
        .filter(pk=session_id, candidate=user)
        .first()
    )
    if session is None:
        raise InterviewActionError(Refusal.NOT_FOUND)
    if session.status != InterviewSession.Status.ACTIVE:
        raise InterviewActionError(Refusal.FINISHED)
    return session


def _current_turn(session: InterviewSession, turn_id: int) -> Turn:
    latest = session.turns.select_related("topic").order_by("-order").first()
    if latest is None or latest.pk != turn_id:
        raise InterviewActionError(Refusal.WRONG_TURN, turn_id=turn_id)
    latest.session = session  # already loaded (and locked): no second query for it
    return latest


def _current_turn_locked(*, user: User, session_id: int, turn_id: int) -> Turn:
    """The answer path's `_session_for_action` and the read of `_current_turn` in one
    statement (`answer_read.py`): the interview's latest turn, its session (and track)
    and topic, the candidate's LLM usage today, the session row locked (the caller checks
    that the turn is the one answered).

    After waiting for the lock the session is read afresh, the turn as it was: the
    conditional update that follows is the guard on the turn's state."""
    latest = latest_turn_locked(user_id=user.pk, session_id=session_id)
    if latest is None:  # not the user's, or no turn yet: the session tells which refusal
        _session_for_action(user=user, session_id=session_id)
        raise InterviewActionError(Refusal.WRONG_TURN, turn_id=turn_id)
    if latest.session.status != InterviewSession.Status.ACTIVE:
        raise InterviewActionError(Refusal.FINISHED)
    return latest


def turn_submit_answer(
    *,
    user: User,
    session_id: int,
    turn_id: int,
    text: str,
    claim_for: str | None = None,
    time_up: bool = False,
) -> Turn:
    """Commits the answer (turn → pending) before any model call; the lease is taken as
    the transaction commits.

    `time_up`: a timed interview's clock reached zero, and the browser sent the answer
    as it stood, even empty (graded as no answer). A late answer is never refused; it is
    marked `timed_out` (services/sessions/timing.py).

    With `claim_for` (a worker's channel) the same commit also claims the generation for
    that worker (→ streaming, one more attempt) and leases it to the worker: the answer
    path costs one transaction, and no moment passes with a streaming turn unleased.
    """
    claim = claim_for is not None
    text = text.strip()
    if not text and not time_up:
        raise InterviewActionError(Refusal.EMPTY_ANSWER, turn_id=turn_id)
    if len(text) > MAX_ANSWER_LENGTH:
        raise InterviewActionError(Refusal.ANSWER_TOO_LONG, turn_id=turn_id)
    with transaction.atomic():
        turn = _current_turn_locked(user=user, session_id=session_id, turn_id=turn_id)
        session = turn.session
        if time_up and session.seconds_per_question is None:
            raise InterviewActionError(Refusal.UNTIMED, turn_id=turn_id)
        if turn.pk != turn_id:
            raise InterviewActionError(Refusal.WRONG_TURN, turn_id=turn_id)
        if turn.evaluation_status in _BUSY:
            raise InterviewActionError(Refusal.BUSY, turn_id=turn_id)
        # The conditional update is the guard: only a turn still waiting takes an answer.
        status = _Status.STREAMING if claim else _Status.PENDING
        answered_at = timezone.now()
        timed_out = answer_timed_out(turn, answered_at=answered_at, time_up=time_up)
        updated = Turn.objects.filter(pk=turn.pk, evaluation_status=_Status.AWAITING_ANSWER).update(
            answer=text,
            answered_at=answered_at,
            timed_out=timed_out,
            evaluation_status=status,
            attempts=F("attempts") + int(claim),
        )
        if not updated:
            # The turn read with the lock may predate an answer that held the lock.
            status_now = Turn.objects.values_list("evaluation_status", flat=True).get(pk=turn.pk)
            reason = Refusal.BUSY if status_now in _BUSY else Refusal.WRONG_TURN
            raise InterviewActionError(reason, turn_id=turn_id)
        if turn.kind == Turn.Kind.QUESTION:
            InterviewSession.objects.filter(pk=session.pk).update(
                questions_answered=F("questions_answered") + 1
            )
        transaction.on_commit(lambda: lease_set(session_id, turn_id, claim_for))
    # The row lock made these the stored values: no need to read them back.
    turn.answer, turn.answered_at, turn.evaluation_status = text, answered_at, status
    turn.timed_out = timed_out
    turn.attempts += int(claim)
    return turn


def turn_request_retry(*, user: User, session_id: int, turn_id: int) -> Turn:
    """A failed evaluation (or one whose worker died: no live lease) goes back to pending."""
    with transaction.atomic():
        session = _session_for_action(user=user, session_id=session_id)
        turn = _current_turn(session, turn_id)
        retryable = [_Status.FAILED]
        if lease_on_turn(session_id, turn_id) is None:
            retryable += list(_BUSY)  # stalled: no worker holds this turn's stream
        elif turn.evaluation_status in _BUSY:
            raise InterviewActionError(Refusal.BUSY, turn_id=turn_id)
        updated = Turn.objects.filter(pk=turn.pk, evaluation_status__in=retryable).update(
            evaluation_status=_Status.PENDING, feedback="", error=""
        )
        if not updated:
            raise InterviewActionError(Refusal.WRONG_TURN, turn_id=turn_id)
        transaction.on_commit(lambda: lease_set(session_id, turn_id))
    turn.refresh_from_db()
    return turn


def turn_show_hint(*, user: User, session_id: int, turn_id: int) -> Turn:
    with transaction.atomic():
        session = _session_for_action(user=user, session_id=session_id)
        if session.mode != InterviewSession.Mode.PRACTICE:
            raise InterviewActionError(Refusal.NO_HINT, turn_id=turn_id)
        turn = _current_turn(session, turn_id)
        if turn.evaluation_status != _Status.AWAITING_ANSWER or not turn.hint:
            raise InterviewActionError(Refusal.NO_HINT, turn_id=turn_id)
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
                Refusal.BUSY if turn.evaluation_status in _BUSY else Refusal.WRONG_TURN,
                turn_id=turn_id,
            )
    turn.refresh_from_db()
    return turn


def session_end(*, user: User, session_id: int) -> InterviewSession:
    """Ends the interview on the candidate's request (refused while feedback streams)."""
    with transaction.atomic():
        session = _session_for_action(user=user, session_id=session_id)
        if session.turns.filter(evaluation_status__in=_BUSY).exists():
            raise InterviewActionError(Refusal.BUSY)
    return session_finish(session_id=session_id)


def _refuse_over_budget(
    session_id: int, turn_id: int, attempt: int, exceeded: BudgetExceeded
) -> InterviewActionError:
    """The answer stays saved: the turn is left failed (retryable) and unleased (this
    caller claimed it, so whichever lease is on the turn is its own)."""
    turn_mark_failed(turn_id=turn_id, attempt=attempt, partial="", error=OVER_BUDGET_ERROR)
    lease_release(session_id, turn_id)
    verdict = exceeded.verdict
    reason = (
        Refusal.OVER_MONTHLY_BUDGET
        if verdict.limit == BudgetLimit.MONTHLY
        else Refusal.OVER_DAILY_BUDGET
    )
    return InterviewActionError(reason, turn_id=turn_id, resets_at=verdict.resets_at)


def _claim_and_lease(session_id: int, turn_id: int, channel: str) -> GenerationInputs:
    try:
        inputs = turn_claim_generation(turn_id=turn_id)
    except BudgetExceeded as exceeded:
        attempt = Turn.objects.values_list("attempts", flat=True).get(pk=turn_id)
        raise _refuse_over_budget(session_id, turn_id, attempt, exceeded) from None
    if inputs is None:  # pragma: no cover - the row lock makes this unreachable
        raise InterviewActionError(Refusal.BUSY, turn_id=turn_id)
    lease_set(session_id, turn_id, channel)
    return inputs


def answer_accept(
    *,
    user: User,
    session_id: int,
    turn_id: int,
    text: str,
    channel: str,
    time_up: bool = False,
) -> GenerationInputs:
    """The answer path in one call (one thread hop before the model is called): rate
    limit, commit the answer, claim the generation, and lease it to `channel`. Past an
    LLM budget that the cohort refuses the answer is still committed, then refused.
    `time_up`: sent by a timed interview's clock (`turn_submit_answer`)."""
    if not action_allowed(user_id=user.pk):
        raise InterviewActionError(Refusal.RATE_LIMITED, turn_id=turn_id)
    turn = turn_submit_answer(
        user=user,
        session_id=session_id,
        turn_id=turn_id,
        text=text,
        claim_for=channel,
        time_up=time_up,
    )
    try:
        return generation_inputs(turn)
    except BudgetExceeded as exceeded:
        raise _refuse_over_budget(session_id, turn_id, turn.attempts, exceeded) from None
    except Exception:
        # No worker will start: leave the turn failed (retryable) rather than streaming.
        turn_mark_failed(turn_id=turn_id, attempt=turn.attempts, partial="", error="not started")
        lease_release(session_id, turn_id, channel)
        raise


def retry_accept(*, user: User, session_id: int, turn_id: int, channel: str) -> GenerationInputs:
    if not action_allowed(user_id=user.pk):
        raise InterviewActionError(Refusal.RATE_LIMITED, turn_id=turn_id)
    turn_request_retry(user=user, session_id=session_id, turn_id=turn_id)
    return _claim_and_lease(session_id, turn_id, channel)
