"""The evaluation block an LLM ends its reply with: held back from the stream by
`BlockSplitter`, validated with pydantic (`parse_block`), and turned into an `Evaluation`
(`to_evaluation`). The LLM returns verdicts and evidence quotes; its own score, if it
writes one, is ignored: the score comes from the checked verdicts (`scoring.score`)."""

from dataclasses import dataclass
from typing import Literal

from langchain_core.utils.json import parse_json_markdown
from pydantic import AliasChoices, BaseModel, Field, ValidationError

from . import evidence, feedback, prompts, rubric, scoring
from .types import (
    AnswerFlag,
    Evaluation,
    KeyPointResult,
    KeyPointStatus,
    MisconceptionHit,
    QuestionSpec,
)

# Deeper JSON than this is not an evaluation block (and would cost a recursive parse).
MAX_BLOCK_CHARS = 20000


class KeyPointVerdict(BaseModel):
    id: int = Field(ge=1)
    verdict: Literal["covered", "partly", "missed", "contradicted"] = Field(
        validation_alias=AliasChoices("verdict", "status")
    )
    evidence: str = Field(default="", max_length=1000)


class MisconceptionVerdict(BaseModel):
    id: int = Field(ge=1)
    evidence: str = Field(default="", max_length=1000)


class EvaluationPayload(BaseModel):
    """The JSON block every LLM reply must end with."""

    key_points: list[KeyPointVerdict]
    misconceptions: list[MisconceptionVerdict] = Field(default_factory=list)
    strengths: list[str] = Field(default_factory=list, max_length=8)
    improvements: list[str] = Field(default_factory=list, max_length=8)
    flag: Literal["", "empty", "junk", "dont_know", "copied_question", "off_topic", "injection"]
    reason: str = ""
    score: int | None = Field(default=None, ge=0, le=100)  # accepted, never trusted


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
    if len(body) > MAX_BLOCK_CHARS:
        raise InvalidOutput("evaluation block too long")
    try:
        # Tolerates code fences around the object; the object itself must be valid.
        payload = EvaluationPayload.model_validate(parse_json_markdown(body))
    except (ValueError, ValidationError, RecursionError) as error:
        raise InvalidOutput(f"invalid evaluation block: {error}") from error
    count = max(1, len(question.key_points))
    if any(v.id > count for v in payload.key_points):
        raise InvalidOutput("evaluation names a key point that does not exist")
    return payload


@dataclass
class GradingResult:
    payload: EvaluationPayload
    feedback: str
    provider: str
    answer: str
    graded_offline: bool = False
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    guard_flag: AnswerFlag = AnswerFlag.NONE


def _verdicts(
    payload: EvaluationPayload, question: QuestionSpec, answer: str
) -> tuple[KeyPointResult, ...]:
    """One checked verdict per key point: a verdict other than "missed" must quote the
    answer; a quote that is not in the answer is no evidence, and the point is missed."""
    by_id = {v.id: v for v in payload.key_points}
    results = []
    for index, kp in enumerate(question.key_points, start=1):
        verdict = by_id.get(index)
        status, quote = KeyPointStatus.MISSED, ""
        if verdict is not None and KeyPointStatus(verdict.verdict) != KeyPointStatus.MISSED:
            quote = evidence.quote_in_answer(verdict.evidence, answer)
            if quote:
                status = KeyPointStatus(verdict.verdict)
        results.append(
            KeyPointResult(
                kp.text,
                status,
                evidence=quote,
                reference=evidence.reference_passage(question, kp.text, kp.synonyms),
            )
        )
    return tuple(results)


def _misconceptions(
    payload: EvaluationPayload, question: QuestionSpec, answer: str
) -> tuple[MisconceptionHit, ...]:
    hits: list[MisconceptionHit] = []
    for found in payload.misconceptions:
        if found.id > len(question.misconceptions):
            continue
        quote = evidence.quote_in_answer(found.evidence, answer)
        wrong = question.misconceptions[found.id - 1]
        if quote and all(h.text != wrong.text for h in hits):
            hits.append(MisconceptionHit(wrong.text, wrong.correction, quote, wrong.key_point))
    return tuple(hits)


def with_misconceptions(
    results: tuple[KeyPointResult, ...], hits: tuple[MisconceptionHit, ...]
) -> tuple[tuple[KeyPointResult, ...], int]:
    """An asserted misconception contradicts the key point it denies; returns the results
    and the number of misconceptions that denied none of them (they cost points too)."""
    out = list(results)
    extra = 0
    for hit in hits:
        index = next((i for i, r in enumerate(out) if r.text == hit.key_point), None)
        if index is None:
            extra += 1
            continue
        out[index] = KeyPointResult(
            out[index].text,
            KeyPointStatus.CONTRADICTED,
            evidence=hit.evidence,
            reference=out[index].reference,
            note=misconception_note(hit),
        )
    return tuple(out), extra


def misconception_note(hit: MisconceptionHit) -> str:
    return f"{hit.text} → {hit.correction}" if hit.correction else hit.text


def to_evaluation(result: GradingResult, question: QuestionSpec, language: str) -> Evaluation:
    payload = result.payload
    flag = AnswerFlag(payload.flag)
    if result.guard_flag != AnswerFlag.NONE:
        flag = result.guard_flag
    results = _verdicts(payload, question, result.answer)
    hits = _misconceptions(payload, question, result.answer)
    results, extra = with_misconceptions(results, hits)
    reason = payload.reason
    if flag != AnswerFlag.NONE:
        # A flagged answer earns nothing, whatever a model said.
        results = tuple(
            KeyPointResult(r.text, KeyPointStatus.MISSED, reference=r.reference) for r in results
        )
        hits = ()
        reason = reason or feedback.reason_for(flag, language)
    # The same formula as the rubric's: words the reference never uses weigh against.
    support = rubric.support(question, result.answer) if flag == AnswerFlag.NONE else 1.0
    score, points = scoring.scored(
        (r.status for r in results), extra_misconceptions=extra, flag=flag, support=support
    )
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
        misconceptions=hits,
        support=support,
        support_points=points,
    )
