"""The evaluation chain: prompt | chat model, streamed, then a validated structured result.

Both providers write Markdown feedback and end with an `<evaluation>{json}</evaluation>`
block. The stream relays the feedback and holds the block back; the block is validated
with pydantic (`results.py`). If an LLM's block is invalid we ask once more for the block alone; if
that fails too, the rubric grades and the feedback says so (graded_offline=True).
"""

import asyncio
import logging
import weakref
from collections.abc import AsyncIterator, Sequence
from dataclasses import replace
from typing import Any

from asgiref.sync import async_to_sync
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, BaseMessageChunk, HumanMessage
from langchain_core.runnables import Runnable

from . import feedback, guards, prompts, providers
from .results import (
    BlockSplitter,
    EvaluationPayload,
    GradingResult,
    InvalidOutput,
    parse_block,
    to_evaluation,
)
from .types import (
    AnswerFlag,
    EngineError,
    Evaluation,
    FeedbackDelta,
    FeedbackDone,
    PersonaSpec,
    QuestionSpec,
)

logger = logging.getLogger(__name__)

# User-facing error messages (the consumer shows them; tests import them).
ERROR_PROVIDER = "The AI interviewer is unavailable right now. Please try again."
ERROR_TIMEOUT = "The AI interviewer took too long to answer. Please try again."
ERROR_INCOMPLETE = "The AI interviewer's answer was cut off. Please try again."


def _chain(model: BaseChatModel) -> Runnable:
    # prompt | model; the stream of message chunks is parsed by BlockSplitter below.
    return prompts.evaluation_prompt() | model


async def _astream_local(
    question: QuestionSpec, answer: str, persona: PersonaSpec | None, language: str, prefix: str
) -> AsyncIterator[FeedbackDelta | FeedbackDone]:
    model = providers.local_model(question=question, answer=answer, language=language)
    inputs = prompts.prompt_inputs(
        question=question, answer=answer, persona=persona, language=language
    )
    splitter = BlockSplitter()
    splitter.visible = prefix
    async for chunk in _chain(model).astream(inputs):
        if text := splitter.feed(_text(chunk)):
            yield FeedbackDelta(text)
    if text := splitter.flush():
        yield FeedbackDelta(text)
    payload = parse_block(splitter.hidden, question)
    result = GradingResult(
        payload,
        splitter.visible,
        providers.LOCAL,
        graded_offline=bool(prefix),
    )
    yield FeedbackDone(to_evaluation(result, question, language))


def _text(chunk: BaseMessageChunk | BaseMessage) -> str:
    content = chunk.content
    if isinstance(content, str):
        return content
    return "".join(
        part.get("text", "") if isinstance(part, dict) else str(part) for part in content
    )


async def astream_evaluation(
    *,
    question: QuestionSpec,
    answer: str,
    persona: PersonaSpec | None = None,
    language: str,
    references: Sequence[str] = (),
) -> AsyncIterator[FeedbackDelta | FeedbackDone]:
    """Streams Markdown feedback, then one FeedbackDone. Raises EngineError on failure.

    Feedback is written in the answer's language; `language` decides when the answer is
    too short to tell."""
    language = feedback.answer_language(answer, language)
    if providers.provider_name() == providers.OPENAI:
        stream = _astream_openai(question, answer, persona, language, references)
    else:
        stream = _astream_local(question, answer, persona, language, "")
    try:
        async for item in stream:
            yield item
    except EngineError:
        raise
    except InvalidOutput as error:  # the rubric's own output never fails validation
        raise EngineError(ERROR_PROVIDER) from error


_http_clients: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Any]" = (
    weakref.WeakKeyDictionary()
)


def _loop_http_client(timeout: float) -> Any:
    import openai

    loop = asyncio.get_running_loop()
    client = _http_clients.get(loop)
    if client is None or client.is_closed or client.timeout.read != timeout:
        client = openai.DefaultAsyncHttpxClient(timeout=timeout)
        _http_clients[loop] = client
    return client


