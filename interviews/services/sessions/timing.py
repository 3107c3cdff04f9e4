"""Timed mock interviews: when a turn's time runs out, and what counts as too late.

The clock of a turn starts when its question is asked (the turn is created: the first
question at the start, each next one or follow-up as the previous feedback ends) and
does not stop while the page is closed, as a panel's clock would not. An answer is
never refused for being late: it is stored, and marked `timed_out` when the browser
sent it because the clock reached zero ("time up", even empty) or when it reached the
server after the deadline and its grace (a tab asleep, a lost connection).
"""

from datetime import datetime, timedelta

from django.utils import timezone

from interviews.models import InterviewSession, Turn

# The times per question the start page offers, in seconds (mock mode only).
SECONDS_PER_QUESTION_CHOICES = (120, 180, 300)
# Network latency and a reconnect: an answer this soon after the deadline is on time.
GRACE_SECONDS = 5


def answer_deadline(
    session: InterviewSession, *, asked_at: datetime | None = None
) -> datetime | None:
    """When a question asked now (or at `asked_at`) in this session must be answered by."""
    if session.seconds_per_question is None:
        return None
    return (asked_at or timezone.now()) + timedelta(seconds=session.seconds_per_question)


def answer_timed_out(turn: Turn, *, answered_at: datetime, time_up: bool) -> bool:
    """Whether an answer given at `answered_at` ran out of time (see the module's rules)."""
    if turn.answer_deadline is None:
        return False
    return time_up or answered_at > turn.answer_deadline + timedelta(seconds=GRACE_SECONDS)
