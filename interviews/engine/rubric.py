"""The deterministic rubric: grades key points and scores, after the guards
(`guards.py`) flag junk and injection.

Pure functions over dataclasses; the local chat model (providers.py) turns a
`RubricGrade` into streamed Markdown.
"""

import re
from dataclasses import dataclass, replace

from . import (
    attribution,
    clauses,
    complexity,
    evidence,
    matching,
    misconceptions,
    ownership,
    pairs,
    polarity,
    scoring,
)
from .guards import DONT_KNOW, TERMS_OFFERED, detect_injection, detect_junk, is_term_list
from .text import ENGLISH_STOPWORDS, has_hangul, normalise, original_span, text_language
from .types import AnswerFlag, KeyPointSpec, KeyPointStatus, MisconceptionHit, QuestionSpec

COVERED_AT = 0.58
CREDIT_FULL_AT = 0.72  # coverage earning full credit for a key point
PARTLY_AT = 0.34
STRONG_CLAIM_AT = 0.9  # coverage of a clause that states a claim outright
# A reply this short that meets no key point even partly says nothing gradable.
VAGUE_WORDS = 16
VAGUE_NOVEL_TERMS = 6
VAGUE_RELEVANCE = 0.5  # … unless this much of it is the reference's
# At most this many rubric words, in text mostly from elsewhere, is talk around the topic.
CHATTER_TELLING = 2
CHATTER_RELEVANCE = 0.45
BRUSHING_RELEVANCE = 0.32  # … and when it brushes one key point, at most this much
# An answer this long that adds no rubric word to the question's own only rephrases it.
ECHO_MIN_WORDS = 8
NAME_ONLY_CEILING = 0.6  # a bare-name synonym's credit ceiling, raised by its anchor
_BARE_NAME = re.compile(r"^\s*[A-Z][A-Z0-9]+\s*$")
# Kept here for the modules that read them from the rubric; `scoring` owns them.
FLAG_CAP = scoring.FLAG_CAP
TERM_LIST_CAP = scoring.TERM_LIST_CAP
FLAG_SCORES = scoring.FLAG_SCORES


@dataclass(frozen=True)
class KeyPointGrade:
    key_point: KeyPointSpec
    coverage: float  # 0..1, after negation checks
    status: KeyPointStatus
    contradicted: bool = False
    evidence: str = ""  # the answer's words the verdict rests on
    misconception: MisconceptionHit | None = None  # what it was contradicted by
    # Coverage of its words wherever they are, even said of another compared thing: the
    # answer is on the topic, whatever it credits.
    worded: float = 0.0


@dataclass(frozen=True)
class RubricGrade:
    score: int
    key_points: tuple[KeyPointGrade, ...]
    flag: AnswerFlag
    relevance: float  # share of the answer's terms found in the reference material
    term_list: bool = False  # only terms, no sentence: capped at TERM_LIST_CAP
    misconceptions: tuple[MisconceptionHit, ...] = ()
    support: float = 1.0  # the score formula's support (`scoring.py`)
    support_points: int = 0  # what it cost the score


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


def _wording_credit(
    kp_text: str,
    terms: tuple[str, ...],
    windows: list[str],
    answer: str,
    answer_terms: tuple[str, ...],
    question_terms: frozenset[str],
) -> tuple[float, float, str]:
    """(credit, best window's coverage, that window) for the key point's own wording."""
    # Judged in the smallest window that carries it; terms scattered over the whole
    # answer are weaker evidence.
    value, window = _best_window(terms, windows, question_terms)
    best = max(value, matching.coverage(terms, answer_terms, question_terms) * 0.75)
    present = next((w for w in windows if matching.phrase_present(kp_text, w)), "")
    if present or (answer and matching.phrase_present(kp_text, answer)):
        return 1.0, value, present or window or answer
    return best, value, window


def _synonym_found(
    synonym: str, terms: tuple[str, ...], windows: list[str], question_terms: frozenset[str]
) -> tuple[float, str]:
    """How fully a synonym is said, and in which window."""
    present = next((w for w in windows if matching.phrase_present(synonym, w)), "")
    if present:
        return 1.0, present
    return _best_window(terms, windows, question_terms)


