"""The one score formula. Every grader (the rubric, an LLM) returns verdicts; the score
comes from them here and nowhere else, so the streamed text, the stored score and every
page agree.

    credit   = covered 1, partly 0.5, missed 0, contradicted 0     (per key point)
    score    = 100 * sum(credit) / number of key points
               - 15 per contradicted key point
               - 15 per asserted misconception that no contradicted key point accounts for
               - 40 * (0.7 - support) when support < 0.7 (at most 28)
    support  = the share of the answer's terms that the reference material (question,
               model answer, key points and their synonyms) uses. What the reference never
               says is what it cannot back: a fluent wrong answer fills its sentences with
               causes and mechanisms of its own ("copies the array in one CPU
               instruction"), a correct one mostly says what the reference says. Measured
               on nine labelled sets, this deduction ranked answers better on every one.
    clamped to 11..100 for a real attempt; a bare term list (not one sentence) is no
    attempt at an explanation and scores at most 10, as a flagged answer does.
    A flagged answer (empty, junk, "I don't know", off-topic, question copied back,
    injection) scores its flag's fixed value (0 or 5), whatever the verdicts.
"""

from collections.abc import Iterable
from typing import NamedTuple

from .types import AnswerFlag, KeyPointStatus

CREDIT = {
    KeyPointStatus.COVERED: 1.0,
    KeyPointStatus.PARTLY: 0.5,
    KeyPointStatus.MISSED: 0.0,
    KeyPointStatus.CONTRADICTED: 0.0,
}
CONTRADICTION_PENALTY = 15
FLAG_CAP = 10  # a flagged answer never scores above this
MIN_ATTEMPT_SCORE = FLAG_CAP + 1  # a real attempt always scores above any flagged one
TERM_LIST_CAP = FLAG_CAP  # naming the right terms without a sentence explains nothing
SUPPORT_EXPECTED = 0.7  # share of an answer's terms the reference uses, below which …
SUPPORT_PENALTY = 40  # … each missing share costs this many points per whole
FLAG_SCORES = {
    AnswerFlag.EMPTY: 0,
    AnswerFlag.JUNK: 0,
    AnswerFlag.INJECTION: 0,
    AnswerFlag.DONT_KNOW: 5,
    AnswerFlag.COPIED_QUESTION: 5,
    AnswerFlag.OFF_TOPIC: 5,
}


class Scored(NamedTuple):
    score: int
    support_points: int  # what the support cost, after the floor or the term-list cap


def scored(
    verdicts: Iterable[KeyPointStatus],
    *,
    extra_misconceptions: int = 0,
    flag: AnswerFlag = AnswerFlag.NONE,
    term_list: bool = False,
    support: float = 1.0,
) -> Scored:
    """The score of one answer from its key point verdicts and its support (see the
    module docstring), and the points the support actually cost: the floor (11) and the
    term-list cap (10) can absorb part of `unsupported_penalty`."""
    if flag != AnswerFlag.NONE:
        return Scored(FLAG_SCORES[flag], 0)
    statuses = [KeyPointStatus(v) for v in verdicts]
    if not statuses:
        return Scored(MIN_ATTEMPT_SCORE, 0)
    value = 100 * sum(CREDIT[s] for s in statuses) / len(statuses)
    contradicted = sum(s == KeyPointStatus.CONTRADICTED for s in statuses)
    value -= CONTRADICTION_PENALTY * (contradicted + max(0, extra_misconceptions))
    final = _bounded(value - unsupported_penalty(support), term_list)
    return Scored(final, _bounded(value, term_list) - final)


def _bounded(value: float, term_list: bool) -> int:
    if term_list:
        return max(0, min(TERM_LIST_CAP, round(value)))
    return max(MIN_ATTEMPT_SCORE, min(100, round(value)))


def unsupported_penalty(support: float) -> int:
    """The points an answer loses for words the reference material never uses."""
    return round(SUPPORT_PENALTY * max(0.0, SUPPORT_EXPECTED - support))
