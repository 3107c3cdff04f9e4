"""The websocket frame schema of the live interview, shared by the consumer and
`static/js/interview/frames.js`. One JSON object per websocket message, with a `type`.

Client → server (anything else gets an `error` frame with code `invalid` and
changes nothing; a frame over MAX_FRAME_BYTES gets code `too_large`):

    {"type": "answer", "turn": <turn id>, "text": "<1..4000 characters>"}
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
        Batched every ~40 ms, the first at once. Append with textContent; `offset`
        lets a client drop text it already has and notice a gap (then send `sync`).
    done   {"type": "done", "turn": id, "score": int|null, "feedback": "<stored Markdown>",
            "html": "<interviews/_turn.html with the evaluation card>"}
        The stored result: a client that missed deltas still ends right.
    why    {"type": "why", "turn": id, "point": index, "offset": int, "text": "<more>"}
        The interviewer's short reply to "why?", streamed to the asking socket; the
        stored reply then comes in a `turn` frame for every socket.
    error  {"type": "error", "code": "<code below>", "message": "<translated, polite>",
            "turn": id|null, "retry": bool}
        `retry` is true when a Retry button should be offered for `turn`.
"""

import json
import re
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from interviews.models.sessions import MAX_ANSWER_LENGTH

# Room for a 4,000-character Korean answer (3 bytes a character in UTF-8) and the JSON.
MAX_FRAME_BYTES = 16 * 1024
# More verdicts than any rubric holds.
MAX_POINTS = 50

# Client frame types and the fields each one requires.
CLIENT_TYPES: dict[str, tuple[str, ...]] = {
    "answer": ("turn", "text"),
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
GENERATION_FAILED = "generation_failed"
TIMEOUT = "timeout"

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
    GENERATION_FAILED: _(
        "Sorry, the interviewer could not finish the feedback. Your answer is saved; press Retry."
    ),
    TIMEOUT: _("Sorry, the interviewer took too long. Your answer is saved; press Retry."),
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
        if not text:
            raise FrameError(EMPTY_ANSWER)
        if len(text) > MAX_ANSWER_LENGTH:
            raise FrameError(ANSWER_TOO_LONG)
    return ClientFrame(
        type=kind,
        turn=turn if "turn" in required else None,
        text=text,
        point=point if "point" in required else None,
    )


def error_frame(code: str, *, turn: int | None = None, retry: bool = False) -> dict[str, Any]:
    return {
        "type": "error",
        "code": code,
        "message": str(ERROR_MESSAGES.get(code, ERROR_MESSAGES[INVALID])),
        "turn": turn,
        "retry": retry,
    }


def why_frame(*, turn: int, point: int, offset: int, text: str) -> dict[str, Any]:
    return {"type": "why", "turn": turn, "point": point, "offset": offset, "text": text}


def render_turn_html(turn: Any, language: str) -> str:
    """`interviews/_turn.html` for one turn (its session and topic loaded), in `language`."""
    from django.template.loader import render_to_string
    from django.utils import translation

    from interviews.markdown import attach_rendered

    attach_rendered(turns=[turn])
    with translation.override(language):
        return render_to_string(
            "interviews/_turn.html", {"turn": turn, "session": turn.session, "live": True}
        )