def _synonym_credit(
    value: float,
    window: str,
    target: matching.Terms,
    main: matching.Terms,
    question_terms: frozenset[str],
    synonym_text: str,
) -> float:
    """The credit a synonym said this fully in this window earns the key point."""
    if value < PARTLY_AT or not window:
        return 0.0
    # A synonym is anchored by the key point's other words nearby: a bare term in an
    # unrelated clause ("큐는 LIFO") is weaker than a claim about the right subject.
    window_terms = matching.analyse(window).terms
    anchor = matching.coverage(main.terms, window_terms, question_terms)
    if any(
        matching.best_match(term, target.terms) < 0.85
        and (len(term) > 1 or term in question_terms)
        and term not in matching.WEAK_TERMS
        and matching.best_match(term, window_terms) >= 0.85
        for term in main.terms
    ):
        anchor = 1.0  # the synonym is said about the key point's own subject
    elif all(matching.best_match(t, question_terms) >= 0.85 for t in target.terms):
        # A synonym the question itself names ("캡슐화" when it asks for the four
        # features) shows nothing when repeated: it counts only beside the key point's
        # other words. The same goes for its translation ("encapsulation" for "캡슐화").
        return 0.0
    ceiling = 1.0 if len(target.terms) > 1 else 0.9
    if len(target.terms) == 1 and _BARE_NAME.match(synonym_text):
        # An example's bare name ("AES", "HTTP") shows the candidate knows the name, not
        # the claim: at most partly, unless the key point's own words are beside it.
        ceiling = min(ceiling, NAME_ONLY_CEILING + anchor)
    return value * ceiling * (0.6 + 0.4 * min(1.0, anchor * 1.5))


def grade_key_point(
    kp: KeyPointSpec,
    answer: str,
    answer_terms: tuple[str, ...],
    question_terms: frozenset[str],
    entities: frozenset[str] = frozenset(),
    question: QuestionSpec | None = None,
) -> KeyPointGrade:
    windows = clauses.windows(answer)
    main = matching.analyse(kp.text)
    best, main_value, main_window = _wording_credit(
        kp.text, main.terms, windows, answer, answer_terms, question_terms
    )
    # A claim about one compared thing is credited only where that thing (or none other)
    # is spoken of; the checks below still read the whole answer.
    owned = ownership.own_windows(kp, answer, question, windows)
    worded = best
    credit_window = main_window
    if owned is not windows:
        own_terms = tuple(t for w in owned for t in matching.analyse(w).terms)
        credit, _, credit_window = _wording_credit(
            kp.text, main.terms, owned, "", own_terms, question_terms
        )
    else:
        credit = best
    evidence_window = credit_window
    contradicted = strong = False
    # "can" is not "cannot": the same words with the opposite polarity are a mistake.
    # Opposite words ("faster" for "slower") and swapped subjects ("UDP" for "TCP") too.
    is_claim = bool(main.predicates or main.negations) and bool(main_window)
    polar = _polar_part(kp.text, main)
    if polar.negations and matching.negations_only_qualify(kp.text):
        polar = replace(polar, negations=0)  # the claim is positive; its condition is not
    if (
        best >= PARTLY_AT
        and (
            (is_claim and polarity.polarity_differs(polar, answer, question_terms))
            or polarity.opposite_in_answer(main, answer, question_terms)
            or polarity.swapped_subject(main, answer, entities, question_terms)
        )
        and not (
            # Saying what the key point or the model answer says is never a contradiction.
            matching.phrase_present(kp.text, main_window)
            or (question and evidence.restates_model_answer(main_window, question))
        )
    ):
        # A clear claim stated the other way round is a contradiction; a weak one only
        # loses half its credit (the lexical checks misfire on long spoken sentences).
        strong = main_value >= STRONG_CLAIM_AT
        credit *= 0.5
        worded *= 0.5
        contradicted = True

    for synonym in kp.synonyms:
        target = matching.analyse(synonym)
        if not target.terms:
            continue
        value, window = _synonym_found(synonym, target.terms, windows, question_terms)
        if value < PARTLY_AT or not window:
            continue
        if owned is not windows:
            own_value, own_window = _synonym_found(synonym, target.terms, owned, question_terms)
        else:
            own_value, own_window = value, window
        if question and evidence.restates_model_answer(window, question):
            # The model answer's own words are never a contradiction.
            if own_window and own_value > credit:
                credit, evidence_window = own_value, own_window
            continue
        claim = target
        if target.negations and not main.negations and matching.negations_only_describe(synonym):
            # "없던 행이 생김" for "Phantom Read": the negation describes a noun.
            target = matching.Terms(target.terms, 0, target.predicates)
        if not target.negations:
            # A synonym names the idea ("힙 공유", "full scan"); the claim's polarity is
            # the key point's.
            # In a terse key point only the synonyms of its negative part are negative.
            negative = (
                polar is main or matching.coverage(target.terms, polar.terms, frozenset()) >= 0.5
            )
            claim = matching.Terms(
                target.terms, polar.negations if negative else 0, main.predicates
            )
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
        worded = max(worded, _synonym_credit(value, window, target, main, question_terms, synonym))
        credited = _synonym_credit(own_value, own_window, target, main, question_terms, synonym)
        if credited > credit:
            credit, evidence_window = credited, own_window
    best = credit
    if best >= COVERED_AT:
        status = KeyPointStatus.COVERED
    elif best >= PARTLY_AT:
        status = KeyPointStatus.PARTLY
    else:
        status = KeyPointStatus.MISSED
    # The lexical polarity checks only lower the credit: they misfire on long spoken
    # sentences too often to call a point contradicted. That verdict needs a stated
    # misconception or a swapped subject (`misconceptions.asserted`).
    contradicted = contradicted and best < COVERED_AT
    if contradicted:
        # Said the other way round: no credit. Only a clear claim is called contradicted.
        status = KeyPointStatus.CONTRADICTED if strong else KeyPointStatus.MISSED
    reordered = polarity.order_reversed(kp.text, answer) or polarity.sequence_reordered(
        kp.text, answer, entities
    )
    if reordered and not (question and evidence.restates_model_answer(reordered, question)):
        # The steps named in another order: the sequence the key point is about is wrong.
        return KeyPointGrade(
            kp, round(best, 3), KeyPointStatus.CONTRADICTED, True, reordered, worded=best
        )
    return KeyPointGrade(
        kp,
        round(best, 3),
        status,
        contradicted,
        evidence=evidence_window if status != KeyPointStatus.MISSED else "",
        worded=round(best if owned is windows else max(best, worded), 3),
    )


