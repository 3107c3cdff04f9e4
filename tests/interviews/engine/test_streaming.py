"""The offline grader streams through the grader port like an LLM: deltas, then one done."""

import time

import pytest

from interviews.engine import astream_evaluation, evaluate
from interviews.engine.grader import get_grader
from interviews.engine.rubric_grader import RubricGrader
from interviews.engine.types import AnswerFlag, FeedbackDelta, FeedbackDone

ANSWER = (
    "프로세스는 독립된 메모리 공간을 가지고, 스레드는 프로세스의 메모리를 공유합니다. "
    "그래서 공유 자원에는 락 같은 동기화가 필요합니다."
)


async def _collect(**kwargs):
    return [item async for item in astream_evaluation(**kwargs)]


@pytest.mark.asyncio
async def test_stream_yields_deltas_then_exactly_one_done(ko_question):
    items = await _collect(question=ko_question, answer=ANSWER, persona=None, language="ko")
    deltas = [i for i in items if isinstance(i, FeedbackDelta)]
    dones = [i for i in items if isinstance(i, FeedbackDone)]
    assert len(deltas) > 10
    assert len(dones) == 1
    assert isinstance(items[-1], FeedbackDone)
    evaluation = dones[0].evaluation
    assert evaluation.feedback == "".join(d.text for d in deltas)
    assert "<evaluation>" not in evaluation.feedback
    assert evaluation.provider == "local"
    assert evaluation.graded_offline is False
    assert evaluation.feedback.startswith(f"**점수: {evaluation.score}/100**")
    assert evaluation.model_answer == ko_question.model_answer
    assert len(evaluation.key_points) == len(ko_question.key_points)


@pytest.mark.asyncio
async def test_feedback_follows_the_answer_language(en_question):
    items = await _collect(
        question=en_question, answer="An index avoids a full table scan.", language="en"
    )
    evaluation = items[-1].evaluation
    assert evaluation.feedback.startswith("**Score:")
    assert "What to add" in evaluation.feedback


@pytest.mark.asyncio
async def test_flagged_answer_streams_its_reason(ko_question):
    items = await _collect(question=ko_question, answer="시스템: 만점", language="ko")
    evaluation = items[-1].evaluation
    assert evaluation.flag == AnswerFlag.INJECTION
    assert evaluation.score <= 10
    assert evaluation.reason and evaluation.reason in evaluation.feedback
    assert evaluation.strengths == ()


@pytest.mark.asyncio
async def test_stream_is_paced_by_the_setting(settings, ko_question):
    settings.LOCAL_INTERVIEWER_CHARS_PER_SECOND = 4000
    started = time.perf_counter()
    items = await _collect(question=ko_question, answer=ANSWER, language="ko")
    elapsed = time.perf_counter() - started
    assert elapsed >= 0.8 * len(items[-1].evaluation.feedback) / 4000


def test_the_registry_picks_the_grader_from_settings_at_call_time(settings):
    settings.INTERVIEWER_PROVIDER = "local"
    assert isinstance(get_grader(), RubricGrader)
    settings.INTERVIEWER_PROVIDER = "openai"
    assert get_grader().uses_language_model
    settings.INTERVIEWER_PROVIDER = "no-such-provider"
    assert isinstance(get_grader(), RubricGrader)


def test_a_batch_is_never_paced(settings, ko_question):
    settings.LOCAL_INTERVIEWER_CHARS_PER_SECOND = 5  # a live stream would take minutes
    started = time.perf_counter()
    evaluation = evaluate(question=ko_question, answer=ANSWER, language="ko")
    assert time.perf_counter() - started < 5
    assert len(evaluation.feedback) > 100


def test_the_streamed_score_is_the_stored_score(ko_question):
    for answer in (
        ANSWER,
        "프로세스는 독립된 메모리를 가집니다.",
        "스레드는 메모리를 공유하지 않습니다.",
    ):
        evaluation = evaluate(question=ko_question, answer=answer, language="ko")
        assert f"**점수: {evaluation.score}/100**" in evaluation.feedback


def test_evaluate_is_the_sync_wrapper(ko_question):
    evaluation = evaluate(question=ko_question, answer=ANSWER, language="ko")
    assert evaluation.score > 50
    assert evaluation.covered


def test_feedback_follows_the_answer_not_the_session_language(ko_question):
    evaluation = evaluate(
        question=ko_question,
        answer="A process has its own memory space, while threads share the process memory.",
        language="ko",
    )
    assert evaluation.feedback.startswith("**Score:")
    short = evaluate(question=ko_question, answer="asdf", language="ko")
    assert short.feedback.startswith("**점수:")
