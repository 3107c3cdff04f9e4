"""The websocket frame schema of the live interview, shared by the consumer and
`static/js/interview/frames.js`. One JSON object per websocket message, with a `type`.

This module is the transport edge: it builds every frame, and renders all HTML sent
over the socket, from what the services return (turns, `selectors.live`), raise
(`InterviewActionError` with a `Refusal` reason) and announce (the domain events of
`services/turns/events.py`, turned into channel-layer messages by `group_message`).
The services never import it.

Client → server (anything else gets an `error` frame with code `invalid` and
changes nothing; a frame over MAX_FRAME_BYTES gets code `too_large`):

    {"type": "answer", "turn": <turn id>, "text": "<1..4000 characters>"}
    {"type": "time_up", "turn": <turn id>, "text": "<0..4000 characters>"}
                                            # a timed interview's clock reached zero: the
                                            # answer as it stands, even empty
    {"type": "retry",  "turn": <turn id>}   # a failed (or stalled) evaluation
    {"type": "hint",   "turn": <turn id>}   # practice mode only
    {"type": "skip",   "turn": <turn id>}
    {"type": "why",    "turn": <turn id>, "point": <index of a key-point verdict>}
                                            # "why?" about one verdict of an evaluated turn
    {"type": "end"}                         # end the interview now (summary follows)
    {"type": "sync"}                        # ask for a fresh `state` frame

Server → client:

    state  {"type": "state", "status": "active"|"completed"|"abandoned",
            "turn": <id of the turn waiting for the candidate or being evaluated>|null,
            "turn_status": "<Turn.EvaluationStatus>"|null,
            "streaming": {"turn": id, "text": "<feedback so far>"}|null,
            "stalled": bool,        # the turn is pending/streaming but no worker is alive
            "html": "<the whole transcript, rendered by interviews/_transcript.html>"}
        Sent on connect, on `sync`, and when the interview ends. It comes from the
        database (plus, while a stream runs, the text streamed so far), so a client
        that reconnects replaces its view and loses or doubles nothing.
    turn   {"type": "turn", "turn": id, "status": "<Turn.EvaluationStatus>",
            "html": "<interviews/_turn.html>"}
        One turn changed or appeared (answer saved, hint shown, skipped, new question):
        replace the element with id `turn-<id>`, or append it.
    delta  {"type": "delta", "turn": id, "offset": <characters before this text>,
            "text": "<a batch of feedback text>"}
        Batched every ~40 ms, the first at once. Plain Markdown text: the client
        appends it to the turn's text and shows it formatted under the rules of
        interviews/markdown.py (static/js/interview/markdown.js); `offset` lets a client
        drop text it already has and notice a gap (then send `sync`).
    done   {"type": "done", "turn": id, "score": int|null, "feedback": "<stored Markdown>",
            "html": "<interviews/_turn.html with the evaluation card>"}
        The stored result: a client that missed deltas still ends right.
    why    {"type": "why", "turn": id, "point": index, "offset": int, "text": "<more>"}
        The interviewer's short reply to "why?", streamed to the asking socket; the
        stored reply then comes in a `turn` frame for every socket.
    error  {"type": "error", "code": "<code below>", "message": "<translated, polite>",
            "turn": id|null, "retry": bool}
        `retry` is true when a Retry button should be offered for `turn`. Past an LLM
        budget (codes `over_daily_budget`, `over_monthly_budget`) the message says when
        the limit resets; the answer is saved and a `state` frame shows the turn failed.
"""

import contextlib
import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from interviews.markdown import attach_rendered
from interviews.models import InterviewSession, Turn
from interviews.models.sessions import MAX_ANSWER_LENGTH
from interviews.selectors.live import Generation, LiveInterview
from interviews.services.turns.errors import GenerationFailure, Refusal
from interviews.services.turns.events import (
    FeedbackStreamed,
    SessionChanged,
    TurnChanged,
    TurnEvaluated,
    TurnEvent,
    TurnFailed,
)

# Room for a 4,000-character Korean answer (3 bytes a character in UTF-8) and the JSON.
MAX_FRAME_BYTES = 16 * 1024
# More verdicts than any rubric holds.
MAX_POINTS = 50

# Client frame types and the fields each one requires.
CLIENT_TYPES: dict[str, tuple[str, ...]] = {
    "answer": ("turn", "text"),
    "time_up": ("turn", "text"),
    "retry": ("turn",),
    "hint": ("turn",),
    "skip": ("turn",),
    "why": ("turn", "point"),
    "end": (),
    "sync": (),
}

# Error codes and their messages (the tests import these constants).
INVALID = "invalid"
TOO_LARGE = "too_large"
EMPTY_ANSWER = "empty_answer"
ANSWER_TOO_LONG = "answer_too_long"
NOT_FOUND = "not_found"
FINISHED = "finished"
WRONG_TURN = "wrong_turn"
BUSY = "busy"
RATE_LIMITED = "rate_limited"
NO_HINT = "no_hint"
UNTIMED = "untimed"
GENERATION_FAILED = "generation_failed"
TIMEOUT = "timeout"
OVER_DAILY_BUDGET = "over_daily_budget"
OVER_MONTHLY_BUDGET = "over_monthly_budget"