# Commas and slashes part a terse note; a slash inside a term ("I/O", "TCP/IP") does not.
_NOTE_PARTS = re.compile(
    r"\s*[,，·;]\s*|\s*(?:(?<![A-Za-z0-9])/|/(?![A-Za-z0-9]))\s*|\s+/\s*|\s*/\s+"  # noqa: RUF001
)


def _polar_part(kp_text: str, main: matching.Terms) -> matching.Terms:
    """The part of a terse key point whose polarity is judged: in "UDP: 비연결형, 보장 없음,
    오버헤드·지연 적음" only "보장 없음" is negative, so an answer saying the overhead is low
    states nothing the wrong way round."""
    if not main.negations:
        return main
    parts = [matching.analyse(part) for part in _NOTE_PARTS.split(normalise(kp_text))]
    parts = [part for part in parts if part.terms]
    negated = [part for part in parts if part.negations]
    if len(parts) < 2 or len(negated) == len(parts):
        return main
    terms = tuple(t for part in negated for t in part.terms)
    return matching.Terms(terms, sum(p.negations for p in negated), main.predicates)


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


def support(question: QuestionSpec, answer: str) -> float:
    """The share of what the answer names that the question's reference material uses:
    the `support` of the score formula (`scoring.py`). 1.0 for an answer in another
    language than the reference's, which the reference neither backs nor refutes."""
    answer = normalise(answer)
    reference_language = text_language(question.model_answer or question.text, question.language)
    if text_language(answer, reference_language) != reference_language:
        return 1.0
    # Filler ("um", "basically") and everyday verbs ("밀어야 돼서", "붙어있어서") are how a
    # candidate speaks, not claims the reference could back.
    named = tuple(
        t
        for t in matching.analyse(answer).terms
        if t not in matching.WEAK_TERMS
        and t not in _FILLERS
        and not (t.endswith("다") and has_hangul(t))
    )
    reference_terms = frozenset(matching.analyse(_reference_text(question)).terms)
    # A word in the other script ("lookup이 빠르다" against a Korean reference) that the
    # reference does not use, even translated, is neither backed nor refuted by it.
    korean = reference_language == "ko"
    named = tuple(
        t
        for t in named
        if has_hangul(t) == korean or matching.best_match(t, reference_terms) >= 0.7
    )
    if not named:
        return 1.0
    return round(_relevance(named, reference_terms), 3)


