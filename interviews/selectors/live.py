"""The live interview as a socket sees it on connect and on `sync`: the transcript,
the current turn, and whether a worker is generating its feedback."""

from dataclasses import dataclass
from enum import StrEnum

from accounts.models import User
from interviews.models import InterviewSession, Turn
from interviews.services.turns.limits import lease_on_turn

from .sessions import session_transcript_for_user

_BUSY = (Turn.EvaluationStatus.PENDING, Turn.EvaluationStatus.STREAMING)


class Generation(StrEnum):
    IDLE = "idle"  # no turn is waiting for feedback
    RUNNING = "running"  # a worker holds the current turn's lease
    STALLED = "stalled"  # the turn waits for feedback but no worker holds it: retryable


@dataclass(frozen=True)
class LiveInterview:
    session: InterviewSession
    turns: list[Turn]  # in order, with their topics
    current: Turn | None  # waiting for the candidate or being evaluated (None once ended)
    generation: Generation
    streamer: str | None  # the worker's channel, which sends the text streamed so far


def live_interview_for_user(*, user: User, session_id: int) -> LiveInterview | None:
    found = session_transcript_for_user(user=user, session_id=session_id)
    if found is None:
        return None
    session, turns = found
    active = session.status == InterviewSession.Status.ACTIVE
    current = turns[-1] if turns and active else None
    generation, streamer = Generation.IDLE, None
    if current is not None and current.evaluation_status in _BUSY:
        lease = lease_on_turn(session_id, current.pk)
        generation = Generation.STALLED if lease is None else Generation.RUNNING
        streamer = lease["channel"] if lease else None
    return LiveInterview(
        session=session, turns=turns, current=current, generation=generation, streamer=streamer
    )
