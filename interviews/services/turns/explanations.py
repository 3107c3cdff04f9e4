""" "Why?" about one verdict of an evaluated turn: asked, streamed by the engine, stored.

The explanation is kept on the verdict itself (`key_point_results[i]["explanation"]`),
so the transcript, history and exports show it, and asking again costs no model call.
"""

from collections.abc import AsyncIterator
from dataclasses import dataclass

from django.db import transaction

from accounts.models import User
from interviews import engine
from interviews.engine.types import KeyPointResult, KeyPointStatus
from interviews.models import Turn

from .errors import InterviewActionError, Refusal

MAX_EXPLANATION = 2000


@dataclass(frozen=True)
class WhyInputs:
    turn_id: int
    point: int
    verdict: KeyPointResult
    answer: str
    language: str
    stored: str  # the explanation already given, if any


def why_accept(*, user: User, session_id: int, turn_id: int, point: int) -> WhyInputs:
    """Checks the turn is the user's, evaluated, and has that verdict."""
    turn = (
        Turn.objects.select_related("session")
        .filter(pk=turn_id, session_id=session_id, session__candidate=user)
        .first()
    )
    if turn is None:
        raise InterviewActionError(Refusal.NOT_FOUND, turn_id=turn_id)
    results = turn.key_point_results or []
    if turn.evaluation_status != Turn.EvaluationStatus.DONE or not 0 <= point < len(results):
        raise InterviewActionError(Refusal.WRONG_TURN, turn_id=turn_id)
    item = results[point]
    try:
        status = KeyPointStatus(item.get("status", "missed"))
    except ValueError:
        status = KeyPointStatus.MISSED
    verdict = KeyPointResult(
        text=item.get("text", ""),
        status=status,
        evidence=item.get("evidence", ""),
        reference=item.get("reference", ""),
        note=item.get("note", ""),
    )
    return WhyInputs(
        turn_id=turn.pk,
        point=point,
        verdict=verdict,
        answer=turn.answer,
        language=turn.session.language,
        stored=item.get("explanation", ""),
    )


async def why_stream(inputs: WhyInputs) -> AsyncIterator[str]:
    """The explanation's text as it comes (the stored one at once, if given before)."""
    if inputs.stored:
        yield inputs.stored
        return
    async for delta in engine.astream_explanation(
        verdict=inputs.verdict, answer=inputs.answer, language=inputs.language
    ):
        yield delta.text


def why_store(*, turn_id: int, point: int, text: str) -> bool:
    """Stores the explanation on its verdict (the row locked, so two asks never clash)."""
    text = text.strip()[:MAX_EXPLANATION]
    if not text:
        return False
    with transaction.atomic():
        turn = Turn.objects.select_for_update().filter(pk=turn_id).first()
        if turn is None or not 0 <= point < len(turn.key_point_results or []):
            return False
        results = list(turn.key_point_results)
        results[point] = {**results[point], "explanation": text}
        turn.key_point_results = results
        turn.save(update_fields=["key_point_results"])
    return True
