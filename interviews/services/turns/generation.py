"""One generation's rows: the claim that makes one worker own it, then the stored
evaluation (one write) or the failure with the partial text (retryable)."""

import copy
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import F
from django.utils import timezone

from interviews.engine import uses_language_model
from interviews.engine.retrieval import reference_passages
from interviews.engine.types import Evaluation
from interviews.models import Turn
from interviews.services.sessions import active_persona, turn_spec

from .budget import BudgetExceeded, llm_budget_verdict

_Status = Turn.EvaluationStatus


def turn_with_session(*, turn_id: int) -> Turn:
    """A turn with its session and topic, as announced to the interview's sockets."""
    return Turn.objects.select_related("session", "topic").get(pk=turn_id)


@dataclass(frozen=True)
class GenerationInputs:
    turn_id: int
    attempt: int
    answer: str
    language: str
    question: Any  # QuestionSpec
    persona: Any  # PersonaSpec | None
    # The candidate is past an LLM budget and their cohort chose the offline interviewer.
    over_budget: bool = False
    # Reference passages for the LLM grader, fetched in the same thread hop as the claim
    # (None: the worker fetches them).
    references: tuple[str, ...] | None = None
    # The turn as claimed, its session and topic loaded: `done` is rendered from it with
    # the result applied, before the store and without reading it back.
    turn: Any = None  # Turn | None


def turn_claim_generation(*, turn_id: int) -> GenerationInputs | None:
    """pending → streaming, once: the claim that makes one worker own the generation."""
    updated = Turn.objects.filter(pk=turn_id, evaluation_status=_Status.PENDING).update(
        evaluation_status=_Status.STREAMING, attempts=F("attempts") + 1
    )
    if not updated:
        return None
    return generation_inputs(Turn.objects.select_related("session__track", "topic").get(pk=turn_id))


def generation_inputs(turn: Turn) -> GenerationInputs:
    """What the worker needs, read before the model call (turn.session and its track,
    and turn.topic, loaded). Raises BudgetExceeded when the candidate is past an LLM
    budget and their cohort refuses then (`budget.py`)."""
    # The answer's locked read brings today's usage along (`actions`); a retry's does not.
    verdict = llm_budget_verdict(
        user_id=turn.session.candidate_id, tokens_today=getattr(turn, "llm_tokens_today", None)
    )
    if verdict.refused:
        raise BudgetExceeded(verdict)
    question = turn_spec(turn)
    references: tuple[str, ...] = ()
    if uses_language_model() and not verdict.offline:
        references = tuple(reference_passages(question.text, track=question.track))
    return GenerationInputs(
        turn_id=turn.pk,
        attempt=turn.attempts,
        answer=turn.answer,
        language=turn.session.language,
        question=question,
        persona=active_persona(),
        over_budget=verdict.offline,
        references=references,
        turn=turn,
    )


def _evaluation_fields(
    evaluation: Evaluation,
    *,
    first_token_ms: int | None,
    latency_ms: int,
    evaluated_at: datetime,
) -> dict[str, Any]:
    """The columns a finished evaluation writes (`model_answer` only when it has one)."""
    fields: dict[str, Any] = {
        "evaluation_status": _Status.DONE,
        "feedback": evaluation.feedback,
        "score": max(0, min(100, int(evaluation.score))),
        "key_point_results": [
            {
                "text": kp.text,
                "status": str(kp.status),
                "evidence": kp.evidence,
                "reference": kp.reference,
                "note": kp.note,
            }
            for kp in evaluation.key_points
        ],
        "strengths": list(evaluation.strengths),
        "improvements": list(evaluation.improvements),
        "provider": evaluation.provider[:40],
        "graded_offline": evaluation.graded_offline,
        "prompt_tokens": evaluation.prompt_tokens,
        "completion_tokens": evaluation.completion_tokens,
        "first_token_ms": first_token_ms,
        "latency_ms": latency_ms,
        "answer_flag": str(evaluation.flag),
        "flag_reason": evaluation.reason[:300] if evaluation.flag else "",
        "error": "",
        "evaluated_at": evaluated_at,
    }
    if evaluation.model_answer:
        fields["model_answer"] = evaluation.model_answer
    return fields


def turn_store_evaluation(
    *,
    turn_id: int,
    attempt: int,
    evaluation: Evaluation,
    first_token_ms: int | None,
    latency_ms: int,
    evaluated_at: datetime | None = None,
) -> bool:
    """The one write of a finished evaluation (only by the worker that claimed it)."""
    fields = _evaluation_fields(
        evaluation,
        first_token_ms=first_token_ms,
        latency_ms=latency_ms,
        evaluated_at=evaluated_at or timezone.now(),
    )
    return bool(
        Turn.objects.filter(
            pk=turn_id, evaluation_status=_Status.STREAMING, attempts=attempt
        ).update(**fields)
    )


def evaluated_turn(
    turn: Turn,
    *,
    evaluation: Evaluation,
    first_token_ms: int | None,
    latency_ms: int,
    evaluated_at: datetime,
) -> Turn:
    """A copy of `turn` as `turn_store_evaluation` leaves it in the database (nothing
    read or written), for the `done` frame sent before the store."""
    done = copy.copy(turn)  # Django copies its state too: the related objects stay loaded
    fields = _evaluation_fields(
        evaluation, first_token_ms=first_token_ms, latency_ms=latency_ms, evaluated_at=evaluated_at
    )
    for name, value in fields.items():
        setattr(done, name, value)
    return done


def turn_store_and_load(
    *,
    turn_id: int,
    attempt: int,
    evaluation: Evaluation,
    first_token_ms: int | None,
    latency_ms: int,
) -> Turn | None:
    """Stores the evaluation and reads the done turn back; None for a stale worker."""
    stored = turn_store_evaluation(
        turn_id=turn_id,
        attempt=attempt,
        evaluation=evaluation,
        first_token_ms=first_token_ms,
        latency_ms=latency_ms,
    )
    return turn_with_session(turn_id=turn_id) if stored else None


def turn_is_current(*, turn_id: int, attempt: int) -> bool:
    """Whether `attempt` still owns the turn's generation (no retry took it over)."""
    return Turn.objects.filter(
        pk=turn_id, evaluation_status=_Status.STREAMING, attempts=attempt
    ).exists()


def turn_mark_failed(*, turn_id: int, attempt: int, partial: str, error: str) -> bool:
    """failed, keeping the text streamed so far; the turn can be retried."""
    return bool(
        Turn.objects.filter(
            pk=turn_id, evaluation_status=_Status.STREAMING, attempts=attempt
        ).update(evaluation_status=_Status.FAILED, feedback=partial, error=error[:300])
    )
