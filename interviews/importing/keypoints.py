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
from dataclasses import dataclass

from interviews.engine.text import get_kiwi, normalise, tokenize

MIN_POINTS = 3
MAX_POINTS = 5
MAX_POINT_LENGTH = 120  # characters; a longer sentence is cut at a clause boundary
# Sentences longer than this are split at commas into clauses of at least MIN_CLAUSE.
LONG_SENTENCE = 110
MIN_CLAUSE = 25

_NOUN_TAGS = {"NNG", "NNP", "NR", "SL", "SH", "SN", "XSN", "XPN"}
_BOUND = {
    "안",
    "내",
    "간",
    "외",
    "위",
    "속",
    "것",
    "수",
    "때",
    "등",
    "중",
    "데",
    "거",
    "때문",
    "경우",
    "측면",
    "부분",
    "정도",
    "이상",
    "이하",
}
# Nouns that say what kind of thing is asked, not what the answer claims.
_GENERIC = frozenset(
    """사용 제한 차이 차이점 방법 방식 이유 개념 특징 장점 단점 설명 의미 역할 기능 종류 예시 예
    경우 문제 상황 목적 효과 결과 과정 원리 정의 구조 필요 가능 해결 발생 반환 제공 수행 처리 이용
    활용""".split()
)
_ASCII_JOIN = re.compile(r"[A-Za-z0-9/_+#\-]")
_LEADING_CONNECTIVE = re.compile(
    r"^(?:그래서|따라서|그러므로|또한|즉|하지만|그러나|그리고|반면|반면에|예를 들어|"
    r"so|therefore|also|however|thus|and|but|in short),?\s+",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"(?<=[,;])\s+")
