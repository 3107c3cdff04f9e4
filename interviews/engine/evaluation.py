"""Grading one answer through the grader port (`grader.py`): streamed for a live
interview, whole for a batch. Feedback is written in the answer's own language."""

from collections.abc import AsyncGenerator, Sequence

from asgiref.sync import async_to_sync

from . import feedback
from .grader import LOCAL, GradingRequest, get_grader
from .llm_grader import ERROR_INCOMPLETE, ERROR_PROVIDER, ERROR_TIMEOUT
from .results import InvalidOutput
from .types import EngineError, Evaluation, FeedbackDelta, FeedbackDone, PersonaSpec, QuestionSpec

__all__ = [
    "ERROR_INCOMPLETE",
    "ERROR_PROVIDER",
    "ERROR_TIMEOUT",
    "aevaluate",
    "astream_evaluation",
    "evaluate",
]


async def astream_evaluation(
    *,
    question: QuestionSpec,
    answer: str,
    persona: PersonaSpec | None = None,
    language: str,
    references: Sequence[str] = (),
    paced: bool = True,
    offline: bool = False,
) -> AsyncGenerator[FeedbackDelta | FeedbackDone, None]:
    """Streams Markdown feedback, then one FeedbackDone. Raises EngineError on failure.

    `language` decides only when the answer is too short to tell its own language."""
    request = GradingRequest(
        question=question,
        answer=answer,
        language=feedback.answer_language(answer, language),
        persona=persona,
        references=tuple(references),
        paced=paced,
        offline=offline,
    )
    grader = get_grader()
    if offline and grader.uses_language_model:
        grader = get_grader(LOCAL)
    try:
        async for item in grader.astream(request):
            yield item
    except EngineError:
        raise
    except InvalidOutput as error:
        raise EngineError(ERROR_PROVIDER) from error


async def aevaluate(
    *,
    question: QuestionSpec,
    answer: str,
    persona: PersonaSpec | None = None,
    language: str,
    references: Sequence[str] = (),
) -> Evaluation:
    """The whole evaluation at once, never paced (batches, the bank check)."""
    async for item in astream_evaluation(
        question=question,
        answer=answer,
        persona=persona,
        language=language,
        references=references,
        paced=False,
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
