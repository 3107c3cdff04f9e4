"""Chat model providers behind one factory, chosen from settings at call time.

`local`  — `RubricInterviewer`, a deterministic LangChain chat model that grades with
           the rubric and streams its feedback word by word, in the same output format
           an LLM is asked for (Markdown, then an <evaluation> JSON block).
`openai` — `ChatOpenAI` against OPENAI_BASE_URL (OpenAI or a compatible server).
"""

import asyncio
import json
import re
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from langchain_core.callbacks import (
    AsyncCallbackManagerForLLMRun,
    CallbackManagerForLLMRun,
)
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import ConfigDict

from . import feedback, rubric
from .prompts import EVALUATION_CLOSE, EVALUATION_OPEN
from .types import QuestionSpec

LOCAL = "local"
OPENAI = "openai"
_WORD_CHUNKS = re.compile(r"\S+\s*|\s+")


def provider_name() -> str:
    return (getattr(settings, "INTERVIEWER_PROVIDER", LOCAL) or LOCAL).strip().lower()


def rubric_output(question: QuestionSpec, answer: str, language: str) -> tuple[str, str]:
    """The rubric's feedback Markdown and its <evaluation> block, as an LLM would write them."""
    grade = rubric.grade(question, answer)
    markdown = feedback.rubric_feedback(question, grade, language)
    strengths, improvements = feedback.strengths_and_improvements(grade)
    payload = {
        "score": grade.score,
        "key_points": [
            {"id": index, "status": str(g.status)}
            for index, g in enumerate(grade.key_points, start=1)
        ],
        "strengths": list(strengths),
        "improvements": list(improvements),
        "flag": str(grade.flag),
        "reason": feedback.reason_for(grade.flag, language),
    }
    block = f"\n\n{EVALUATION_OPEN}\n{json.dumps(payload, ensure_ascii=False)}\n{EVALUATION_CLOSE}"
    return markdown, block


class RubricInterviewer(BaseChatModel):
    """The offline interviewer as a chat model, bound to one question and answer.

    It grades the data it was built with rather than re-reading the prompt: the prompt
    is still rendered and passed, so the chain and the stream handling are the same as
    for an LLM, but nothing in the prompt can steer the rubric.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    question: QuestionSpec
    answer: str
    language: str = "ko"
    chars_per_second: float = 0.0

    @property
    def _llm_type(self) -> str:
        return "rubric-interviewer"

    def _chunks(self) -> tuple[list[str], str]:
        markdown, block = rubric_output(self.question, self.answer, self.language)
        return _WORD_CHUNKS.findall(markdown), block

    def _delay(self, chunk: str) -> float:
        return len(chunk) / self.chars_per_second if self.chars_per_second > 0 else 0.0

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        words, block = self._chunks()
        message = AIMessage(
            content="".join(words) + block, response_metadata={"finish_reason": "stop"}
        )
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        words, block = self._chunks()
        for word in words:
            if delay := self._delay(word):
                time.sleep(delay)
            chunk = ChatGenerationChunk(message=AIMessageChunk(content=word))
            if run_manager:
                run_manager.on_llm_new_token(word, chunk=chunk)
            yield chunk
        yield _final_chunk(block)

    async def _astream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[ChatGenerationChunk]:
        # Grading is CPU work (and loads Kiwi on first use): keep it off the event loop.
        words, block = await asyncio.to_thread(self._chunks)
        for word in words:
            # Yield control even without a delay, so other streams progress.
            await asyncio.sleep(self._delay(word))
            chunk = ChatGenerationChunk(message=AIMessageChunk(content=word))
            if run_manager:
                await run_manager.on_llm_new_token(word, chunk=chunk)
            yield chunk
        yield _final_chunk(block)


def _final_chunk(block: str) -> ChatGenerationChunk:
    return ChatGenerationChunk(
        message=AIMessageChunk(content=block, response_metadata={"finish_reason": "stop"})
    )


def local_model(*, question: QuestionSpec, answer: str, language: str) -> RubricInterviewer:
    return RubricInterviewer(
        question=question,
        answer=answer,
        language=language,
        chars_per_second=float(getattr(settings, "LOCAL_INTERVIEWER_CHARS_PER_SECOND", 0.0)),
    )


@dataclass(frozen=True)
class OpenAIConfig:
    api_key: str
    base_url: str | None
    model: str
    timeout: float
    max_retries: int
    max_tokens: int
    deadline: float

    @classmethod
    def from_settings(cls) -> "OpenAIConfig":
        timeout = float(getattr(settings, "OPENAI_TIMEOUT_SECONDS", 30.0))
        retries = int(getattr(settings, "OPENAI_MAX_RETRIES", 2))
        # `timeout` is per read; the deadline bounds the whole call, retries included.
        default_deadline = min(180.0, timeout * (retries + 1) + 10.0)
        return cls(
            # A compatible server (Ollama, vLLM) may need no key; the client needs one.
            api_key=getattr(settings, "OPENAI_API_KEY", "") or "not-needed",
            base_url=getattr(settings, "OPENAI_BASE_URL", "") or None,
            model=getattr(settings, "OPENAI_MODEL", "gpt-4o-mini") or "gpt-4o-mini",
            timeout=timeout,
            max_retries=retries,
            max_tokens=int(getattr(settings, "OPENAI_MAX_TOKENS", 900)),
            deadline=float(getattr(settings, "OPENAI_DEADLINE_SECONDS", 0.0)) or default_deadline,
        )


def openai_model(config: OpenAIConfig, *, http_async_client: Any = None) -> BaseChatModel:
    """A ChatOpenAI for this call. Pass an async HTTP client owned by the running loop:
    langchain-openai otherwise shares one per process, which breaks on a second loop."""
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        model=config.model,
        api_key=config.api_key,
        base_url=config.base_url,
        timeout=config.timeout,
        max_retries=config.max_retries,
        max_tokens=config.max_tokens,
        temperature=0,
        stream_usage=True,
        http_async_client=http_async_client,
        # Our own client carries the transport; keep langchain-openai from building one.
        http_socket_options=(),
    )


def get_chat_model(
    *, question: QuestionSpec, answer: str, language: str, http_async_client: Any = None
) -> BaseChatModel:
    """The one factory. Reads INTERVIEWER_PROVIDER on every call, never at import, so a
    settings change (or a test override) takes effect at once."""
    if provider_name() == OPENAI:
        return openai_model(OpenAIConfig.from_settings(), http_async_client=http_async_client)
    return local_model(question=question, answer=answer, language=language)
