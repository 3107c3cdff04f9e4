"""Plain data the engine reads about a session: the group name, turn specs, the persona.

Bank questions become specs in `services.bank.question_spec`; a turn becomes one from
its snapshots here, so grading stays true after curators edit the bank.
"""

import time

from interviews.engine.types import KeyPointSpec, MisconceptionSpec, PersonaSpec, QuestionSpec
from interviews.models import FollowUp, InterviewerPersona, Turn

# The active persona is read before every model call, and changes only when a curator
# saves one: a process reads it at most once per PERSONA_CACHE_SECONDS. A save or delete
# in this process forgets it at once (`interviews/signals.py`); another process's
# applies within that time.
PERSONA_CACHE_SECONDS = 10.0
_persona: tuple[float, PersonaSpec | None] | None = None


def session_group(session_id: int) -> str:
    """The channel-layer group every socket of one interview joins."""
    return f"interview.{session_id}"


# --- Specs: plain data for the engine (bank questions: services.bank.question_spec) ------


def turn_spec(turn: Turn, *, with_follow_ups: bool = False) -> QuestionSpec:
    """The engine's view of a turn, from its snapshots (true even after bank edits).

    The curated follow-ups (one more query) matter only for choosing a follow-up."""
    session = turn.session
    return QuestionSpec(
        text=turn.question_text,
        language=session.language,
        model_answer=turn.model_answer,
        key_points=tuple(
            KeyPointSpec(text=kp["text"], synonyms=tuple(kp.get("synonyms", ())))
            for kp in turn.key_points
        ),
        question_id=turn.question_id,
        track=session.track.slug,
        topic=turn.topic.slug if turn.topic else "",
        difficulty=session.level,
        hint=turn.hint,
        follow_ups=tuple(
            FollowUp.objects.filter(question_id=turn.question_id)
            .order_by("order", "id")
            .values_list("text", flat=True)
        )
        if with_follow_ups and turn.question_id and turn.kind == Turn.Kind.QUESTION
        else (),
        misconceptions=tuple(
            MisconceptionSpec(
                text=m["text"], correction=m.get("correction", ""), key_point=m.get("key_point", "")
            )
            for m in turn.misconceptions or ()
        ),
    )


def active_persona() -> PersonaSpec | None:
    global _persona
    held, now = _persona, time.monotonic()
    if held is not None and now - held[0] < PERSONA_CACHE_SECONDS:
        return held[1]
    persona = InterviewerPersona.objects.filter(is_active=True).first()
    spec = (
        None
        if persona is None
        else PersonaSpec(
            name=persona.name,
            instructions=persona.instructions,
            tone=persona.tone,
            language=persona.language,
        )
    )
    _persona = (now, spec)
    return spec


def forget_active_persona() -> None:
    """The next `active_persona` reads the database (a persona was saved or deleted)."""
    global _persona
    _persona = None