_PARENTHESISED = re.compile(r"\(([^()\d][^()]{0,29})\)")
_LATIN = re.compile(r"[A-Za-z]")
_CODE_FENCE = re.compile(r"```.*?```|~~~.*?~~~", re.DOTALL)
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_LIST_MARK = re.compile(r"^\s*(?:[-*+•·]|\d{1,3}[.)])\s+", re.MULTILINE)
_MD = re.compile(r"[`*_#>]+")
_EN_SENTENCES = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9`\"'(])")
_EN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_+#.\-]*[A-Za-z0-9_+#]|[A-Za-z]")
_EN_CLAUSE = re.compile(r",\s+(?:which|so|because|while|whereas|and|but)\b|;\s+|\s+—\s+")
_HANGUL = re.compile(r"[가-힣]")
_EN_STOP = frozenset(
    """a an the and or but if then else of to in on at by for with from as is are was were be
    been being it its this that these those there here you we they i he she your our their do does
    did have has had so very can could would should will just also than which what when where who
    how why into about over under more most such only own same other some any each all both few
    may might must not no yes use used uses using e.g i.e etc one two example
    for instance""".split()
)


@dataclass
class _Sentence:
    text: str
    order: int
    phrases: list[str]
    terms: set[str]
    score: float = 0.0


def draft_key_points(
    *, answer: str, question: str = "", language: str = ""
) -> list[tuple[str, list[str]]]:
    """3-5 (text, synonyms) pairs drawn from the answer; [] when there is nothing to draw."""
    text = _plain(answer)
    if not text:
        return []
    korean = language == "ko" or (not language and bool(_HANGUL.search(text)))
    sentences = _korean_sentences(text) if korean else _english_sentences(text)
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
    chosen: list[_Sentence] = []
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
        point = _condense_korean(sentence.text) if korean else _condense_english(sentence.text)
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


def _korean_sentences(text: str) -> list[_Sentence]:
    kiwi = get_kiwi()
    result: list[_Sentence] = []
    for line in (ln.strip() for ln in text.splitlines()):
        if not line:
            continue
        for sentence in kiwi.split_into_sents(line):
            for unit in _split_long(sentence.text.strip()):
                tokens = kiwi.tokenize(unit)
                phrases = _korean_noun_phrases(unit, tokens, offset=0)
                result.append(_Sentence(unit, len(result), phrases, set(tokenize(unit))))
    return result


def _split_long(sentence: str) -> list[str]:
    """A long sentence listing several things ("A(원자성), B(일관성), …") → its clauses."""
    if len(sentence) <= LONG_SENTENCE:
        return [sentence]
    parts: list[str] = []
    for part in _CLAUSE_BREAK.split(sentence):
        part = part.strip()
        if parts and len(part) < MIN_CLAUSE:
            parts[-1] = f"{parts[-1]} {part}"
        elif part:
            parts.append(part)
    if len(parts) > 1 and len(parts[0]) < MIN_CLAUSE:
        parts[1] = f"{parts.pop(0)} {parts[1]}"
    return parts if len(parts) > 1 else [sentence]


def _korean_noun_phrases(text: str, tokens, *, offset: int) -> list[str]:
    """Runs of nouns (with foreign words and suffixes): "가상 메모리 주소 공간", "GIL"."""
    phrases: list[str] = []
    run: list = []

    def flush() -> None:
        if not run:
            return
        # Plural "들" and bound nouns end no phrase; "화", "성" ("동기화") stay.
        while run and (run[-1].tag == "XPN" or run[-1].form in _BOUND | {"들"}):
            run.pop()
        while run and (run[0].tag in {"XSN", "XPN"} or run[0].form in _BOUND):
            run.pop(0)
        if run:
            start = run[0].start - offset
            end = run[-1].start + run[-1].len - offset
            # Kiwi splits "I/O" and "read-only"; widen the run over the ASCII around it.
            while start > 0 and _ASCII_JOIN.match(text[start - 1]):
                start -= 1
            while end < len(text) and _ASCII_JOIN.match(text[end]):
                end += 1
            phrase = text[start:end].strip(" /.-_")
            meaningful = [t for t in run if t.tag in {"NNG", "NNP", "SL", "SH"}]
            if meaningful and (len(phrase) >= 2 or run[0].tag == "NNP") and len(run) <= 5:
                phrases.append(phrase)
        run.clear()

    previous_end = None
    for token in tokens:
        if token.tag in _NOUN_TAGS and token.form not in {"것", "수"}:
            if run and previous_end is not None and token.start - previous_end > 1:
                flush()
            run.append(token)
            previous_end = token.start + token.len
        else:
            flush()
            previous_end = None
    flush()
    return phrases


def _english_sentences(text: str) -> list[_Sentence]:
    result: list[_Sentence] = []
    for line in (ln.strip() for ln in text.splitlines()):
        if not line:
            continue
        for sentence in _EN_SENTENCES.split(line):
            for unit in _split_long(sentence.strip()):
                if unit:
                    result.append(
                        _Sentence(unit, len(result), _english_phrases(unit), set(tokenize(unit)))
                    )
    return result


def _english_phrases(sentence: str) -> list[str]:
    phrases: list[str] = []
    run: list[str] = []
    for match in re.finditer(r"[A-Za-z0-9_+#.\-]+|[^\sA-Za-z0-9]", sentence):
        word = match.group(0).strip(".-")
        if word and _EN_WORD.fullmatch(word) and word.lower() not in _EN_STOP:
            run.append(word)
            continue
        if run:
            phrases.append(" ".join(run[-3:]))
            run = []
    if run:
        phrases.append(" ".join(run[-3:]))
    return [p for p in phrases if len(p) >= 3]


def _condense_korean(sentence: str) -> str:
    """Drops the copula ending ("…단위입니다." → "…단위") and keeps it under the limit."""
    text = _LEADING_CONNECTIVE.sub("", sentence.strip()).rstrip(".。!,; ")
    tokens = get_kiwi().tokenize(text)
    if len(tokens) >= 2 and tokens[-1].tag.startswith("EF"):
        copula = tokens[-2] if tokens[-2].tag == "VCP" else None
        if copula is not None and copula.start > 0:
            text = text[: copula.start].rstrip()
    if len(text) <= MAX_POINT_LENGTH:
        return text
    # Cut after a connective ending ("…공유하며", "…빠르지만") that falls within the limit.
    cut = 0
    for token in tokens:
        end = token.start + token.len
        if token.tag == "EC" and 20 <= end <= MAX_POINT_LENGTH:
            cut = end
    if cut:
        return text[:cut].rstrip(" ,")
    return _cut_words(text)


def _condense_english(sentence: str) -> str:
    text = _LEADING_CONNECTIVE.sub("", sentence.strip()).rstrip(".!,; ")
    text = text[:1].upper() + text[1:]
    if len(text) <= MAX_POINT_LENGTH:
        return text
    for match in _EN_CLAUSE.finditer(text):
        if 20 <= match.start() <= MAX_POINT_LENGTH:
            return text[: match.start()].rstrip(" ,;")
    return _cut_words(text)


def _cut_words(text: str) -> str:
    cut = text[:MAX_POINT_LENGTH].rsplit(" ", 1)[0].rstrip(" ,;")
    return cut + "…"
