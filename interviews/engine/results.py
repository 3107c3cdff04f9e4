"""The evaluation block every provider ends with: held back from the stream by
`BlockSplitter`, validated with pydantic (`parse_block`), and turned into an `Evaluation`
whose score agrees with its key points and whose flags cap it (`to_evaluation`)."""

import json
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from . import feedback, prompts, rubric
from .types import (
    AnswerFlag,
    Evaluation,
    KeyPointResult,
    KeyPointStatus,
    QuestionSpec,
)

# An LLM score may not stray further than this from what its own key point verdicts imply.
SCORE_BAND = 30


class KeyPointVerdict(BaseModel):
    id: int = Field(ge=1)
    status: Literal["covered", "partly", "missed"]


class EvaluationPayload(BaseModel):
    """The JSON block every provider must end its reply with."""

    score: int = Field(ge=0, le=100)
    key_points: list[KeyPointVerdict]
    strengths: list[str] = Field(default_factory=list, max_length=8)
    improvements: list[str] = Field(default_factory=list, max_length=8)
    flag: Literal["", "empty", "junk", "dont_know", "copied_question", "off_topic", "injection"]
    reason: str = ""


class InvalidOutput(ValueError):
    pass


class BlockSplitter:
    """Relays feedback text and keeps the <evaluation> block (and any partial tag) back."""

    def __init__(self) -> None:
        self.visible = ""
        self.hidden = ""
        self._pending = ""
        self._in_block = False

    def feed(self, text: str) -> str:
        if self._in_block:
            self.hidden += text
            return ""
        buffer = self._pending + text
        index = buffer.find(prompts.EVALUATION_OPEN)
        if index >= 0:
            self._in_block = True
            out, self.hidden = buffer[:index], buffer[index:]
            self._pending = ""
        else:
            keep = _partial_tag_suffix(buffer, prompts.EVALUATION_OPEN)
            out, self._pending = buffer[: len(buffer) - keep], buffer[len(buffer) - keep :]
        self.visible += out
        return out

    def flush(self) -> str:
        out, self._pending = self._pending, ""
        self.visible += out
        return out


def _partial_tag_suffix(buffer: str, tag: str) -> int:
    for size in range(min(len(tag) - 1, len(buffer)), 0, -1):
        if tag.startswith(buffer[-size:]):
            return size
    return 0


def parse_block(text: str, question: QuestionSpec) -> EvaluationPayload:
    """Validates an <evaluation> block; raises InvalidOutput with the reason."""
    start = text.find(prompts.EVALUATION_OPEN)
    if start < 0:
        raise InvalidOutput("no evaluation block")
    body = text[start + len(prompts.EVALUATION_OPEN) :]
    end = body.find(prompts.EVALUATION_CLOSE)
    body = body[:end] if end >= 0 else body
    # Tolerate code fences or a stray word around the object: the object itself must be valid.
    body = body[body.find("{") : body.rfind("}") + 1] if "{" in body else body
    try:
        payload = EvaluationPayload.model_validate(json.loads(body))
    except (json.JSONDecodeError, ValidationError) as error:
        raise InvalidOutput(f"invalid evaluation block: {error}") from error
    count = max(1, len(question.key_points))
    if any(v.id > count for v in payload.key_points):
        raise InvalidOutput("evaluation names a key point that does not exist")
    return payload


def _statuses(payload: EvaluationPayload, question: QuestionSpec) -> tuple[KeyPointResult, ...]:
    by_id = {v.id: KeyPointStatus(v.status) for v in payload.key_points}
    return tuple(
        KeyPointResult(kp.text, by_id.get(index, KeyPointStatus.MISSED))
        for index, kp in enumerate(question.key_points, start=1)
    )


def _consistent_score(payload: EvaluationPayload, results: tuple[KeyPointResult, ...]) -> int:
    score = payload.score
    if results:
        credit = {KeyPointStatus.COVERED: 1.0, KeyPointStatus.PARTLY: 0.5}
        implied = 100 * sum(credit.get(r.status, 0.0) for r in results) / len(results)
        score = round(min(max(score, implied - SCORE_BAND), implied + SCORE_BAND))
    return max(0, min(100, score))


@dataclass
class GradingResult:
    payload: EvaluationPayload
    feedback: str
    provider: str
    graded_offline: bool = False
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    guard_flag: AnswerFlag = AnswerFlag.NONE


def to_evaluation(result: GradingResult, question: QuestionSpec, language: str) -> Evaluation:
    payload = result.payload
    results = _statuses(payload, question)
    flag = AnswerFlag(payload.flag)
    if result.guard_flag != AnswerFlag.NONE:
        flag = result.guard_flag
    score = _consistent_score(payload, results)
    reason = payload.reason
    if flag != AnswerFlag.NONE:
        # Flagged answers are capped whatever a model said; nothing counts as covered.
        score = min(score, rubric.FLAG_CAP)
        results = tuple(KeyPointResult(r.text, KeyPointStatus.MISSED) for r in results)
        reason = reason or feedback.reason_for(flag, language)
    return Evaluation(
        score=score,
        key_points=results,
        strengths=tuple(s for s in payload.strengths if s)[:5] if flag == AnswerFlag.NONE else (),
        improvements=tuple(s for s in payload.improvements if s)[:5],
        model_answer=question.model_answer,
        feedback=result.feedback,
        provider=result.provider,
        graded_offline=result.graded_offline,
        flag=flag,
        reason=reason,
        prompt_tokens=result.prompt_tokens,
        completion_tokens=result.completion_tokens,
    )
