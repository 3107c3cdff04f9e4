"""Plain data the engine takes and returns. Prompts never see model instances."""

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from enum import StrEnum


class KeyPointStatus(StrEnum):
    """A verdict on one key point. CONTRADICTED: the answer asserts the opposite (or a
    listed misconception); it earns nothing and costs points (see `scoring`)."""

    COVERED = "covered"
    PARTLY = "partly"
    MISSED = "missed"
    CONTRADICTED = "contradicted"


class AnswerFlag(StrEnum):
    """Why an answer was capped at a low score (empty string: a real attempt)."""

    NONE = ""
    EMPTY = "empty"
    JUNK = "junk"
    DONT_KNOW = "dont_know"
    COPIED_QUESTION = "copied_question"
    OFF_TOPIC = "off_topic"
    INJECTION = "injection"


@dataclass(frozen=True)
class KeyPointSpec:
    text: str
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class MisconceptionSpec:
    """A wrong claim candidates commonly make; `key_point` is the text of the key point it
    denies ("" when it denies none in particular)."""

    text: str
    correction: str = ""
    key_point: str = ""


@dataclass(frozen=True)
class QuestionSpec:
    text: str
    language: str  # "ko" | "en"
    model_answer: str
    key_points: tuple[KeyPointSpec, ...]
    question_id: int | None = None
    track: str = ""  # track slug
    topic: str = ""  # topic slug
    difficulty: str = "junior"
    hint: str = ""
    follow_ups: tuple[str, ...] = ()
    misconceptions: tuple[MisconceptionSpec, ...] = ()


@dataclass(frozen=True)
class PersonaSpec:
    name: str
    instructions: str
    tone: str = "friendly"
    language: str = "ko"


@dataclass(frozen=True)
class KeyPointResult:
    """A verdict with what it rests on: `evidence` is the answer's own sentence (empty for
    a miss), `reference` the model-answer passage it was checked against, `note` why a
    point was contradicted (the misconception and its correction, or the rubric's reason).
    """

    text: str
    status: KeyPointStatus
    evidence: str = ""
    reference: str = ""
    note: str = ""


@dataclass(frozen=True)
class MisconceptionHit:
    """A misconception the answer asserts, with the sentence that asserts it."""

    text: str
    correction: str
    evidence: str
    key_point: str = ""


@dataclass(frozen=True)
class Evaluation:
    """The structured result of grading one answer; stored on the turn in one write."""

    score: int  # 0..100
    key_points: tuple[KeyPointResult, ...]
    strengths: tuple[str, ...]
    improvements: tuple[str, ...]
    model_answer: str
    feedback: str  # the full Markdown feedback, exactly as streamed
    provider: str  # "local" or "openai:<model>"
    graded_offline: bool  # True when the rubric graded although an LLM was configured
    flag: AnswerFlag = AnswerFlag.NONE
    reason: str = ""  # why the score was capped (shown to the candidate)
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    misconceptions: tuple[MisconceptionHit, ...] = ()
    support: float = 1.0  # the score formula's support (`scoring.py`)
    support_points: int = 0  # what it cost the score

    @property
    def covered(self) -> list[str]:
        return [k.text for k in self.key_points if k.status == KeyPointStatus.COVERED]

    @property
    def missed(self) -> list[str]:
        return [k.text for k in self.key_points if k.status == KeyPointStatus.MISSED]

    @property
    def gaps(self) -> list[str]:
        """Key points not covered: missed, contradicted or only partly stated."""
        return [k.text for k in self.key_points if k.status != KeyPointStatus.COVERED]


@dataclass(frozen=True)
class FeedbackDelta:
    """A piece of feedback text, streamed as it is written."""

    text: str


@dataclass(frozen=True)
class FeedbackDone:
    """The end of a stream: the complete, validated evaluation."""

    evaluation: Evaluation


@dataclass(frozen=True)
class TurnOutcome:
    """One graded turn, as the summary chain sees it."""

    question: str
    topic: str
    score: int | None
    missed: tuple[str, ...] = ()
    covered: tuple[str, ...] = ()
    skipped: bool = False
    recovered: tuple[str, ...] = ()  # covered only after a follow-up (also in `covered`)


@dataclass(frozen=True)
class SessionSummary:
    overall_score: int | None
    topic_scores: dict[str, int] = field(default_factory=dict)
    strengths: tuple[str, ...] = ()
    improvements: tuple[str, ...] = ()
    review_questions: tuple[str, ...] = ()
    text: str = ""  # Markdown summary shown at the end of the interview


# Called (in the calling task's context) when a language model's response begins, that
# is once the model has the request: the streaming worker renders only after that.
model_request_sent: ContextVar[Callable[[], None] | None] = ContextVar(
    "model_request_sent", default=None
)


class EngineError(Exception):
    """A generation failed; `partial` holds any text streamed before the failure, and
    `timed_out` says the provider hung rather than failed."""

    def __init__(self, message: str, *, partial: str = "", timed_out: bool = False) -> None:
        super().__init__(message)
        self.partial = partial
        self.timed_out = timed_out
