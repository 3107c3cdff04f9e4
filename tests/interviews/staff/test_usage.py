"""LLM usage and estimated cost per cohort, from the usage the local OpenAI-compatible
server reported on graded answers."""

import asyncio
from datetime import timedelta
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from interviews.engine import astream_evaluation
from interviews.engine.types import FeedbackDone
from interviews.models import Turn
from tests.factories import InterviewSessionFactory, TurnFactory
from tests.fakes.openai_server import Reply
from tests.interviews.services.test_llm_budget import EVALUATION, QUESTION
from tests.interviews.staff.conftest import cohort_member

pytestmark = pytest.mark.django_db


def _graded_by_the_model(user, *, when=None):
    async def run():
        async for item in astream_evaluation(
            question=QUESTION, answer="An index: it avoids a full table scan.", language="en"
        ):
            if isinstance(item, FeedbackDone):
                return item.evaluation

    evaluation = asyncio.run(run())
    return TurnFactory(
        session=InterviewSessionFactory(candidate=user),
        evaluation_status=Turn.EvaluationStatus.DONE,
        evaluated_at=when or timezone.now(),
        prompt_tokens=evaluation.prompt_tokens,
        completion_tokens=evaluation.completion_tokens,
        provider=evaluation.provider,
    )


def test_cohort_usage_and_cost_from_the_servers_usage(
    openai_server, settings, client, cohort, cohort_staff, candidate, other_staff
):
    openai_server.enqueue(
        Reply(EVALUATION, usage=(1000, 500)),
        Reply(EVALUATION, usage=(3000, 1500)),
        Reply(EVALUATION, usage=(9999, 9999)),
    )
    settings.LLM_PRICE_PER_1K_TOKENS = {"fake-model": (Decimal("0.5"), Decimal("2"))}
    _graded_by_the_model(candidate)
    _graded_by_the_model(cohort_member(cohort, "Second"))
    _graded_by_the_model(candidate, when=timezone.now() - timedelta(days=40))  # last month
    client.force_login(cohort_staff)
    response = client.get(reverse("staff:budget", args=[cohort.pk]))
    assert response.status_code == HTTPStatus.OK
    usage = response.context["usage"]
    assert usage.tokens == 6000
    (model,) = usage.by_model
    assert (model.model, model.prompt_tokens, model.completion_tokens) == ("fake-model", 4000, 2000)
    # 4,000 prompt tokens at 0.5 per 1,000 and 2,000 completion tokens at 2 per 1,000.
    assert usage.cost == Decimal("6")
    assert "6.0000" in response.content.decode()

    client.force_login(other_staff)
    assert client.get(reverse("staff:budget", args=[cohort.pk])).status_code == 404


def test_a_model_without_a_price_is_shown_apart(
    openai_server, settings, client, cohort, cohort_staff, candidate, superuser
):
    openai_server.enqueue(Reply(EVALUATION))
    settings.LLM_PRICE_PER_1K_TOKENS = {}
    _graded_by_the_model(candidate)
    client.force_login(superuser)  # an admin sees every cohort's usage
    response = client.get(reverse("staff:usage"))
    (usage,) = [u for u in response.context["usages"] if u.cohort == cohort]
    assert usage.tokens == 70 and usage.unpriced and usage.cost == 0
    assert "some models have no price" in response.content.decode()


def test_the_usage_page_and_the_budget_check_agree(openai_server, settings, cohort, candidate):
    from interviews.services.turns.budget import llm_budget_verdict

    openai_server.enqueue(Reply(EVALUATION))
    _graded_by_the_model(candidate)
    settings.LLM_DAILY_TOKENS_PER_USER = 0
    cohort.llm_monthly_tokens = 70
    cohort.save()
    from interviews.selectors.staff import cohort_usage_list_for_staff
    from tests.factories import UserFactory

    root = UserFactory(is_superuser=True, is_staff=True)
    (usage,) = [u for u in cohort_usage_list_for_staff(staff=root) if u.cohort == cohort]
    assert usage.over_limit
    assert llm_budget_verdict(user_id=candidate.pk).refused
