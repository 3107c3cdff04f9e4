"""Draft key points from a model answer, for questions that arrive without any.

A key point is what the grader looks for, so a short claim from the answer works
better than a bare word: the most salient sentences become the points (condensed:
"…실행 단위입니다." → "…실행 단위"), and each keeps its main noun phrases as
synonyms so the rubric can match an answer that says it differently. Salience is
term frequency over Kiwi's noun phrases (Korean) or content words (English). The
drafts are marked needs_review: a curator confirms them.
"""

import math
import re

from interviews.engine.text import normalise, text_language, tokenize
from interviews.importing.sentences import (
    Sentence,
    condense_english,
    condense_korean,
    english_sentences,
    korean_sentences,
)

MIN_POINTS = 3
MAX_POINTS = 5

_GENERIC = frozenset(
    """사용 제한 차이 차이점 방법 방식 이유 개념 특징 장점 단점 설명 의미 역할 기능 종류 예시 예
    경우 문제 상황 목적 효과 결과 과정 원리 정의 구조 필요 가능 해결 발생 반환 제공 수행 처리 이용
    활용""".split()
)
_PARENTHESISED = re.compile(r"\(([^()\d][^()]{0,29})\)")
_LATIN = re.compile(r"[A-Za-z]")
_CODE_FENCE = re.compile(r"```.*?```|~~~.*?~~~", re.DOTALL)
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_LIST_MARK = re.compile(r"^\s*(?:[-*+•·]|\d{1,3}[.)])\s+", re.MULTILINE)
_MD = re.compile(r"[`*_#>]+")


def draft_key_points(
    *, answer: str, question: str = "", language: str = ""
) -> list[tuple[str, list[str]]]:
    """3-5 (text, synonyms) pairs drawn from the answer; [] when there is nothing to draw."""
    text = _plain(answer)
    if not text:
        return []
    korean = (language or text_language(text)) == "ko"
    sentences = korean_sentences(text) if korean else english_sentences(text)
    sentences = [s for s in sentences if len(s.text) >= 6 and s.terms]
    if not sentences:
        return []

    frequency: dict[str, int] = {}
    for sentence in sentences:
        for term in sentence.terms:
            frequency[term] = frequency.get(term, 0) + 1
    question_terms = set(tokenize(question)) if question else set()

    def weight(term: str) -> float:
        # Terms the answer repeats are what it is about; the question's own terms get a
        # small boost so the points stay on its subject.
        return frequency.get(term, 0) + (0.5 if term in question_terms else 0.0)

    for sentence in sentences:
        total = sum(weight(t) for t in sentence.terms)
        sentence.score = total / math.sqrt(len(sentence.terms) + 1)
        if len(sentence.text) > 250:
            sentence.score *= 0.7

    # A sentence made only of the question's own words ("트랜잭션은 4가지 특성이 있는데요")
    # introduces the answer; it is no point of its own.
    informative = [s for s in sentences if not s.terms <= question_terms | _filler_terms(s.terms)]
    if len(informative) >= MIN_POINTS:
        sentences = informative
    chosen: list[Sentence] = []
    for sentence in sorted(sentences, key=lambda s: (-s.score, s.order)):
        if len(chosen) >= MAX_POINTS:
            break
        if any(_overlap(sentence.terms, c.terms) >= 0.7 for c in chosen):
            continue
        chosen.append(sentence)
    # Short answers: keep the sentences we have; long ones: only the salient few.
    if len(sentences) > MAX_POINTS:
        floor = sorted((s.score for s in chosen), reverse=True)
        cutoff = floor[MIN_POINTS - 1] * 0.6 if len(floor) >= MIN_POINTS else 0
        chosen = [c for i, c in enumerate(chosen) if i < MIN_POINTS or c.score >= cutoff]
    chosen.sort(key=lambda s: s.order)

    points: list[tuple[str, list[str]]] = []
    for sentence in chosen:
        point = condense_korean(sentence.text) if korean else condense_english(sentence.text)
        # Multi-word phrases first ("메모리 공간" says more than "메모리"), then salience;
        # words of the question itself say little about this particular point.
        # Technical terms first (ASCII or given in parentheses: "Atomicity(원자성)"), then
        # multi-word phrases, then salience.
        glossed = set(_PARENTHESISED.findall(sentence.text))
        phrases = sorted(
            dict.fromkeys([*sentence.phrases, *glossed]),
            key=lambda p: (
                0 if p in glossed or _LATIN.search(p) else 1 if len(tokenize(p)) > 1 else 2,
                -sum(weight(t) for t in tokenize(p) if t not in question_terms),
            ),
        )
        synonyms = [p for p in phrases if p != point and p not in _GENERIC and len(p) <= 60][:3]
        if point and point not in [p for p, _ in points]:
            points.append((point[:300], synonyms))

    if len(sentences) < MIN_POINTS:
        # A one- or two-sentence answer: its main noun phrases make better points than
        # the sentence itself.
        phrase_scores: dict[str, float] = {}
        for sentence in sentences:
            for phrase in sentence.phrases:
                if phrase in _GENERIC or len(phrase) < 2:
                    continue
                phrase_scores[phrase] = max(
                    phrase_scores.get(phrase, 0), sum(weight(t) for t in tokenize(phrase))
                )
        ranked = sorted(phrase_scores.items(), key=lambda kv: -kv[1])
        if len(ranked) >= 2:
            points = [(phrase, []) for phrase, _score in ranked[:MAX_POINTS]]
    return points[:MAX_POINTS]


