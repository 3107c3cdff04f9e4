"""The deterministic rubric: grades key points and scores, after the guards
(`guards.py`) flag junk and injection.

Pure functions over dataclasses; the local chat model (providers.py) turns a
`RubricGrade` into streamed Markdown.
"""

from dataclasses import dataclass

from . import clauses, matching, polarity
from .guards import DONT_KNOW, detect_injection, detect_junk, is_term_list
from .text import normalise
from .types import AnswerFlag, KeyPointSpec, KeyPointStatus, QuestionSpec

FLAG_CAP = 10  # flagged answers never score above this
TERM_LIST_CAP = 40  # naming the right terms without a single sentence explains nothing
COVERED_AT = 0.58
CREDIT_FULL_AT = 0.72  # coverage earning full credit for a key point
PARTLY_AT = 0.34
# A reply this short that meets no key point even partly says nothing gradable.
VAGUE_WORDS = 16
VAGUE_NOVEL_TERMS = 6
# Score of each flag: nothing to grade, or an attempt to game the grader.
FLAG_SCORES = {
    AnswerFlag.EMPTY: 0,
    AnswerFlag.JUNK: 0,
    AnswerFlag.INJECTION: 0,
    AnswerFlag.DONT_KNOW: 5,
    AnswerFlag.COPIED_QUESTION: 5,
    AnswerFlag.OFF_TOPIC: 5,
}


@dataclass(frozen=True)
class KeyPointGrade:
    key_point: KeyPointSpec
    coverage: float  # 0..1, after negation checks
    status: KeyPointStatus
    contradicted: bool = False


@dataclass(frozen=True)
class RubricGrade:
    score: int
    key_points: tuple[KeyPointGrade, ...]
    flag: AnswerFlag
    relevance: float  # share of the answer's terms found in the reference material
    term_list: bool = False  # only terms, no sentence: capped at TERM_LIST_CAP


def _reference_text(question: QuestionSpec) -> str:
    parts = [question.text, question.model_answer]
    for kp in question.key_points:
        parts.append(kp.text)
        parts.extend(kp.synonyms)
    return "\n".join(parts)


def _best_window(
    terms: tuple[str, ...], windows: list[str], question_terms: frozenset[str]
) -> tuple[float, str]:
    """The smallest window holding most of the terms: a claim is judged where it is made."""
    best, best_window = 0.0, ""
    for window in windows:
        value = matching.coverage(terms, matching.analyse(window).terms, question_terms)
        if value > best + 1e-9:
            best, best_window = value, window
    return best, best_window


def grade_key_point(
    kp: KeyPointSpec,
    answer: str,
    answer_terms: tuple[str, ...],
    question_terms: frozenset[str],
    entities: frozenset[str] = frozenset(),
) -> KeyPointGrade:
    windows = clauses.windows(answer)
    main = matching.analyse(kp.text)
    # The key point's own wording, judged in the smallest window that carries it; terms
    # scattered over the whole answer are weaker evidence.
    main_value, main_window = _best_window(main.terms, windows, question_terms)
    scattered = matching.coverage(main.terms, answer_terms, question_terms) * 0.75
    best = max(main_value, scattered)
    if matching.phrase_present(kp.text, answer):
        best = 1.0
        main_window = main_window or answer
    contradicted = False
    # "can" is not "cannot": the same words with the opposite polarity are a mistake.
    # Opposite words ("faster" for "slower") and swapped subjects ("UDP" for "TCP") too.
    is_claim = bool(main.predicates or main.negations) and bool(main_window)
    if best >= PARTLY_AT and (
        (is_claim and polarity.polarity_differs(main, answer, question_terms))
        or polarity.opposite_in_answer(main, answer, question_terms)
        or polarity.swapped_subject(main, answer, entities, question_terms)
    ):
        best *= 0.5
        contradicted = True

    for synonym in kp.synonyms:
        target = matching.analyse(synonym)
        if not target.terms:
            continue
        value, window = _best_window(target.terms, windows, question_terms)
        if matching.phrase_present(synonym, answer):
            value = 1.0
            window = next((w for w in windows if matching.phrase_present(synonym, w)), answer)
        if value < PARTLY_AT or not window:
            continue
        claim = target
        if not target.negations:
            # A synonym names the idea ("힙 공유", "full scan"); the claim's polarity is
            # the key point's.
            claim = matching.Terms(target.terms, main.negations, main.predicates)
        if (claim.predicates or claim.negations) and polarity.polarity_differs(
            claim, answer, question_terms
        ):
            contradicted = True
            continue
        own = tuple(t for t in main.terms if t in entities)
        if own and polarity.swapped_subject(
            matching.Terms(own + target.terms, 0, 0), answer, entities, question_terms, 1
        ):
            contradicted = True
            continue
        # A synonym is anchored by the key point's other words nearby: a bare term in an
        # unrelated clause ("큐는 LIFO") is weaker than a claim about the right subject.
        window_terms = matching.analyse(window).terms
        anchor = matching.coverage(main.terms, window_terms, question_terms)
        if any(
            term not in target.terms
            and (len(term) > 1 or term in question_terms)
            and term not in matching._WEAK_TERMS
            and matching.best_match(term, window_terms) >= 0.85
            for term in main.terms
        ):
            anchor = 1.0  # the synonym is said about the key point's own subject
        ceiling = 1.0 if len(target.terms) > 1 else 0.9
        best = max(best, value * ceiling * (0.6 + 0.4 * min(1.0, anchor * 1.5)))
    if best >= COVERED_AT:
        status = KeyPointStatus.COVERED
    elif best >= PARTLY_AT:
        status = KeyPointStatus.PARTLY
    else:
        status = KeyPointStatus.MISSED
    return KeyPointGrade(kp, round(best, 3), status, contradicted and best < COVERED_AT)


