"""The daily LLM budget: tokens the model spent on a user's answers today, from the
usage the (local, OpenAI-compatible) server reported; past the limit the offline
interviewer grades that user's answers, marked as such."""

import asyncio
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from interviews.engine import astream_evaluation
from interviews.engine.types import FeedbackDone, KeyPointSpec, QuestionSpec
from interviews.models import Turn
from interviews.services.turns.generation import (
    generation_inputs,
    llm_budget_spent,
    llm_tokens_today,
)
from tests.factories import InterviewSessionFactory, TurnFactory, UserFactory
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


def test_past_the_daily_limit_the_offline_interviewer_grades(openai_server, settings):
    openai_server.enqueue(Reply(EVALUATION))
    evaluation = _evaluate(QUESTION)
    spent = evaluation.prompt_tokens + evaluation.completion_tokens
    assert spent > 0  # the server's usage, recorded on the evaluation
    user = UserFactory()
    _graded_turn(user, evaluation)
    waiting = TurnFactory(session=InterviewSessionFactory(candidate=user), answer="Next.")

    assert llm_tokens_today(user_id=user.pk) == spent
    settings.LLM_DAILY_TOKENS_PER_USER = spent + 1
    assert generation_inputs(waiting).over_budget is False
    settings.LLM_DAILY_TOKENS_PER_USER = spent
    assert generation_inputs(waiting).over_budget is True
    settings.LLM_DAILY_TOKENS_PER_USER = 0  # no limit
    assert generation_inputs(waiting).over_budget is False


def test_yesterdays_usage_and_other_users_do_not_count(openai_server, settings):
    openai_server.enqueue(Reply(EVALUATION), Reply(EVALUATION))
    user, other = UserFactory(), UserFactory()
    _graded_turn(user, _evaluate(QUESTION), when=timezone.now() - timedelta(days=1))
    _graded_turn(other, _evaluate(QUESTION))
    settings.LLM_DAILY_TOKENS_PER_USER = 1

    assert llm_tokens_today(user_id=user.pk) == 0
    assert llm_budget_spent(user_id=user.pk) is False
    assert llm_budget_spent(user_id=other.pk) is True


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
    assert llm_budget_spent(user_id=user.pk) is False
