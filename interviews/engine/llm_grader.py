"""The LLM grader: a chat model (ChatOpenAI, or any OpenAI-compatible server) streams
feedback and ends with verdicts and evidence quotes in an <evaluation> block. The block
is checked (`results.to_evaluation`). The rubric grades instead, marked graded offline,
when the model fails before its first token (down, rate-limited past the retries, too
slow) or its block stays invalid after one more request. A stream that fails after text
was shown raises EngineError: the turn is failed and can be retried.

The fallback is ours, not `Runnable.with_fallbacks`: the rubric is not a chat model (it
yields its Evaluation directly), and a fallback after the first token would show two
answers."""

import asyncio
import logging
import weakref
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, UsageMetadata

from . import feedback, guards, prompts, providers
from .grader import OPENAI, GradingRequest, register
from .results import BlockSplitter, EvaluationPayload, GradingResult, InvalidOutput, parse_block
from .results import to_evaluation as _to_evaluation
from .rubric_grader import RubricGrader
from .types import (
    AnswerFlag,
    EngineError,
    Evaluation,
    FeedbackDelta,
    FeedbackDone,
    model_request_sent,
)

logger = logging.getLogger(__name__)

# User-facing error messages (the consumer shows them; tests import them).
ERROR_PROVIDER = "The AI interviewer is unavailable right now. Please try again."
ERROR_TIMEOUT = "The AI interviewer took too long to answer. Please try again."
ERROR_INCOMPLETE = "The AI interviewer's answer was cut off. Please try again."

_http_clients: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Any]" = (
    weakref.WeakKeyDictionary()
)
_models: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, tuple[Any, Any, BaseChatModel]]" = (
    weakref.WeakKeyDictionary()
)


def _loop_http_client(timeout: float) -> Any:
    """One HTTP client per event loop: reused across answers (a new client costs ~55 ms of
    TLS setup), never shared with another loop ("Event loop is closed")."""
    import openai

    loop = asyncio.get_running_loop()
    client = _http_clients.get(loop)
    if client is None or client.is_closed or client.timeout.read != timeout:
        client = openai.DefaultAsyncHttpxClient(
            timeout=timeout, event_hooks={"response": [_response_began]}
        )
        _http_clients[loop] = client
    return client


async def _response_began(response: Any) -> None:
    callback = model_request_sent.get()
    if callback is not None:
        callback()


def _loop_model(config: providers.OpenAIConfig) -> BaseChatModel:
    """The chat model for this loop and configuration, built once (ChatOpenAI validates
    its fields and builds its clients on every construction: ~ms an answer)."""
    loop = asyncio.get_running_loop()
    client = _loop_http_client(config.timeout)
    held = _models.get(loop)
    if held is not None and held[0] == config and held[1] is client:
        return held[2]
    model = providers.openai_model(config, http_async_client=client)
    _models[loop] = (config, client, model)
    return model