def _relevance(answer_terms: tuple[str, ...], reference_terms: frozenset[str]) -> float:
    if not answer_terms:
        return 0.0
    hits = 0.0
    unique = list(dict.fromkeys(answer_terms))
    for term in unique:
        if term in reference_terms:
            hits += 1
        elif matching.best_match(term, reference_terms) >= 0.7:
            hits += 0.8
    return hits / len(unique)


def grade(question: QuestionSpec, answer: str) -> RubricGrade:
    """Grades an answer against the question's key points, deterministically."""
    answer = normalise(answer)
    key_points = question.key_points or (KeyPointSpec(question.model_answer or question.text),)
    flag = detect_junk(answer)
    if flag == AnswerFlag.EMPTY:
        return _flagged(key_points, flag)
    if detect_injection(answer):
        return _flagged(key_points, AnswerFlag.INJECTION)
    if flag != AnswerFlag.NONE:
        return _flagged(key_points, flag)

    answer_terms = matching.analyse(answer).terms
    question_terms = frozenset(matching.analyse(question.text).terms)
    reference_terms = frozenset(matching.analyse(_reference_text(question)).terms)
    entities = _entities(question, question_terms, key_points)
    grades = tuple(
        grade_key_point(kp, answer, answer_terms, question_terms, entities) for kp in key_points
    )
    credits = [_credit(g.coverage) for g in grades]
    kp_mean = sum(credits) / len(credits)
    relevance = _relevance(answer_terms, reference_terms)

    # Nothing beyond the question's own words: the question copied back.
    novel = [t for t in dict.fromkeys(answer_terms) if matching.best_match(t, question_terms) < 0.7]
    copied = matching.containment(answer, question.text) >= 0.8 and len(novel) <= 2
    if copied:
        return _flagged(key_points, AnswerFlag.COPIED_QUESTION, relevance)
    short = len(novel) <= 6 or len(answer.split()) <= 25
    best = max((g.coverage for g in grades), default=0.0)
    if DONT_KNOW.search(answer) and (kp_mean < 0.1 or best < PARTLY_AT) and short:
        return _flagged(key_points, AnswerFlag.DONT_KNOW, relevance)
    # No key point even partly met, and either most words from elsewhere (an answer to
    # another question) or a line too short to say anything ("I'd pick the better one").
    vague = len(answer.split()) <= VAGUE_WORDS and len(novel) <= VAGUE_NOVEL_TERMS
    if (kp_mean < 0.08 or best < PARTLY_AT) and (relevance < 0.3 or vague):
        few_words = len(set(answer_terms)) < 3
        flag = AnswerFlag.JUNK if few_words else AnswerFlag.OFF_TOPIC
        return _flagged(key_points, flag, relevance)

    similarity = matching.char_similarity(
        answer, question.model_answer or _reference_text(question)
    )
    contradictions = sum(g.contradicted for g in grades)
    score = 12 + 76 * kp_mean + 12 * min(1.0, similarity / 0.45)
    score -= 6 * contradictions
    # An answer that touches some point but is mostly elsewhere is weaker than a focused one.
    score -= 8 * max(0.0, 0.3 - relevance) / 0.3
    term_list = is_term_list(answer)
    if term_list:
        score = min(score, TERM_LIST_CAP)
    score = max(FLAG_CAP + 1, min(100, round(score)))
    return RubricGrade(score, grades, AnswerFlag.NONE, round(relevance, 3), term_list)


def _entities(
    question: QuestionSpec, question_terms: frozenset[str], key_points: tuple[KeyPointSpec, ...]
) -> frozenset[str]:
    """The things a question compares ("TCP", "UDP"): the subjects key points open with,
    kept when the question names them or several key points share them."""
    subjects: dict[str, int] = {}
    named: set[str] = set()  # Korean nouns and acronyms: things, not verbs like "requires"
    for kp in key_points:
        found_subject = matching.subject(kp.text)
        if not found_subject or found_subject[0] in matching._WEAK_TERMS:
            continue
        term, acronym = found_subject
        subjects[term] = subjects.get(term, 0) + 1
        if acronym or not term.isascii():
            named.add(term)
    found = {
        t for t, count in subjects.items() if t in question_terms or (count >= 2 and t in named)
    }
    # Also the question's own terms that key points make claims about ("프로세스와 스레드").
    for kp in key_points:
        found.update(
            t
            for t in matching.analyse(kp.text).terms
            if t in question_terms and t not in matching._WEAK_TERMS and len(t) > 1
        )
    # Two or more: a comparison; one alone is just the topic.
    return frozenset(found) if len(found) >= 2 else frozenset()


def _credit(coverage: float) -> float:
    # A smooth credit keeps rankings stable near the covered/partly thresholds.
    return max(0.0, min(1.0, (coverage - 0.15) / (CREDIT_FULL_AT - 0.15)))


def _flagged(
    key_points: tuple[KeyPointSpec, ...], flag: AnswerFlag, relevance: float = 0.0
) -> RubricGrade:
    grades = tuple(KeyPointGrade(kp, 0.0, KeyPointStatus.MISSED) for kp in key_points)
    return RubricGrade(FLAG_SCORES[flag], grades, flag, round(relevance, 3))
