"""LLM usage and its estimated cost per cohort, this month, for the cohort's staff (a
superuser: every cohort). Figures come from `selectors/llm_usage.py`, the same reads the
budget check makes, so the page and the limits never disagree."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from accounts.models import Cohort, User
from accounts.selectors import cohorts_for_staff
from interviews.selectors.llm_usage import (
    ModelUsage,
    cohort_daily_limit,
    cohort_monthly_limit,
    cohort_usage_by_model,
    month_start,
    next_month_start,
)

from .cohorts import cohort_check_for_staff


@dataclass(frozen=True)
class CohortUsage:
    cohort: Cohort
    by_model: list[ModelUsage]
    monthly_limit: int  # 0: no limit
    daily_limit: int  # per candidate; 0: no limit

    @property
    def tokens(self) -> int:
        return sum(u.tokens for u in self.by_model)

    @property
    def cost(self) -> Decimal:
        """Estimated cost of the models that have a price (LLM_PRICE_PER_1K_TOKENS)."""
        return sum((u.cost for u in self.by_model if u.cost is not None), Decimal(0))

    @property
    def unpriced(self) -> bool:
        """Some usage is of a model with no price set (left out of `cost`)."""
        return any(u.cost is None for u in self.by_model)

    @property
    def percent_of_limit(self) -> int | None:
        if not self.monthly_limit:
            return None
        return min(999, self.tokens * 100 // self.monthly_limit)

    @property
    def over_limit(self) -> bool:
        return bool(self.monthly_limit) and self.tokens >= self.monthly_limit


@dataclass(frozen=True)
class UsagePeriod:
    starts: datetime
    resets: datetime


def usage_period() -> UsagePeriod:
    return UsagePeriod(starts=month_start(), resets=next_month_start())


def _usage(cohorts: list[Cohort]) -> list[CohortUsage]:
    by_cohort = cohort_usage_by_model(cohort_ids=[c.pk for c in cohorts])
    return [
        CohortUsage(
            cohort=c,
            by_model=by_cohort.get(c.pk, []),
            monthly_limit=cohort_monthly_limit(c),
            daily_limit=cohort_daily_limit(c),
        )
        for c in cohorts
    ]


def cohort_usage_list_for_staff(*, staff: User) -> list[CohortUsage]:
    """Every cohort `staff` follows (a superuser: all), with this month's usage (2 queries)."""
    return _usage(list(cohorts_for_staff(staff=staff).order_by("name")))


def cohort_usage_for_staff(*, staff: User, cohort: Cohort) -> CohortUsage:
    cohort_check_for_staff(staff=staff, cohort=cohort)
    (usage,) = _usage([cohort])
    return usage
