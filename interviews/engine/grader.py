"""The grader port: one interface every provider implements, and the registry that picks
one from settings at call time.

    grader = get_grader()            # INTERVIEWER_PROVIDER, read on every call
    async for item in grader.astream(request):
        ...                          # FeedbackDelta*, then one FeedbackDone(Evaluation)

A grader streams Markdown feedback and ends with an `Evaluation` whose score comes from
its verdicts (`scoring.score`), so every provider scores the same way.
"""

from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from django.conf import settings

from .types import FeedbackDelta, FeedbackDone, PersonaSpec, QuestionSpec


@dataclass(frozen=True)
class GradingRequest:
    question: QuestionSpec
    answer: str
    language: str  # the feedback's language (already the answer's own)
    persona: PersonaSpec | None = None
    references: Sequence[str] = ()
    # Live interviews read the offline feedback at a reading pace; batches never wait.
    paced: bool = True
    # The rubric grades although an LLM is configured (the LLM failed, or the user is past
    # their LLM budget): the evaluation is marked graded offline.
    offline: bool = False


class Grader(Protocol):
    name: str
    uses_language_model: bool

    def astream(self, request: GradingRequest) -> AsyncIterator[FeedbackDelta | FeedbackDone]:
        """Streams feedback, then one FeedbackDone; raises EngineError on failure."""
        ...


LOCAL = "local"
OPENAI = "openai"
_REGISTRY: dict[str, Callable[[], Grader]] = {}
GraderFactory = TypeVar("GraderFactory", bound=Callable[[], Grader])


def register(name: str) -> Callable[[GraderFactory], GraderFactory]:
    def decorator(factory: GraderFactory) -> GraderFactory:
        _REGISTRY[name] = factory
        return factory

    return decorator


def provider_name() -> str:
    return settings.INTERVIEWER_PROVIDER


def get_grader(name: str | None = None) -> Grader:
    """The grader for `name` (default: INTERVIEWER_PROVIDER); unknown names grade offline."""
    from . import llm_grader, rubric_grader  # noqa: F401 - importing registers them

    factory = _REGISTRY.get(name or provider_name()) or _REGISTRY[LOCAL]
    return factory()
