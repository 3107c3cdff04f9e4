"""LLM budgets: may the language model grade this candidate's answer now?

Two limits, each a setting that staff can override per cohort: tokens per candidate per
day (LLM_DAILY_TOKENS_PER_USER) and tokens per cohort per month
(LLM_MONTHLY_TOKENS_PER_COHORT). Past one, the cohort decides (`Cohort.llm_over_budget`):
a polite refusal that says when the limit resets (the answer stays saved, failed and
retryable), or the offline interviewer grades, marked graded offline. A candidate in no
cohort has the daily setting and the refusal. When several limits are passed, a refusal
wins over offline grading, and the latest reset is the one given.

The check is on the answer's path, before the model call: today's and this month's
usage are read every time, the candidate's cohorts (with their limits and choices) at
most once per COHORTS_CACHE_SECONDS in a process. A membership or cohort saved or
deleted in this process is seen at once (`interviews/signals.py`), in another within
that time.
"""

import enum
import functools
import time
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import connection
from django.utils import timezone

from accounts.models import Cohort, CohortMembership, OverBudget
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


COHORTS_CACHE_SECONDS = 30.0
_COHORTS_HELD = 10_000  # users whose cohorts a process keeps (all forgotten past it)
_cohorts: dict[int, tuple[float, tuple[Cohort, ...]]] = {}


_CANDIDATE = CohortMembership.Role.CANDIDATE


@functools.cache
def _candidate_cohorts_sql() -> str:
    """The candidate's cohorts (the verdict does not depend on their order), in a
    statement of its own: it is read on the answer's path, and the ORM's `select_related`
    took longer to compose it than PostgreSQL to run it. Table names from the models'
    metadata."""
    quote = connection.ops.quote_name
    cohort, membership = quote(Cohort._meta.db_table), quote(CohortMembership._meta.db_table)
    return (
        f"SELECT c.* FROM {cohort} c JOIN {membership} m ON m.cohort_id = c.id "  # noqa: S608 - see above
        "WHERE m.user_id = %s AND m.role = %s ORDER BY c.id, m.role, m.joined_at"
    )


def _candidate_cohorts(user_id: int) -> tuple[Cohort, ...]:
    """The cohorts `user_id` is a candidate of (read-only instances, shared by threads)."""
    now = time.monotonic()
    held = _cohorts.get(user_id)
    if held is not None and now - held[0] < COHORTS_CACHE_SECONDS:
        return held[1]
    cohorts = tuple(Cohort.objects.raw(_candidate_cohorts_sql(), [user_id, _CANDIDATE]))
    if len(_cohorts) >= _COHORTS_HELD:
        _cohorts.clear()
    _cohorts[user_id] = (now, cohorts)
    return cohorts


def forget_cohorts() -> None:
    """The next checks read the cohorts again (a membership or cohort changed)."""
    _cohorts.clear()


def llm_budget_verdict(
    *, user_id: int, now: datetime | None = None, tokens_today: int | None = None
) -> BudgetVerdict:
    """The budget check made before each model call (two small queries at most).
    `tokens_today`: the candidate's usage today, when the caller read it already
    (`user_tokens_today_sql`)."""
    if provider_name() == LOCAL:
        return WITHIN_BUDGET  # no language model to spend on
    now = now or timezone.now()
    cohorts = _candidate_cohorts(user_id)
    # (limit, grades offline) for each limit passed.
    passed: list[tuple[BudgetLimit, bool]] = []
    daily = (
        [(cohort_daily_limit(c), c.llm_over_budget == OverBudget.OFFLINE) for c in cohorts]
        if cohorts
        else [(int(settings.LLM_DAILY_TOKENS_PER_USER), False)]
    )
    if any(limit > 0 for limit, _offline in daily):
        today = (
            user_tokens_today(user_id=user_id, now=now) if tokens_today is None else tokens_today
        )
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
