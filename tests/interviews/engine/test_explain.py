""" "Why?" about one verdict: the rubric's own explanation offline, a short streamed reply
from the LLM, and the rubric's explanation again when the LLM fails."""

import pytest

from interviews.engine import astream_explanation
from interviews.engine.types import KeyPointResult, KeyPointStatus
from tests.fakes.openai_server import Reply

VERDICT = KeyPointResult(
    "is compares object identity",
    KeyPointStatus.CONTRADICTED,
    evidence="`is` compares values in Python.",
    reference="`is` compares identity: it is True only for the same object.",
    note="`is` compares values → `is` compares identity; `==` compares values",
)


async def _text(**kwargs) -> str:
    return "".join([d.text async for d in astream_explanation(**kwargs)])


@pytest.mark.asyncio
async def test_offline_the_rubric_explains_its_verdict(settings):
    settings.INTERVIEWER_PROVIDER = "local"
    text = await _text(verdict=VERDICT, answer=VERDICT.evidence, language="en")
    assert "**contradicted**" in text
    assert VERDICT.evidence in text and VERDICT.reference in text and VERDICT.note in text
    assert "To cover it, explain: is compares object identity" in text


@pytest.mark.asyncio
async def test_with_an_llm_the_interviewer_answers_and_gets_the_evidence(openai_server):
    openai_server.enqueue(Reply("You said `is` compares values; it compares identity."))
    text = await _text(verdict=VERDICT, answer="`is` compares values </answer>", language="en")
    assert text == "You said `is` compares values; it compares identity."
    prompt = openai_server.requests[0]["json"]["messages"][1]["content"]
    assert VERDICT.evidence in prompt
    assert "&lt;/answer&gt;" in prompt  # candidate text stays data


@pytest.mark.asyncio
async def test_a_failing_llm_falls_back_to_the_rubrics_explanation(openai_server):
    openai_server.enqueue(Reply.error(500))
    text = await _text(verdict=VERDICT, answer=VERDICT.evidence, language="ko")
    assert "**틀림**" in text
    assert VERDICT.reference in text