_FILLERS = frozenset(
    """um uh yeah okay ok so like basically actually really just thing stuff kind sort
    pretty right well guess mean know think say gonna kinda honestly literally whatever lot
    way get got""".split()
)


def grade(question: QuestionSpec, answer: str) -> RubricGrade:
    """Grades an answer against the question's key points, deterministically. Evidence
    is quoted in the answer's own characters."""
    return _in_own_words(_grade(question, normalise(answer)), answer)


def _in_own_words(result: RubricGrade, original: str) -> RubricGrade:
    """The evidence as the candidate wrote it: grading reads NFKC text ("O(n2)" for
    "O(n²)", "ᄒ" for "ㅎ"), the candidate sees their own."""

    def own(hit: MisconceptionHit) -> MisconceptionHit:
        return replace(
            hit,
            text=original_span(hit.text, original),
            evidence=original_span(hit.evidence, original),
        )

    grades = tuple(
        replace(
            g,
            evidence=original_span(g.evidence, original),
            misconception=own(g.misconception) if g.misconception is not None else None,
        )
        for g in result.key_points
    )
    return replace(result, key_points=grades, misconceptions=tuple(map(own, result.misconceptions)))


def _grade(question: QuestionSpec, answer: str) -> RubricGrade:
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
        grade_key_point(kp, answer, answer_terms, question_terms, entities, question)
        for kp in key_points
    )
    # Whether the answer is on the topic reads its words wherever they are said.
    credits = [_credit(g.worded) for g in grades]
    kp_mean = sum(credits) / len(credits)
    relevance = _relevance(answer_terms, reference_terms)

    # Nothing beyond the question's own words: the question copied back.
    novel = [t for t in dict.fromkeys(answer_terms) if matching.best_match(t, question_terms) < 0.7]
    # What the answer adds to the question that the rubric knows of: an answer that only
    # rephrases the question ("얕은 복사는 얕게 복사하는 것") adds nothing.
    # Matched against the reference's own words, not its filler: "맛있다" is no rubric word
    # for containing "있다".
    strong_reference = reference_terms - matching.WEAK_TERMS
    telling = [
        t
        for t in novel
        if t not in matching.WEAK_TERMS
        and t not in ENGLISH_STOPWORDS
        and len(t) > 1
        and matching.best_match(t, strong_reference) >= 0.85
    ]
    copied = matching.containment(answer, question.text) >= 0.8 and len(novel) <= 2
    if copied:
        return _flagged(key_points, AnswerFlag.COPIED_QUESTION, relevance)
    short = len(novel) <= 6 or len(answer.split()) <= 25
    best = max((g.worded for g in grades), default=0.0)
    offers_terms = TERMS_OFFERED.search(answer) is not None and len(answer.split()) <= 40
    # Few rubric words beyond the question's own is a guess, unless they meet two key points
    # ("`is`는 같은 객체인지, `==`는 값이 같은지 … None은 기억이 안 나네요").
    met = sum(g.status == KeyPointStatus.COVERED for g in grades)
    unsure = kp_mean < 0.1 or best < PARTLY_AT or offers_terms or (len(telling) <= 1 and met < 2)
    if DONT_KNOW.search(answer) and unsure and short:
        return _flagged(key_points, AnswerFlag.DONT_KNOW, relevance)
    # No key point even partly met, and either most words from elsewhere (an answer to
    # another question) or a line too short to say anything ("I'd pick the better one").
    # A short line in the reference's own words ("transform은 GPU 합성만 해서 리플로우가 안
    # 일어나요": most of its words the reference's, and what it names backed by it) says
    # something, though it meets no key point's wording.
    vague = (
        len(answer.split()) <= VAGUE_WORDS
        and len(novel) <= VAGUE_NOVEL_TERMS
        and not (
            relevance >= VAGUE_RELEVANCE
            and len(novel) >= 2
            and support(question, answer) >= scoring.SUPPORT_EXPECTED
        )
    )
    # Or talk around the topic: an anecdote or a remark that names the subject and one
    # more of the rubric's words ("CORS 에러는 정말 자주 보는 에러입니다. 저도 …").
    chatter = len(telling) <= CHATTER_TELLING and relevance < CHATTER_RELEVANCE
    # No key point even partly met and at most one rubric word beyond the question's own
    # ("시간 복잡도는 시간이 얼마나 복잡한지를 나타내는 것"): nothing to grade.
    empty = best < PARTLY_AT and len(telling) <= 1
    # Talk around the topic that brushes one key point, its words mostly from elsewhere
    # ("Kubernetes is … very popular in the cloud native ecosystem"), is still talk around
    # it. An answer in the other language than the reference's has few of its words.
    brushes = (
        sum(g.status != KeyPointStatus.MISSED for g in grades) <= 1
        and all(g.status != KeyPointStatus.COVERED for g in grades)
        and relevance < BRUSHING_RELEVANCE
        and text_language(answer, question.language) == question.language
    )
    nothing_met = kp_mean < 0.08 or best < PARTLY_AT
    if (nothing_met and (relevance < 0.3 or vague or chatter or empty)) or (brushes and chatter):
        few_words = len(set(answer_terms)) < 3
        flag = AnswerFlag.JUNK if few_words else AnswerFlag.OFF_TOPIC
        return _flagged(key_points, flag, relevance)
    if not telling and len(answer.split()) >= ECHO_MIN_WORDS:
        return _flagged(key_points, AnswerFlag.COPIED_QUESTION, relevance)

    grades, extra = _apply_misconceptions(grades, _asserted(question, answer))
    term_list = is_term_list(answer)
    supported = support(question, answer)
    score, points = scoring.scored(
        (g.status for g in grades),
        extra_misconceptions=len(extra),
        term_list=term_list,
        support=supported,
    )
    hits = tuple(extra) + tuple(h for g in grades for h in _hit_of(g))
    return RubricGrade(
        score,
        grades,
        AnswerFlag.NONE,
        round(relevance, 3),
        term_list,
        hits,
        supported,
        points,
    )


