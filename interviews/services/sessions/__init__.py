"""Writing interview sessions: start, choose the next question, advance, end, delete.

`lifecycle` starts, advances and finishes a session; `questions` chooses its next bank
question; `specs` turns rows into the plain data the engine reads.
"""

from .lifecycle import (
    IfUnfinished,
    UnfinishedInterviewError,
    session_advance,
    session_delete,
    session_finish,
    session_start,
)
from .questions import NoQuestionsError, choose_question
from .specs import active_persona, session_group, turn_spec

__all__ = [
    "IfUnfinished",
    "NoQuestionsError",
    "UnfinishedInterviewError",
    "active_persona",
    "choose_question",
    "session_advance",
    "session_delete",
    "session_finish",
    "session_group",
    "session_start",
    "turn_spec",
]
