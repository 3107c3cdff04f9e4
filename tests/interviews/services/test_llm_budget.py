"""LLM budgets: tokens the model spent on a candidate's answers today and on a cohort this
month, from the usage the local OpenAI-compatible server reported. Past a limit the answer
is refused politely (saved, retryable, with the reset time), or, when the cohort chose it,
the offline interviewer grades, marked as such."""

import asyncio
import json
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from accounts.models import CohortMembership, OverBudget
from interviews.engine import astream_evaluation
from interviews.engine.types import FeedbackDone, KeyPointSpec, QuestionSpec
from interviews.models import Turn
from interviews.selectors.llm_usage import user_tokens_today
from interviews.services.turns import InterviewActionError, Refusal, answer_accept, retry_accept
from interviews.services.turns.budget import BudgetExceeded, BudgetLimit, llm_budget_verdict
from interviews.services.turns.generation import generation_inputs
from tests.factories import (
    CohortFactory,
    CohortMembershipFactory,
    InterviewSessionFactory,
    TurnFactory,
    UserFactory,
)
from tests.fakes.openai_server import Reply

pytestmark = pytest.mark.django_db

QUESTION = QuestionSpec(
    text="What is an index?",
    language="en",
    model_answer="A sorted structure that avoids a full scan; writes get slower.",
    key_points=(KeyPointSpec("avoids a full table scan"),),
)

EVALUATION = (
    "Good.\n<evaluation>\n"
    + json.dumps(
        {
            "key_points": [
                {"id": 1, "verdict": "covered", "evidence": "it avoids a full table scan"}
            ],
            "strengths": [],
            "improvements": [],
            "flag": "",
            "reason": "",
        }
    )
    + "\n</evaluation>"
)


def _graded_turn(user, evaluation, *, when=None):
    """A turn stored with the usage a real call reported."""
    session = InterviewSessionFactory(candidate=user)
    return TurnFactory(
        session=session,
        evaluation_status=Turn.EvaluationStatus.DONE,
        evaluated_at=when or timezone.now(),
        prompt_tokens=evaluation.prompt_tokens,
        completion_tokens=evaluation.completion_tokens,
        graded_offline=evaluation.graded_offline,
        provider=evaluation.provider,
    )


def _evaluate(question):
    async def run():
        async for item in astream_evaluation(
            question=question, answer="An index: it avoids a full table scan.", language="en"
        ):
            if isinstance(item, FeedbackDone):
                return item.evaluation

    return asyncio.run(run())


def _spend(openai_server, user, *, when=None):
    """One answer graded by the model through the local server; returns the tokens spent."""
    openai_server.enqueue(Reply(EVALUATION))
    evaluation = _evaluate(QUESTION)
    _graded_turn(user, evaluation, when=when)
    return evaluation.prompt_tokens + evaluation.completion_tokens


def _waiting(user):
    return TurnFactory(session=InterviewSessionFactory(candidate=user), answer="Next.")


def _in_cohort(user, cohort=None, **budget):
    cohort = cohort or CohortFactory(**budget)
    CohortMembershipFactory(cohort=cohort, user=user)
    return cohort


def test_usage_comes_from_the_server_and_counts_today_only(openai_server, settings):
    user, other = UserFactory(), UserFactory()
    spent = _spend(openai_server, user)
    assert spent == 70  # the fake server's reported usage: 50 prompt + 20 completion
    _spend(openai_server, user, when=timezone.now() - timedelta(days=1))
    _spend(openai_server, other)
    assert user_tokens_today(user_id=user.pk) == spent


def test_tokens_spent_before_an_offline_fallback_still_count(openai_server):
    """The model answered twice without a valid block; the rubric graded, but both calls
    were paid for."""
    user = UserFactory()
    openai_server.enqueue(Reply("Good. <evaluation>{not json"), Reply("still no block"))
    evaluation = _evaluate(QUESTION)
    assert evaluation.graded_offline is True
    _graded_turn(user, evaluation)
    assert user_tokens_today(user_id=user.pk) == 2 * 70


def test_past_the_daily_limit_a_candidate_in_no_cohort_is_refused_until_midnight(
    openai_server, settings
):
    user = UserFactory()
    spent = _spend(openai_server, user)
    waiting = _waiting(user)
    settings.LLM_DAILY_TOKENS_PER_USER = spent + 1
    assert generation_inputs(waiting).over_budget is False
    settings.LLM_DAILY_TOKENS_PER_USER = spent
    with pytest.raises(BudgetExceeded) as exceeded:
        generation_inputs(waiting)
    verdict = exceeded.value.verdict
    assert verdict.limit == BudgetLimit.DAILY
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert timezone.localtime(verdict.resets_at) == timezone.make_aware(
        datetime.combine(tomorrow, datetime.min.time())
    )
    settings.LLM_DAILY_TOKENS_PER_USER = 0  # no limit
    assert generation_inputs(waiting).over_budget is False


def test_a_cohort_that_chose_it_has_the_offline_interviewer_grade(openai_server, settings):
    user = UserFactory()
    _in_cohort(user, llm_over_budget=OverBudget.OFFLINE)
    settings.LLM_DAILY_TOKENS_PER_USER = _spend(openai_server, user)
    inputs = generation_inputs(_waiting(user))
    assert inputs.over_budget is True  # the worker asks the engine for the rubric