async def _astream_openai(
    question: QuestionSpec,
    answer: str,
    persona: PersonaSpec | None,
    language: str,
    references: Sequence[str],
) -> AsyncIterator[FeedbackDelta | FeedbackDone]:

    config = providers.OpenAIConfig.from_settings()
    provider = f"{providers.OPENAI}:{config.model}"
    guard = guards.detect_junk(answer)
    if guard == AnswerFlag.NONE and guards.detect_injection(answer):
        guard = AnswerFlag.INJECTION
    if guard in {AnswerFlag.EMPTY, AnswerFlag.JUNK}:
        # Nothing to send: the rubric's verdict on an empty or gibberish answer is final.
        async for item in _astream_local(question, answer, persona, language, ""):
            yield _offline(item)
        return

    inputs = prompts.prompt_inputs(
        question=question,
        answer=answer,
        persona=persona,
        language=language,
        references=references,
    )
    splitter = BlockSplitter()
    usage: dict[str, int] = {}
    finish_reason = None
    raw = ""
    # One HTTP client per event loop: reused across answers (a new client costs ~55 ms of
    # TLS setup), never shared with another loop ("Event loop is closed").
    http_client = _loop_http_client(config.timeout)
    model = providers.get_chat_model(
        question=question, answer=answer, language=language, http_async_client=http_client
    )
    try:
        async with asyncio.timeout(config.deadline):
            async for chunk in _chain(model).astream(inputs):
                piece = _text(chunk)
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

    payload = None
    try:
        payload = parse_block(splitter.hidden, question)
    except InvalidOutput as error:
        logger.info("invalid evaluation block, asking again: %s", error)
        payload = await _retry_block(model, inputs, raw, question, config, usage)

    if payload is None:
        notice = "\n\n" + feedback.text(language)["offline"] + "\n\n"
        yield FeedbackDelta(notice)
        async for item in _astream_local(
            question, answer, persona, language, splitter.visible + notice
        ):
            yield item
        return
    result = GradingResult(
        payload,
        splitter.visible,
        provider,
        prompt_tokens=usage.get("input_tokens"),
        completion_tokens=usage.get("output_tokens"),
        guard_flag=guard,
    )
    evaluation = to_evaluation(result, question, language)
    # The score is written by us, after validation and caps, so the text never claims a
    # score other than the one stored.
    tail = _score_line(evaluation, language, lead=splitter.visible)
    yield FeedbackDelta(tail)
    yield FeedbackDone(replace(evaluation, feedback=splitter.visible + tail))


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


def _offline(item: FeedbackDelta | FeedbackDone) -> FeedbackDelta | FeedbackDone:
    if isinstance(item, FeedbackDone):
        return FeedbackDone(replace(item.evaluation, graded_offline=True))
    return item


async def _retry_block(
    model: BaseChatModel,
    inputs: dict[str, str],
    raw: str,
    question: QuestionSpec,
    config: providers.OpenAIConfig,
    usage: dict[str, int],
) -> EvaluationPayload | None:
    """Asks once more, for the JSON block alone; None means: grade with the rubric."""
    messages = prompts.evaluation_prompt().format_messages(**inputs)
    messages += [AIMessage(content=raw), HumanMessage(content=prompts.retry_instruction())]
    try:
        async with asyncio.timeout(config.deadline):
            reply = await model.ainvoke(messages)
        _add_usage(usage, reply)
        if not reply.response_metadata.get("finish_reason"):
            raise InvalidOutput("retry ended without a finish reason")
        return parse_block(_text(reply), question)
    except Exception as error:  # any failure here falls back to the rubric, never silently
        logger.warning("evaluation retry failed, grading offline: %s", error)
        return None


def _add_usage(usage: dict[str, int], message: BaseMessage) -> None:
    meta = getattr(message, "usage_metadata", None) or {}
    for key in ("input_tokens", "output_tokens"):
        if meta.get(key) is not None:
            usage[key] = usage.get(key, 0) + int(meta[key])


async def aevaluate(
    *,
    question: QuestionSpec,
    answer: str,
    persona: PersonaSpec | None = None,
    language: str,
    references: Sequence[str] = (),
) -> Evaluation:
    async for item in astream_evaluation(
        question=question,
        answer=answer,
        persona=persona,
        language=language,
        references=references,
    ):
        if isinstance(item, FeedbackDone):
            return item.evaluation
    raise EngineError(ERROR_INCOMPLETE)


def evaluate(
    *, question: QuestionSpec, answer: str, persona: PersonaSpec | None = None, language: str
) -> Evaluation:
    """Sync wrapper: grades one answer and returns the whole Evaluation."""
    return async_to_sync(aevaluate)(
        question=question, answer=answer, persona=persona, language=language
    )
