"""Why a turn service refused an action, or why a generation failed: domain reasons.

The services raise and return these; `interviews/frames.py` maps each to the error
code and message the browser sees.
"""

from datetime import datetime
from enum import StrEnum

from interviews.models.sessions import TURN_OVER_BUDGET_ERROR


class Refusal(StrEnum):
    NOT_FOUND = "not_found"  # no such interview (or turn) of this candidate
    FINISHED = "finished"  # the interview has ended
    WRONG_TURN = "wrong_turn"  # the turn is not the current one, or not in that state
    BUSY = "busy"  # feedback is being generated
    RATE_LIMITED = "rate_limited"
    NO_HINT = "no_hint"  # not practice mode, or the question has no hint
    EMPTY_ANSWER = "empty_answer"
    ANSWER_TOO_LONG = "answer_too_long"
    # Past an LLM budget (the cohort refuses then): the answer is saved and the turn failed,
    # retryable once the limit resets (`InterviewActionError.resets_at`).
    OVER_DAILY_BUDGET = "over_daily_budget"
    OVER_MONTHLY_BUDGET = "over_monthly_budget"
    UNTIMED = "untimed"  # a "time up" answer for an interview with no time limit


# After these the candidate's view is out of date: the caller sends a fresh state.
STALE_VIEW = frozenset(
    {Refusal.WRONG_TURN, Refusal.FINISHED, Refusal.OVER_DAILY_BUDGET, Refusal.OVER_MONTHLY_BUDGET}
)

# `Turn.error` of a turn refused for the budget (the transcript says so, not "failed").
OVER_BUDGET_ERROR = TURN_OVER_BUDGET_ERROR


class GenerationFailure(StrEnum):
    ERROR = "error"  # the model failed or ended without an evaluation
    TIMEOUT = "timeout"  # the generation ran past its deadline


class InterviewActionError(Exception):
    """A refused action: nothing was changed (past a budget: the answer was saved)."""

    def __init__(
        self, reason: Refusal, *, turn_id: int | None = None, resets_at: datetime | None = None
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.turn_id = turn_id
        self.resets_at = resets_at
