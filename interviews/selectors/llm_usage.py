"""Tokens the language model spent, as the model server reported them on each turn.

Read by the budget check before a model call (`services/turns/budget.py`) and by the
staff usage page (`selectors/staff/usage.py`). A day and a month are TIME_ZONE's; a
cohort's usage is that of its *current* candidates (who leaves takes their usage along,
as they take their interviews off every staff page).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from accounts.models import Cohort, CohortMembership
from interviews.engine.grader import OPENAI
from interviews.models import InterviewSession, Turn

_MEMBER_COHORT = "session__candidate__cohort_memberships__cohort_id"


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def day_start(now: datetime | None = None) -> datetime:
    return _local_midnight(timezone.localtime(now).date())


def next_day_start(now: datetime | None = None) -> datetime:
    return _local_midnight(timezone.localtime(now).date() + timedelta(days=1))


def month_start(now: datetime | None = None) -> datetime:
    return _local_midnight(timezone.localtime(now).date().replace(day=1))


def next_month_start(now: datetime | None = None) -> datetime:
    start = month_start(now)
    year, month = (start.year + 1, 1) if start.month == 12 else (start.year, start.month + 1)
    return _local_midnight(date(year, month, 1))


def _spent(turns: QuerySet[Turn]) -> QuerySet[Turn]:
    # A turn graded offline after the model failed still spent what the model reported.
    return turns.filter(Q(prompt_tokens__isnull=False) | Q(completion_tokens__isnull=False))


def user_tokens_today_sql() -> str:
    """`user_tokens_today` as an SQL expression, read within another statement (the
    answer's, `services/turns/answer_read.py`); its parameters: the user's id and
    `day_start(now)`."""
    from django.db import connection

    quote = connection.ops.quote_name
    turn, session = quote(Turn._meta.db_table), quote(InterviewSession._meta.db_table)
    # Table names from the models' metadata; the values are the caller's parameters.
    return (
        "COALESCE((SELECT SUM(COALESCE(u.prompt_tokens, 0) + COALESCE(u.completion_tokens, 0)) "  # noqa: S608 - see above
        f"FROM {turn} u JOIN {session} us ON us.id = u.session_id "
        "WHERE us.candidate_id = %s AND u.evaluated_at >= %s "
        "AND (u.prompt_tokens IS NOT NULL OR u.completion_tokens IS NOT NULL)), 0)"
    )


def user_tokens_today(*, user_id: int, now: datetime | None = None) -> int:
    """Tokens the model spent today on this user's answers."""
    spent = _spent(
        Turn.objects.filter(session__candidate_id=user_id, evaluated_at__gte=day_start(now))
    ).aggregate(
        prompt=Sum("prompt_tokens", default=0), completion=Sum("completion_tokens", default=0)
    )
    return int(spent["prompt"]) + int(spent["completion"])


def cohort_tokens_this_month(
    *, cohort_ids: list[int], now: datetime | None = None
) -> dict[int, int]:
    """{cohort id: tokens spent this month on its current candidates} (one query)."""
    if not cohort_ids:
        return {}
    rows = (
        _spent(
            Turn.objects.filter(
                session__candidate__cohort_memberships__cohort_id__in=cohort_ids,
                session__candidate__cohort_memberships__role=CohortMembership.Role.CANDIDATE,
                evaluated_at__gte=month_start(now),
            )
        )
        .values(_MEMBER_COHORT)
        .annotate(
            prompt=Sum("prompt_tokens", default=0), completion=Sum("completion_tokens", default=0)
        )
        .order_by()
    )
    return {row[_MEMBER_COHORT]: int(row["prompt"]) + int(row["completion"]) for row in rows}


@dataclass(frozen=True)
class ModelUsage:
    model: str
    prompt_tokens: int
    completion_tokens: int

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    @property
    def cost(self) -> Decimal | None:
        """Estimated from LLM_PRICE_PER_1K_TOKENS; None for a model with no price set."""
        price = settings.LLM_PRICE_PER_1K_TOKENS.get(self.model)
        if price is None:
            return None
        per_input, per_output = price
        return (self.prompt_tokens * per_input + self.completion_tokens * per_output) / 1000


def model_of(provider: str) -> str:
    """The model a turn's provider names ("openai:gpt-4o-mini" → "gpt-4o-mini")."""
    prefix = f"{OPENAI}:"
    return provider[len(prefix) :] if provider.startswith(prefix) else provider


def cohort_usage_by_model(
    *, cohort_ids: list[int], now: datetime | None = None
) -> dict[int, list[ModelUsage]]:
    """{cohort id: usage this month per model}, largest first (one query)."""
    if not cohort_ids:
        return {}
    rows = (
        _spent(
            Turn.objects.filter(
                session__candidate__cohort_memberships__cohort_id__in=cohort_ids,
                session__candidate__cohort_memberships__role=CohortMembership.Role.CANDIDATE,
                evaluated_at__gte=month_start(now),
            )
        )
        .values(_MEMBER_COHORT, "provider")
        .annotate(
            prompt=Sum("prompt_tokens", default=0), completion=Sum("completion_tokens", default=0)
        )
        .order_by()
    )
    usage: dict[int, dict[str, ModelUsage]] = {}
    for row in rows:
        per = usage.setdefault(row[_MEMBER_COHORT], {})
        model = model_of(row["provider"])
        before = per.get(model, ModelUsage(model, 0, 0))
        per[model] = ModelUsage(
            model,
            before.prompt_tokens + int(row["prompt"]),
            before.completion_tokens + int(row["completion"]),
        )
    return {
        cohort_id: sorted(per.values(), key=lambda u: -u.tokens) for cohort_id, per in usage.items()
    }


def cohort_daily_limit(cohort: Cohort) -> int:
    """Tokens per candidate per day in this cohort (its override, else the setting; 0: none)."""
    if cohort.llm_daily_tokens_per_user is not None:
        return cohort.llm_daily_tokens_per_user
    return int(settings.LLM_DAILY_TOKENS_PER_USER)


def cohort_monthly_limit(cohort: Cohort) -> int:
    """Tokens per month for the cohort (its override, else the setting; 0: none)."""
    if cohort.llm_monthly_tokens is not None:
        return cohort.llm_monthly_tokens
    return int(settings.LLM_MONTHLY_TOKENS_PER_COHORT)
