"""Choosing the next question and deciding a follow-up: deterministic, no LLM needed."""

import hashlib
from collections.abc import Sequence
from typing import TypedDict

from langchain_core.runnables import RunnableLambda

from . import evidence, matching, vocabulary
from .text import tokenize_many
from .types import AnswerFlag, Evaluation, KeyPointSpec, KeyPointStatus, QuestionSpec

WEAK_BELOW = 70.0  # a topic averaging under this is weak
UNSEEN_TOPIC_WEIGHT = 0.3  # untried topics rank above strong ones, below weak ones
MAX_FOLLOW_UPS = 2
FOLLOW_UP_SCORE_LIMIT = 85  # at or above this score, move on

_GENERATED = {
    "ko": "'{point}'에 대해 조금 더 설명해 주시겠어요? 왜 중요한지, 실무에서 어떻게 드러나는지도 "
    "함께 말씀해 주세요.",
    "en": 'Could you say more about "{point}"? Explain why it matters and how it shows up '
    "in practice.",
}


def _topic_weight(topic: str, weak_topics: dict[str, float]) -> float:
    if topic not in weak_topics:
        return UNSEEN_TOPIC_WEIGHT
    return max(0.0, (WEAK_BELOW - float(weak_topics[topic])) / WEAK_BELOW) * 1.5


_concept_cache: dict[str, frozenset[str]] = {}


def _concepts_many(texts: Sequence[str]) -> list[frozenset[str]]:
    """Canonical content terms (spelling variants and loanwords folded) for quick overlap.

    Kiwi gets the uncached texts as one batch: a cold bank costs one call, not hundreds."""
    missing = list(dict.fromkeys(t for t in texts if t not in _concept_cache))
    if missing:
        if len(_concept_cache) > 50000:
            _concept_cache.clear()
        for text, terms in zip(missing, tokenize_many(missing), strict=True):
            _concept_cache[text] = frozenset(
                matching.canonical(vocabulary.TRANSLITERATIONS.get(t, t))
                for t in terms
                if t not in matching.WEAK_TERMS
            )
    return [_concept_cache[t] for t in texts]


def _kp_text(question: QuestionSpec) -> list[str]:
    return [" ".join((kp.text, *kp.synonyms)) for kp in question.key_points]


def _missed_similarity(question: QuestionSpec, missed: Sequence[frozenset[str]]) -> float:
    # Set overlap, not the grader's fuzzy matching: this runs over the whole bank per turn.
    if not missed:
        return 0.0
    best = 0.0
    for terms in _concepts_many(_kp_text(question)):
        for point in missed:
            if point and terms:
                best = max(best, len(point & terms) / len(point))
    return best


def _tie_break(question: QuestionSpec, seed: int) -> str:
    key = f"{seed}:{question.question_id}:{question.text}"
    return hashlib.sha256(key.encode()).hexdigest()


class _RankInputs(TypedDict):
    candidates: list[QuestionSpec]
    asked_ids: set[int]
    weak_topics: dict[str, float]
    missed_key_points: list[str]
    seed: int


def _rank(inputs: _RankInputs) -> QuestionSpec | None:
    asked = inputs["asked_ids"]
    missed = _concepts_many(list(inputs["missed_key_points"]))
    weak = inputs["weak_topics"]
    pool = [q for q in inputs["candidates"] if q.question_id is None or q.question_id not in asked]
    if not pool:
        return None
    if missed:
        _concepts_many([text for q in pool for text in _kp_text(q)])  # warm the cache in one batch

    def key(q: QuestionSpec) -> tuple[float, str]:
        value = _topic_weight(q.topic, weak) + _missed_similarity(q, missed)
        return (-round(value, 6), _tie_break(q, inputs["seed"]))

    return min(pool, key=key)


choose_chain = RunnableLambda(_rank, name="choose_next_question")


def choose_next_question(
    *,
    candidates: Sequence[QuestionSpec],
    asked_ids: set[int],
    weak_topics: dict[str, float],
    missed_key_points: Sequence[str],
    seed: int = 0,
) -> QuestionSpec | None:
    """The best unasked question: weak topics first, then ones probing missed ideas.

    Deterministic for the same inputs; `seed` varies the order among equal candidates.
    """
    return choose_chain.invoke(
        {
            "candidates": list(candidates),
            "asked_ids": set(asked_ids),
            "weak_topics": dict(weak_topics),
            "missed_key_points": list(missed_key_points),
            "seed": seed,
        }
    )


def decide_follow_up(
    *, question: QuestionSpec, evaluation: Evaluation, asked: Sequence[str] = (), language: str
) -> str | None:
    """A question probing a missed key point, or None to move on.

    `evaluation` grades the latest answer on this question (the main answer, or the
    answer to the previous follow-up); `asked` holds the follow-ups already asked after
    it. None is asked twice, and at most MAX_FOLLOW_UPS are asked in all.
    """
    if evaluation.flag != AnswerFlag.NONE or len(asked) >= MAX_FOLLOW_UPS:
        return None
    if evaluation.score >= FOLLOW_UP_SCORE_LIMIT or evaluation.score <= 10:
        return None
    gaps = [
        k.text
        for k in evaluation.key_points
        if k.status in (KeyPointStatus.MISSED, KeyPointStatus.CONTRADICTED)
    ]
    gaps += [k.text for k in evaluation.key_points if k.status == KeyPointStatus.PARTLY]
    if not gaps:
        return None
    already = set(asked)
    # Curated follow-ups first, the ones closest to what was missed leading.
    curated = sorted(
        question.follow_ups,
        key=lambda text: -max(matching.char_similarity(text, gap) for gap in gaps),
    )
    for text in curated:
        if text not in already:
            return text
    # A generated probe: the gap least like anything asked already, so a second
    # follow-up does not circle back to the point the first one probed.
    if asked:
        gaps.sort(key=lambda gap: max(matching.char_similarity(gap, text) for text in asked))
    template = _GENERATED.get(language, _GENERATED["en"])
    for gap in gaps:
        text = template.format(point=gap)
        if text not in already:
            return text
    return None


def follow_up_rubric(
    *, question: QuestionSpec, follow_up: str, gaps: Sequence[str]
) -> tuple[tuple[KeyPointSpec, ...], str]:
    """A generated follow-up's own rubric: the gap(s) it probes, and the passages of the
    model answer that state them. An answer to it is graded on these, not on the parent."""
    probed = [kp for kp in question.key_points if kp.text in follow_up]
    if not probed:
        probed = [kp for kp in question.key_points if kp.text in set(gaps)]
    probed = probed or list(question.key_points)
    passages = [evidence.reference_passage(question, kp.text, kp.synonyms) for kp in probed]
    model_answer = " ".join(dict.fromkeys(p for p in passages if p)) or question.model_answer
    return tuple(probed), model_answer