ERROR_MESSAGES: dict[str, Promise] = {
    INVALID: _("That message was not understood, so nothing was changed."),
    TOO_LARGE: _("That message is too large, so nothing was changed."),
    EMPTY_ANSWER: _("Please write an answer before sending."),
    ANSWER_TOO_LONG: _("Answers can be at most 4,000 characters."),
    NOT_FOUND: _("This interview could not be found."),
    FINISHED: _("This interview has finished, so it takes no more answers."),
    WRONG_TURN: _(
        "That question is not waiting for this action any more. The page is up to date now."
    ),
    BUSY: _("The interviewer is still writing feedback. Please wait for it to finish."),
    RATE_LIMITED: _("You are sending requests very quickly. Please wait a minute and try again."),
    NO_HINT: _("Hints are only available in practice mode."),
    UNTIMED: _("This interview has no time limit, so please send your answer yourself."),
    GENERATION_FAILED: _(
        "Sorry, the interviewer could not finish the feedback. Your answer is saved; press Retry."
    ),
    TIMEOUT: _("Sorry, the interviewer took too long. Your answer is saved; press Retry."),
    OVER_DAILY_BUDGET: _(
        "You have used today's allowance of AI feedback. Your answer is saved: press Retry "
        "after %(resets)s, when the allowance resets."
    ),
    OVER_MONTHLY_BUDGET: _(
        "Your cohort has used this month's allowance of AI feedback. Your answer is saved: "
        "press Retry after %(resets)s, when the allowance resets."
    ),
}

# The services' reasons, as error codes.
REFUSAL_CODES: dict[Refusal, str] = {
    Refusal.NOT_FOUND: NOT_FOUND,
    Refusal.FINISHED: FINISHED,
    Refusal.WRONG_TURN: WRONG_TURN,
    Refusal.BUSY: BUSY,
    Refusal.RATE_LIMITED: RATE_LIMITED,
    Refusal.NO_HINT: NO_HINT,
    Refusal.EMPTY_ANSWER: EMPTY_ANSWER,
    Refusal.ANSWER_TOO_LONG: ANSWER_TOO_LONG,
    Refusal.OVER_DAILY_BUDGET: OVER_DAILY_BUDGET,
    Refusal.OVER_MONTHLY_BUDGET: OVER_MONTHLY_BUDGET,
    Refusal.UNTIMED: UNTIMED,
}
FAILURE_CODES: dict[GenerationFailure, str] = {
    GenerationFailure.ERROR: GENERATION_FAILED,
    GenerationFailure.TIMEOUT: TIMEOUT,
}


# NUL and other control characters (PostgreSQL refuses NUL in text), and lone surrogates
# (not encodable as UTF-8): the rest of what was typed is kept.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def clean_text(text: str) -> str:
    return _LONE_SURROGATE.sub("\ufffd", _CONTROL.sub("", text))