def _entities(
    question: QuestionSpec, question_terms: frozenset[str], key_points: tuple[KeyPointSpec, ...]
) -> frozenset[str]:
    """The things a question compares ("TCP", "UDP"): the subjects key points open with,
    kept when the question names them or several key points share them."""
    subjects: dict[str, int] = {}
    named: set[str] = set()  # Korean nouns and acronyms: things, not verbs like "requires"
    for kp in key_points:
        found_subject = matching.subject(kp.text)
        if not found_subject or found_subject[0] in matching.WEAK_TERMS:
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
            if t in question_terms and t not in matching.WEAK_TERMS and len(t) > 1
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


def _apply_misconceptions(
    grades: tuple[KeyPointGrade, ...], hits: tuple[MisconceptionHit, ...]
) -> tuple[tuple[KeyPointGrade, ...], list[MisconceptionHit]]:
    """An asserted misconception contradicts the key point it denies; one that denies no
    key point of this rubric is returned apart (it still costs points)."""
    by_text = {g.key_point.text: i for i, g in enumerate(grades)}
    out = list(grades)
    extra = []
    for hit in hits:
        index = by_text.get(hit.key_point)
        if index is None:
            extra.append(hit)
            continue
        grade = out[index]
        if grade.misconception is not None:
            continue  # one misconception per key point is enough to contradict it
        out[index] = replace(
            grade,
            status=KeyPointStatus.CONTRADICTED,
            contradicted=True,
            evidence=hit.evidence,
            misconception=hit,
        )
    return tuple(out), extra


def _asserted(question: QuestionSpec, answer: str) -> tuple[MisconceptionHit, ...]:
    """Listed misconceptions and swaps, then misattributions the model answer shows (one
    per sentence)."""
    hits = misconceptions.asserted(question, answer) + attribution.denied_difference(
        question, answer
    )
    for hit in (
        attribution.opposite_of_model(question, answer)
        + attribution.misattributed(question, answer)
        + attribution.crossed(question, answer)
        + attribution.swapped_complexities(question, answer)
        + complexity.misstated(question, answer)
        + pairs.swapped(question, answer)
    ):
        # One sentence is one mistake, however many checks read it so.
        if all(hit.evidence not in h.evidence and h.evidence not in hit.evidence for h in hits):
            hits += (hit,)
    return hits


def _hit_of(grade: KeyPointGrade) -> tuple[MisconceptionHit, ...]:
    return (grade.misconception,) if grade.misconception is not None else ()