class LLMGrader:
    name = OPENAI
    uses_language_model = True

    def __init__(self, config: providers.OpenAIConfig, offline: RubricGrader) -> None:
        self.config = config
        self.offline = offline

    def model(self) -> BaseChatModel:
        return _loop_model(self.config)

    async def astream(self, request: GradingRequest) -> AsyncIterator[FeedbackDelta | FeedbackDone]:
        question, answer, language = request.question, request.answer, request.language
        provider = f"{OPENAI}:{self.config.model}"
        guard = guards.detect_junk(answer)
        if guard == AnswerFlag.NONE and guards.detect_injection(answer):
            guard = AnswerFlag.INJECTION
        if guard in {AnswerFlag.EMPTY, AnswerFlag.JUNK}:
            # Nothing to send: the rubric's verdict on an empty or gibberish answer is final.
            async for item in self.offline.astream(replace(request, offline=True)):
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
        finish_reason = None
        raw = ""
        model = self.model()
        # Usage comes on the stream's last chunk (stream_usage). Read from the chunks, not
        # through a callback handler: langchain runs a sync handler's every event, one per
        # chunk, in the thread pool.
        usage: list[UsageMetadata] = []
        try:
            async with asyncio.timeout(self.config.deadline):
                async for chunk in model.astream(messages):
                    piece = chunk.text
                    raw += piece
                    if text := splitter.feed(piece):
                        yield FeedbackDelta(text)
                    finish_reason = chunk.response_metadata.get("finish_reason") or finish_reason
                    if isinstance(chunk, AIMessage) and chunk.usage_metadata:
                        usage.append(chunk.usage_metadata)
        except Exception as error:
            logger.warning("openai stream failed: %s", error)
            if not splitter.visible:
                # Nothing shown yet: the candidate gets the rubric's feedback now.
                async for item in self._offline(request, lead="", usage=usage):
                    yield item
                return
            timed_out = isinstance(error, TimeoutError) or "timeout" in (
                type(error).__name__.lower()
            )
            message = ERROR_TIMEOUT if timed_out else ERROR_PROVIDER
            raise EngineError(message, partial=splitter.visible, timed_out=timed_out) from error
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
            async for item in self._offline(request, lead=splitter.visible, usage=usage):
                yield item
            return
        tokens = _totals(usage)
        result = GradingResult(
            payload,
            splitter.visible,
            provider,
            answer,
            prompt_tokens=tokens.get("input_tokens"),
            completion_tokens=tokens.get("output_tokens"),
            guard_flag=guard,
        )
        # Off the event loop: the support of the formula reads the answer with Kiwi.
        evaluation = await asyncio.to_thread(_to_evaluation, result, question, language)
        # The score is ours, from the checked verdicts, written after the model's text: the
        # text never claims a score other than the one stored.
        tail = _score_line(evaluation, language, lead=splitter.visible)
        yield FeedbackDelta(tail)
        yield FeedbackDone(replace(evaluation, feedback=splitter.visible + tail))

    async def _offline(
        self, request: GradingRequest, *, lead: str, usage: list[UsageMetadata]
    ) -> AsyncIterator[FeedbackDelta | FeedbackDone]:
        """The rubric's feedback after a notice, marked graded offline. The tokens the
        model spent before it failed still count against the budgets."""
        notice = ("\n\n" if lead else "") + feedback.text(request.language)["offline"] + "\n\n"
        yield FeedbackDelta(notice)
        tokens = _totals(usage)
        async for item in self.offline.astream(replace(request, offline=True)):
            if isinstance(item, FeedbackDone):
                text = lead + notice + item.evaluation.feedback
                item = FeedbackDone(
                    replace(
                        item.evaluation,
                        feedback=text,
                        prompt_tokens=tokens.get("input_tokens"),
                        completion_tokens=tokens.get("output_tokens"),
                    )
                )
            yield item

    async def _retry_block(
        self,
        model: BaseChatModel,
        messages: list[BaseMessage],
        raw: str,
        question: Any,
        usage: list[UsageMetadata],
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
            if isinstance(reply, AIMessage) and reply.usage_metadata:
                usage.append(reply.usage_metadata)
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
    note = feedback.unsupported_note(evaluation.support, evaluation.support_points, language)
    if note:
        line += f"\n\n{note}"
    return line


def _totals(usages: list[UsageMetadata]) -> dict[str, int]:
    """Input and output tokens over every call (the stream and any retry)."""
    if not usages:
        return {}
    return {
        "input_tokens": sum(int(usage["input_tokens"] or 0) for usage in usages),
        "output_tokens": sum(int(usage["output_tokens"] or 0) for usage in usages),
    }


@register(OPENAI)
def _llm_grader() -> LLMGrader:
    from .rubric_grader import rubric_grader_from_settings

    return LLMGrader(providers.OpenAIConfig.from_settings(), rubric_grader_from_settings())