class FrameError(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class ClientFrame:
    type: str
    turn: int | None = None
    text: str = ""
    point: int | None = None

    @property
    def turn_id(self) -> int:
        """The turn of a frame whose type names one (`parse_client_frame` required it)."""
        if self.turn is None:
            raise FrameError(INVALID)
        return self.turn

    @property
    def point_index(self) -> int:
        """The key point of a `why` frame (`parse_client_frame` required it)."""
        if self.point is None:
            raise FrameError(INVALID)
        return self.point


def parse_client_frame(raw: str | bytes | None) -> ClientFrame:
    """Validates one client message; raises FrameError with the code to send back."""
    if raw is None:
        raise FrameError(INVALID)
    size = len(raw.encode() if isinstance(raw, str) else raw)
    if size > MAX_FRAME_BYTES:
        raise FrameError(TOO_LARGE)
    try:
        content: Any = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise FrameError(INVALID) from exc
    if not isinstance(content, dict):
        raise FrameError(INVALID)
    kind = content.get("type")
    if not isinstance(kind, str) or kind not in CLIENT_TYPES:
        raise FrameError(INVALID)
    required = CLIENT_TYPES[kind]
    if set(content) - {"type", *required}:
        raise FrameError(INVALID)
    turn = content.get("turn")
    if "turn" in required and (
        not isinstance(turn, int) or isinstance(turn, bool) or not 0 < turn < 2**63
    ):
        raise FrameError(INVALID)
    point = content.get("point")
    if "point" in required and (
        not isinstance(point, int) or isinstance(point, bool) or not 0 <= point < MAX_POINTS
    ):
        raise FrameError(INVALID)
    text = content.get("text", "")
    if "text" in required:
        if not isinstance(text, str):
            raise FrameError(INVALID)
        text = clean_text(text).strip()
        if not text and kind != "time_up":  # time up sends the answer as it stands
            raise FrameError(EMPTY_ANSWER)
        if len(text) > MAX_ANSWER_LENGTH:
            raise FrameError(ANSWER_TOO_LONG)
    return ClientFrame(
        type=kind,
        turn=turn if "turn" in required else None,
        text=text,
        point=point if "point" in required else None,
    )


# --- Server → client ------------------------------------------------------------------


def error_frame(
    code: str,
    *,
    turn: int | None = None,
    retry: bool = False,
    language: str | None = None,
    resets_at: datetime | None = None,
) -> dict[str, Any]:
    """`language`: the socket's. A consumer runs outside any request, so no language is
    active there and the message would otherwise be English on a Korean page.
    `resets_at`: when a budget refusal's limit resets (local time, in that language)."""
    message = ERROR_MESSAGES.get(code, ERROR_MESSAGES[INVALID])
    with translation.override(language) if language else contextlib.nullcontext():
        text = str(message)
        if code in (OVER_DAILY_BUDGET, OVER_MONTHLY_BUDGET):
            when = timezone.localtime(resets_at) if resets_at else timezone.localtime()
            text = text % {"resets": formats.date_format(when, "SHORT_DATETIME_FORMAT")}
    return {"type": "error", "code": code, "message": text, "turn": turn, "retry": retry}


def refusal_frame(
    reason: Refusal,
    *,
    turn: int | None = None,
    language: str | None = None,
    resets_at: datetime | None = None,
) -> dict[str, Any]:
    """An action the services refused (`InterviewActionError.reason`): nothing changed,
    or, past a budget, the answer was saved and the turn left failed."""
    return error_frame(REFUSAL_CODES[reason], turn=turn, language=language, resets_at=resets_at)


def why_frame(*, turn: int, point: int, offset: int, text: str) -> dict[str, Any]:
    return {"type": "why", "turn": turn, "point": point, "offset": offset, "text": text}


def delta_frame(*, turn: int, offset: int, text: str) -> dict[str, Any]:
    return {"type": "delta", "turn": turn, "offset": offset, "text": text}


def turn_frame(turn: Turn, language: str) -> dict[str, Any]:
    html = render_turn_html(turn, language)
    return {"type": "turn", "turn": turn.pk, "status": turn.evaluation_status, "html": html}


def done_frame(turn: Turn, language: str) -> dict[str, Any]:
    return {
        "type": "done",
        "turn": turn.pk,
        "score": turn.score,
        "feedback": turn.feedback,
        "html": render_turn_html(turn, language),
    }


def state_frame(live: LiveInterview, language: str) -> dict[str, Any]:
    current = live.current
    running = live.generation == Generation.RUNNING
    return {
        "type": "state",
        "status": live.session.status,
        "turn": current.pk if current else None,
        "turn_status": current.evaluation_status if current else None,
        # The text so far comes from the worker, as a `delta` at offset 0.
        "streaming": {"turn": current.pk, "text": ""} if current and running else None,
        "stalled": live.generation == Generation.STALLED,
        "html": render_transcript_html(live.session, live.turns, language),
    }


# --- Channel-layer messages to an interview's sockets (InterviewConsumer relays them) ---

SEND_FRAMES = "interview.frames"  # {"type": SEND_FRAMES, "frames": [frame, ...]}
SESSION_CHANGED = "session.changed"  # each socket reads its own `state`


def group_message(event: TurnEvent, *, language: str) -> dict[str, Any]:
    """One domain event as the message every socket of the interview relays: its frames
    are built, and the turn rendered, once here (in a thread for events with a turn)."""
    match event:
        case FeedbackStreamed(turn_id=turn_id, offset=offset, text=text):
            sent = [delta_frame(turn=turn_id, offset=offset, text=text)]
        case TurnChanged(turn=turn):
            sent = [turn_frame(turn, language)]
        case TurnEvaluated(turn=turn):
            sent = [done_frame(turn, language)]
        case TurnFailed(turn=turn, reason=reason):
            failed = error_frame(FAILURE_CODES[reason], turn=turn.pk, retry=True, language=language)
            sent = [turn_frame(turn, language), failed]
        case SessionChanged():
            return {"type": SESSION_CHANGED}
        case _:
            raise TypeError(f"not an interview event: {event!r}")
    return {"type": SEND_FRAMES, "frames": sent}


# --- HTML sent over the socket ---------------------------------------------------------


def render_turn_html(turn: Turn, language: str) -> str:
    """`interviews/_turn.html` for one turn (its session and topic loaded), in `language`."""
    attach_rendered(turns=[turn])
    with translation.override(language):
        return render_to_string(
            "interviews/_turn.html", {"turn": turn, "session": turn.session, "live": True}
        )


def render_transcript_html(session: InterviewSession, turns: list[Turn], language: str) -> str:
    """`interviews/_transcript.html`: every turn of the interview (topics loaded)."""
    attach_rendered(turns=turns)
    with translation.override(language):
        return render_to_string(
            "interviews/_transcript.html", {"session": session, "turns": turns, "live": True}
        )
