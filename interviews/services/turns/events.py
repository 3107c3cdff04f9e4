"""What the turn services announce to an interview's sockets, as domain events.

The services never build what a socket receives: the caller hands them an `Encode`
(the consumer passes `interviews.frames.group_message` in its socket's language) that
turns each event into the channel-layer message every socket of the interview relays.
So a turn is rendered once for all its sockets, by whoever announces it. Events that
hold a Turn are encoded in a worker thread (rendering may read the database); a
`FeedbackStreamed` on the event loop, once per batch of text.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from interviews.models import Turn

from .errors import GenerationFailure


@dataclass(frozen=True)
class FeedbackStreamed:
    """Feedback text that starts `offset` characters into the turn's feedback (a batch,
    or at offset 0 everything so far, for a socket that reconnected)."""

    turn_id: int
    offset: int
    text: str


@dataclass(frozen=True)
class TurnChanged:
    """A turn changed or appeared (answer saved, hint shown, skipped, new question)."""

    turn: Turn  # with its session and topic loaded


@dataclass(frozen=True)
class TurnEvaluated:
    """The evaluation is stored (the turn is done)."""

    turn: Turn


@dataclass(frozen=True)
class TurnFailed:
    """The generation failed; the turn keeps the partial text and can be retried."""

    turn: Turn
    reason: GenerationFailure


@dataclass(frozen=True)
class SessionChanged:
    """The interview as a whole changed (it ended): each socket reads it afresh."""


TurnEvent = FeedbackStreamed | TurnChanged | TurnEvaluated | TurnFailed | SessionChanged
Encode = Callable[[TurnEvent], dict[str, Any]]
