"""The LLM grader: a chat model (ChatOpenAI, or any OpenAI-compatible server) streams
feedback and ends with verdicts and evidence quotes in an <evaluation> block. The block
is checked (`results.to_evaluation`); if it stays invalid after one more request, the
rubric grades instead and the turn is marked graded offline."""

import asyncio
import logging
import weakref
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage

from . import feedback, guards, prompts, providers
from .grader import OPENAI, GradingRequest, register
from .results import BlockSplitter, EvaluationPayload, GradingResult, InvalidOutput, parse_block
from .results import to_evaluation as _to_evaluation
from .rubric_grader import RubricGrader
from .types import AnswerFlag, EngineError, Evaluation, FeedbackDelta, FeedbackDone

logger = logging.getLogger(__name__)

# User-facing error messages (the consumer shows them; tests import them).
ERROR_PROVIDER = "The AI interviewer is unavailable right now. Please try again."
ERROR_TIMEOUT = "The AI interviewer took too long to answer. Please try again."
ERROR_INCOMPLETE = "The AI interviewer's answer was cut off. Please try again."

_http_clients: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Any]" = (
    weakref.WeakKeyDictionary()
)


def _loop_http_client(timeout: float) -> Any:
    """One HTTP client per event loop: reused across answers (a new client costs ~55 ms of
    TLS setup), never shared with another loop ("Event loop is closed")."""
    import openai

    loop = asyncio.get_running_loop()
    client = _http_clients.get(loop)
    if client is None or client.is_closed or client.timeout.read != timeout:
        client = openai.DefaultAsyncHttpxClient(timeout=timeout)
        _http_clients[loop] = client
    return client


class LLMGrader:
    name = OPENAI
    uses_language_model = True

    def __init__(self, config: providers.OpenAIConfig, offline: RubricGrader) -> None:
        self.config = config
        self.offline = offline

    def model(self) -> BaseChatModel:
        return providers.openai_model(
            self.config, http_async_client=_loop_http_client(self.config.timeout)
        )

    async def astream(self, request: GradingRequest) -> AsyncIterator[FeedbackDelta | FeedbackDone]:
        question, answer, language = request.question, request.answer, request.language
        provider = f"{OPENAI}:{self.config.model}"
        guard = guards.detect_junk(answer)
        if guard == AnswerFlag.NONE and guards.detect_injection(answer):
            guard = AnswerFlag.INJECTION
        if guard in {AnswerFlag.EMPTY, AnswerFlag.JUNK}:
            # Nothing to send: the rubric's verdict on an empty or gibberish answer is final.
            async for item in self.offline.astream(request, graded_offline=True):
                yield item
            return

        messages = prompts.evaluation_messages(
            question=question,
            answer=answer,
            persona=request.persona,
            language=language,
            references=request.references,
        )
        splitter = BlockSplitter()
        usage: dict[str, int] = {}
        finish_reason = None
        raw = ""
        model = self.model()
        try:
            async with asyncio.timeout(self.config.deadline):
                async for chunk in model.astream(messages):
                    piece = chunk.text
                    raw += piece
                    if text := splitter.feed(piece):
                        yield FeedbackDelta(text)
                    finish_reason = chunk.response_metadata.get("finish_reason") or finish_reason
                    _add_usage(usage, chunk)
        except TimeoutError as error:
            raise EngineError(ERROR_TIMEOUT, partial=splitter.visible) from error
        except Exception as error:
            logger.warning("openai stream failed: %s", error)
            message = ERROR_TIMEOUT if "timeout" in type(error).__name__.lower() else ERROR_PROVIDER
            raise EngineError(message, partial=splitter.visible) from error
        if finish_reason is None:
            # A connection closed without a finish reason ends "successfully" with a
            # truncated reply: treat it as the failure it is.
            raise EngineError(ERROR_INCOMPLETE, partial=splitter.visible)
        if text := splitter.flush():
            yield FeedbackDelta(text)

        try:
            payload: EvaluationPayload | None = parse_block(splitter.hidden, question)
        except InvalidOutput as error:
            logger.info("invalid evaluation block, asking again: %s", error)
            payload = await self._retry_block(model, messages, raw, question, usage)

        if payload is None:
            notice = "\n\n" + feedback.text(language)["offline"] + "\n\n"
            yield FeedbackDelta(notice)
            async for item in self.offline.astream(request, graded_offline=True):
                if isinstance(item, FeedbackDone):
                    text = splitter.visible + notice + item.evaluation.feedback
                    item = FeedbackDone(replace(item.evaluation, feedback=text))
                yield item
            return
        result = GradingResult(
            payload,
            splitter.visible,
            provider,
            answer,
            prompt_tokens=usage.get("input_tokens"),
            completion_tokens=usage.get("output_tokens"),
            guard_flag=guard,
        )
        evaluation = _to_evaluation(result, question, language)
        # The score is ours, from the checked verdicts, written after the model's text: the
        # text never claims a score other than the one stored.
        tail = _score_line(evaluation, language, lead=splitter.visible)
        yield FeedbackDelta(tail)
        yield FeedbackDone(replace(evaluation, feedback=splitter.visible + tail))

    async def _retry_block(
        self,
        model: BaseChatModel,
        messages: list[BaseMessage],
        raw: str,
        question: Any,
        usage: dict[str, int],
    ) -> EvaluationPayload | None:
        """Asks once more, for the JSON block alone; None means: grade with the rubric."""
        retry = [
            *messages,
            AIMessage(content=raw),
            HumanMessage(content=prompts.retry_instruction()),
        ]
        try:
            async with asyncio.timeout(self.config.deadline):
                reply = await model.ainvoke(retry)
            _add_usage(usage, reply)
            if not reply.response_metadata.get("finish_reason"):
                raise InvalidOutput("retry ended without a finish reason")
            return parse_block(reply.text, question)
        except Exception as error:  # any failure here falls back to the rubric, never silently
            logger.warning("evaluation retry failed, grading offline: %s", error)
            return None


def _score_line(evaluation: Evaluation, language: str, *, lead: str) -> str:
    t = feedback.text(language)
    if not lead.strip() or lead.endswith("\n\n"):
        separator = ""
    else:
        separator = "\n" if lead.endswith("\n") else "\n\n"
    line = separator + t["score"].format(score=evaluation.score)
    if evaluation.flag != AnswerFlag.NONE and evaluation.reason:
        line += f"\n\n{evaluation.reason}"
    return line


def _add_usage(usage: dict[str, int], message: BaseMessage) -> None:
    meta = getattr(message, "usage_metadata", None) or {}
    for key in ("input_tokens", "output_tokens"):
        if meta.get(key) is not None:
            usage[key] = usage.get(key, 0) + int(meta[key])


@register(OPENAI)
def _llm_grader() -> LLMGrader:
    from .rubric_grader import _rubric_grader

    return LLMGrader(providers.OpenAIConfig.from_settings(), _rubric_grader())
