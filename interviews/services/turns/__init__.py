"""Writing turns: an answer, its streamed evaluation, hints, skips and retries.

Life of an answer (interviews/frames.py turns what these services return, raise and
announce into the frames the browser sees; nothing here renders or builds a frame):

1. `actions.answer_accept` (one thread hop): the rate limit, then `turn_submit_answer`
   commits the answer and claims its generation (→ streaming, a conditional update) in
   one transaction under a row lock on the session, before any model call; the
   session's generation lease (`limits`) goes to the worker as it commits. A retry
   goes failed → pending, and `generation.turn_claim_generation` claims it.
2. `streaming.turn_stream_feedback` (an asyncio task that outlives the socket) streams
   the engine's deltas in batches to the interview's sockets (straight to this
   process's, through the channel-layer group to other processes': `fanout`), sends
   `done` (rendered once for every socket) and then stores the evaluation in one
   write (→ done), or the partial text and the error (→ failed, retryable). What it
   announces are domain events (`events`), encoded by the caller's `Encode`; refusals
   are `InterviewActionError` with a `Refusal` reason (`errors`).
3. `services.sessions.session_advance` then asks a follow-up, the next question, or
   ends the interview.
"""

from . import fanout
from .actions import (
    answer_accept,
    retry_accept,
    session_end,
    turn_request_retry,
    turn_show_hint,
    turn_skip,
    turn_submit_answer,
)
from .errors import STALE_VIEW, GenerationFailure, InterviewActionError, Refusal
from .events import (
    Encode,
    FeedbackStreamed,
    SessionChanged,
    TurnChanged,
    TurnEvaluated,
    TurnEvent,
    TurnFailed,
)
from .generation import (
    GenerationInputs,
    turn_claim_generation,
    turn_mark_failed,
    turn_store_and_load,
    turn_store_evaluation,
    turn_with_session,
)
from .limits import action_allowed, lease_get, lease_on_turn
from .streaming import (
    notify,
    notify_after_advance,
    notify_turn,
    request_snapshot,
    start_feedback_task,
    turn_stream_feedback,
)

__all__ = [
    "STALE_VIEW",
    "Encode",
    "FeedbackStreamed",
    "GenerationFailure",
    "GenerationInputs",
    "InterviewActionError",
    "Refusal",
    "SessionChanged",
    "TurnChanged",
    "TurnEvaluated",
    "TurnEvent",
    "TurnFailed",
    "action_allowed",
    "answer_accept",
    "fanout",
    "lease_get",
    "lease_on_turn",
    "notify",
    "notify_after_advance",
    "notify_turn",
    "request_snapshot",
    "retry_accept",
    "session_end",
    "start_feedback_task",
    "turn_claim_generation",
    "turn_mark_failed",
    "turn_request_retry",
    "turn_show_hint",
    "turn_skip",
    "turn_store_and_load",
    "turn_store_evaluation",
    "turn_stream_feedback",
    "turn_submit_answer",
    "turn_with_session",
]
