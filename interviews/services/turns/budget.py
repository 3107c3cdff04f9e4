"""LLM budgets: may the language model grade this candidate's answer now?

Two limits, each a setting that staff can override per cohort: tokens per candidate per
day (LLM_DAILY_TOKENS_PER_USER) and tokens per cohort per month
(LLM_MONTHLY_TOKENS_PER_COHORT). Past one, the cohort decides (`Cohort.llm_over_budget`):
a polite refusal that says when the limit resets (the answer stays saved, failed and
retryable), or the offline interviewer grades, marked graded offline. A candidate in no
cohort has the daily setting and the refusal. When several limits are passed, a refusal
wins over offline grading, and the latest reset is the one given.
"""

import enum
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from accounts.models import CohortMembership, OverBudget
from interviews.engine.grader import LOCAL, provider_name
from interviews.selectors.llm_usage import (
    cohort_daily_limit,
    cohort_monthly_limit,
    cohort_tokens_this_month,
    next_day_start,
    next_month_start,
    user_tokens_today,
)


class BudgetLimit(enum.StrEnum):
    DAILY = "daily"  # the candidate's tokens today
    MONTHLY = "monthly"  # the cohort's tokens this month


@dataclass(frozen=True)
class BudgetVerdict:
    limit: BudgetLimit | None = None  # the limit passed; None: within every budget
    offline: bool = False  # past it, the offline interviewer grades (else: refused)
    resets_at: datetime | None = None

    @property
    def refused(self) -> bool:
        return self.limit is not None and not self.offline


WITHIN_BUDGET = BudgetVerdict()


class BudgetExceeded(Exception):
    """The model may not grade now, and the cohort chose a refusal (`verdict`)."""

    def __init__(self, verdict: BudgetVerdict) -> None:
        super().__init__(verdict.limit)
        self.verdict = verdict


def llm_budget_verdict(*, user_id: int, now: datetime | None = None) -> BudgetVerdict:
    """The budget check made before each model call (three small queries at most)."""
    if provider_name() == LOCAL:
        return WITHIN_BUDGET  # no language model to spend on
    now = now or timezone.now()
    cohorts = [
        m.cohort
        for m in CohortMembership.objects.filter(
            user_id=user_id, role=CohortMembership.Role.CANDIDATE
        ).select_related("cohort")
    ]
    # (limit, grades offline) for each limit passed.
    passed: list[tuple[BudgetLimit, bool]] = []
    daily = (
        [(cohort_daily_limit(c), c.llm_over_budget == OverBudget.OFFLINE) for c in cohorts]
        if cohorts
        else [(int(settings.LLM_DAILY_TOKENS_PER_USER), False)]
    )
    if any(limit > 0 for limit, _offline in daily):
        today = user_tokens_today(user_id=user_id, now=now)
        passed += [(BudgetLimit.DAILY, off) for limit, off in daily if 0 < limit <= today]
    monthly = {c.pk: c for c in cohorts if cohort_monthly_limit(c) > 0}
    if monthly:
        spent = cohort_tokens_this_month(cohort_ids=list(monthly), now=now)
        passed += [
            (BudgetLimit.MONTHLY, c.llm_over_budget == OverBudget.OFFLINE)
            for c in monthly.values()
            if spent.get(c.pk, 0) >= cohort_monthly_limit(c)
        ]
    if not passed:
        return WITHIN_BUDGET
    refusals = [limit for limit, offline in passed if not offline]
    deciding = refusals or [limit for limit, _offline in passed]
    # The monthly limit resets later than the daily one.
    limit = BudgetLimit.MONTHLY if BudgetLimit.MONTHLY in deciding else BudgetLimit.DAILY
    resets_at = next_month_start(now) if limit == BudgetLimit.MONTHLY else next_day_start(now)
    return BudgetVerdict(limit=limit, offline=not refusals, resets_at=resets_at)