def _filler_terms(terms: set[str]) -> set[str]:
    """Numbers, counters and verbs ("4가지 … 있다"): no content of their own."""
    return {
        t
        for t in terms
        if t.replace(".", "").isdigit() or t in {"가지", "개", "번"} or t.endswith("다")
    }


def _plain(answer: str) -> str:
    text = normalise(answer)
    text = _CODE_FENCE.sub(" ", text)
    text = _URL.sub(" ", text)
    text = _LIST_MARK.sub("", text)
    text = _MD.sub("", text)
    return text.strip()


def _overlap(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


# A tag list ("TCP, window", "session, scale-out, Redis") names terms, not claims.
_TAG_SPLIT = re.compile(r"\s*[,、;/]\s*")
_TAG_MAX_WORDS = 3
_SENTENCE_END = re.compile(r"(?:다|요|음|함|됨)[.!]?$|[.!?]$")


def bare_keywords(points: list[tuple[str, list[str]]]) -> list[str]:
    """The terms of key points that are only a tag list, or [] when any is a claim.

    Notes often tag a question with keywords ("Keywords: TCP, window"); as key points
    they ask for words, not understanding, and a Korean answer that says "윈도우" meets
    none of them. Two terms at least, each a few words with no sentence of its own, and
    no curated synonyms ("전역 락 | global lock" is a curator's key point)."""
    terms: list[str] = []
    for text, synonyms in points:
        if synonyms:
            return []
        for item in _TAG_SPLIT.split(text):
            item = item.strip(" \"'")
            if not item:
                continue
            if len(item.split()) > _TAG_MAX_WORDS or _SENTENCE_END.search(item):
                return []
            terms.append(item)
    return list(dict.fromkeys(terms)) if len(terms) >= 2 else []


def with_keywords(
    points: list[tuple[str, list[str]]], keywords: list[str]
) -> tuple[list[tuple[str, list[str]]], list[str]]:
    """Drafted points with each keyword added to the synonyms of the point that shares
    most of its words; the keywords no point shares a word with are returned apart."""
    out = [(text, list(synonyms)) for text, synonyms in points]
    unplaced = []
    for keyword in keywords:
        words = set(tokenize(keyword)) or {keyword.lower()}
        best, best_overlap = None, 0
        for index, (text, synonyms) in enumerate(out):
            point_words = set(tokenize(" ".join([text, *synonyms])))
            overlap = len(words & point_words)
            if overlap > best_overlap:
                best, best_overlap = index, overlap
        if best is None:
            unplaced.append(keyword)
        elif keyword not in out[best][1] and keyword != out[best][0]:
            out[best][1].append(keyword)
    return out, unplaced