def test_a_cohort_overrides_the_daily_limit(openai_server, settings):
    user = UserFactory()
    cohort = _in_cohort(user)
    spent = _spend(openai_server, user)
    settings.LLM_DAILY_TOKENS_PER_USER = spent  # the setting alone would refuse
    cohort.llm_daily_tokens_per_user = spent + 1000
    cohort.save()
    assert llm_budget_verdict(user_id=user.pk).limit is None
    cohort.llm_daily_tokens_per_user = 0  # no limit for this cohort
    cohort.save()
    assert llm_budget_verdict(user_id=user.pk).limit is None
    cohort.llm_daily_tokens_per_user = spent
    cohort.save()
    assert llm_budget_verdict(user_id=user.pk).refused


def test_the_monthly_limit_is_the_cohorts_and_resets_on_the_first(openai_server, settings):
    settings.LLM_DAILY_TOKENS_PER_USER = 0
    first, second, leaver = UserFactory(), UserFactory(), UserFactory()
    cohort = _in_cohort(first)
    _in_cohort(second, cohort)
    _in_cohort(leaver, cohort)
    spent = _spend(openai_server, first) + _spend(openai_server, second)
    _spend(openai_server, leaver)
    CohortMembership.objects.filter(user=leaver).delete()  # their usage leaves with them
    _spend(openai_server, first, when=timezone.now() - timedelta(days=40))  # an earlier month
    settings.LLM_MONTHLY_TOKENS_PER_COHORT = spent + 1
    assert llm_budget_verdict(user_id=second.pk).limit is None
    settings.LLM_MONTHLY_TOKENS_PER_COHORT = spent
    verdict = llm_budget_verdict(user_id=second.pk)
    assert verdict.refused and verdict.limit == BudgetLimit.MONTHLY
    resets = timezone.localtime(verdict.resets_at)
    assert (resets.day, resets.hour, resets.minute) == (1, 0, 0)
    assert resets > timezone.now()
    assert llm_budget_verdict(user_id=leaver.pk).limit is None  # no longer in the cohort
    cohort.llm_monthly_tokens = spent * 10  # staff raise it for this cohort
    cohort.save()
    assert llm_budget_verdict(user_id=second.pk).limit is None


def test_a_refusal_wins_over_offline_grading(openai_server, settings):
    user = UserFactory()
    _in_cohort(user, llm_over_budget=OverBudget.OFFLINE)
    _in_cohort(user, llm_over_budget=OverBudget.REFUSE)
    settings.LLM_DAILY_TOKENS_PER_USER = _spend(openai_server, user)
    assert llm_budget_verdict(user_id=user.pk).refused


def test_without_a_language_model_there_is_no_budget(settings):
    settings.INTERVIEWER_PROVIDER = "local"
    settings.LLM_DAILY_TOKENS_PER_USER = 1
    user = UserFactory()
    TurnFactory(
        session=InterviewSessionFactory(candidate=user),
        evaluated_at=timezone.now(),
        prompt_tokens=500,
        completion_tokens=500,
    )
    assert llm_budget_verdict(user_id=user.pk).limit is None


@pytest.mark.django_db(transaction=True)  # real commits: the lease is taken on commit
def test_a_refused_answer_is_saved_failed_and_retryable_once_the_limit_allows(
    openai_server, settings, candidate, start_session
):
    from interviews.services.turns import lease_get

    session = start_session(candidate)
    turn = session.turns.get()
    settings.LLM_DAILY_TOKENS_PER_USER = _spend(openai_server, candidate)
    with pytest.raises(InterviewActionError) as refused:
        answer_accept(
            user=candidate, session_id=session.pk, turn_id=turn.pk, text="My answer", channel="c1"
        )
    assert refused.value.reason == Refusal.OVER_DAILY_BUDGET
    assert refused.value.resets_at > timezone.now()
    turn.refresh_from_db()
    assert turn.answer == "My answer"  # nothing is lost
    assert turn.evaluation_status == Turn.EvaluationStatus.FAILED
    assert turn.refused_over_budget
    assert lease_get(session.pk) is None
    calls = len(openai_server.requests)

    with pytest.raises(InterviewActionError) as again:  # a retry before the reset
        retry_accept(user=candidate, session_id=session.pk, turn_id=turn.pk, channel="c2")
    assert again.value.reason == Refusal.OVER_DAILY_BUDGET
    turn.refresh_from_db()
    assert turn.evaluation_status == Turn.EvaluationStatus.FAILED
    assert lease_get(session.pk) is None
    assert len(openai_server.requests) == calls  # no model call was made

    settings.LLM_DAILY_TOKENS_PER_USER = 0  # the limit allows it again
    inputs = retry_accept(user=candidate, session_id=session.pk, turn_id=turn.pk, channel="c3")
    assert inputs.turn_id == turn.pk and inputs.over_budget is False
    turn.refresh_from_db()
    assert turn.evaluation_status == Turn.EvaluationStatus.STREAMING
