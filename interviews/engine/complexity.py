"""Complexities stated the wrong way: "binary search is O(n log n)" against a key point
that says O(log n).

A complexity has a shape: its variables are named in the order they appear, constant
factors and terms are dropped, so "O(V + E)" is "O(n + m)", "O(2n)" is "O(n)" and
"O(nlogn)" is "O(n log n)". A clause of the answer that gives a shape the rubric (key
points, synonyms, model answer) never gives, about what a key point with a complexity
speaks of, in the same case (average, worst, amortised) and the same measure (time or
space), while its sentence does not also give the key point's own, contradicts that key
point. Precision first: a clause that names an alternative ("instead of", "than",
"naive"), a condition or a negation is not read.
"""

import re
from functools import lru_cache

from . import clauses, evidence, matching
from .text import normalise
from .types import KeyPointSpec, MisconceptionHit, QuestionSpec

_BIG_O = re.compile(r"(?<![A-Za-z])[OΘΩ]\s*\(((?:[^()]|\([^()]*\)){1,40})\)")
# Spoken complexities, named by their shape.
_WORDS = (
    (re.compile(r"\bconstant[- ]time\b|상수\s*시간", re.IGNORECASE), "1"),
    (re.compile(r"\blinear[- ]time\b|선형\s*시간", re.IGNORECASE), "a"),
    (re.compile(r"\blogarithmic[- ]time\b|로그\s*시간", re.IGNORECASE), "loga"),
    (re.compile(r"\bquadratic[- ]time\b|이차\s*시간", re.IGNORECASE), "a^2"),
)
_SUPERSCRIPTS = str.maketrans({"²": "^2", "³": "^3", "\u00d7": "*", "·": "*", "⋅": "*"})
_TOKEN = re.compile(r"log|sqrt|[a-z]|\d+|\S")
_FUNCTIONS = frozenset({"log", "sqrt"})
_DROPPED = frozenset("*()")

_CASES = (
    ("worst", re.compile(r"\bworst\b|최악", re.IGNORECASE)),
    ("average", re.compile(r"\baverage\b|\bexpected\b|평균", re.IGNORECASE)),
    ("best", re.compile(r"\bbest[- ]case\b|최선", re.IGNORECASE)),
    ("amortised", re.compile(r"\bamorti[sz]ed\b|분할\s*상환|상각", re.IGNORECASE)),
)
_SPACE = re.compile(
    r"\bspace\b|\bmemory\b|\bextra\b|\bauxiliary\b|\bstack\b|공간|메모리|스택", re.IGNORECASE
)
# An alternative, a condition or a comparison: "a naive scan would be O(n²)", "O(n)보다".
_HEDGE = re.compile(
    r"\b(?:would|could|might|naive(?:ly)?|instead|rather|than|versus|vs|compared|unlike"
    r"|if|when|unless|only if|brute[- ]force)\b"
    r"|보다|대신|비해|달리|나이브|단순히|무식하게|경우|[가-힣]면(?=[\s,]|$)",
    re.IGNORECASE,
)


def hedged(text: str) -> bool:
    """Whether the text names an alternative, a condition or a comparison ("instead of",
    "than", "naive", "경우"), so a complexity in it is not asserted of its subject."""
    return bool(_HEDGE.search(text))


@lru_cache(maxsize=4096)
def shapes(text: str) -> frozenset[str]:
    """The complexities `text` states, each as its shape."""
    found = {_shape(m.group(1)) for m in _BIG_O.finditer(normalise(text))}
    found.update(shape for pattern, shape in _WORDS if pattern.search(text))
    return frozenset(s for s in found if s)


def _shape(inner: str) -> str:
    text = inner.translate(_SUPERSCRIPTS).lower().replace(" ", "").replace("**", "^")
    text = re.sub(r"log_?\d+|lg|ln", "log", text)
    text = re.sub(r"(?<=[a-z)])(\d)", r"^\1", text)  # "n2" (NFKC's "n²") is n^2
    text = re.sub(r"(?<![a-z0-9^_])\d+(?:\.\d+)?\*?(?=[a-z(])", "", text)  # 2n → n
    text = re.sub(r"/\d+(?:\.\d+)?", "", text)  # n/2 → n
    text = re.sub(r"[+-]\d+(?:\.\d+)?(?![\w^])", "", text)  # n+1 → n
    names: dict[str, str] = {}
    out = []
    for token in _TOKEN.findall(text):
        if token in _FUNCTIONS:
            out.append(token)
        elif token.isalpha():  # one letter, one variable: "nm" is n·m
            out.append(names.setdefault(token, "abcdefgh"[min(len(names), 7)]))
        elif token not in _DROPPED:
            out.append(token)
    return "".join(out)


def _case(text: str) -> frozenset[str]:
    return frozenset(name for name, pattern in _CASES if pattern.search(text))


def _about(
    kp: KeyPointSpec, clause_terms: tuple[str, ...], generic: frozenset[str]
) -> float | None:
    """How much of what the key point speaks of (beyond the question's topic) the clause
    names; None when the key point speaks only of the topic ("O(log n) time")."""
    own = [
        t
        for t in matching.analyse(_without_complexities(kp.text)).terms
        if t not in generic and t not in matching.WEAK_TERMS and len(t) > 1
    ]
    if not own:
        return None
    return sum(matching.best_match(t, clause_terms) >= 0.85 for t in own) / len(own)


def _without_complexities(text: str) -> str:
    text = _BIG_O.sub(" ", normalise(text))
    for pattern, _ in _WORDS:
        text = pattern.sub(" ", text)
    return text


_GENERIC = frozenset(
    "time complexity 시간 복잡도 시간복잡도 연산 operation operations cost 비용 "
    "case cases 경우 take takes 걸리다 걸린다 이다 is are".split()
)


def misstated(question: QuestionSpec, answer: str) -> tuple[MisconceptionHit, ...]:
    """One hit per clause that gives a complexity the rubric never gives, where it speaks
    of a key point that states one."""
    rubric = [(kp, _kp_shapes(kp)) for kp in question.key_points]
    rubric = [(kp, found) for kp, found in rubric if found]
    if not rubric:
        return ()
    known = frozenset().union(*(found for _, found in rubric)) | _stated(question.model_answer)
    generic = frozenset(matching.analyse(question.text).terms) | _GENERIC
    hits: list[MisconceptionHit] = []
    for sentence in clauses.sentences(answer):
        for clause in clauses.clauses(sentence):
            said = _asserts(clause)
            if not said or said & known:
                continue
            kp = _key_point_of(rubric, clause, sentence, generic)
            if kp is not None and not evidence.restates_model_answer(sentence, question):
                hits.append(MisconceptionHit(clause, kp.text, clause, kp.text))
                break  # one a sentence is enough
    return tuple(hits)


def _asserts(clause: str) -> frozenset[str]:
    """The complexities a clause asserts: none where it names an alternative, a condition
    or a negation ("O(n), not O(n log n)", "versus O(n) for linear search")."""
    if _HEDGE.search(clause) or matching.first_negation(clause) is not None:
        return frozenset()
    return shapes(clause)


def _stated(text: str) -> frozenset[str]:
    found = [_asserts(c) for s in clauses.sentences(text) for c in clauses.clauses(s)]
    return frozenset().union(*found)


def _kp_shapes(kp: KeyPointSpec) -> frozenset[str]:
    return shapes(kp.text).union(*(shapes(s) for s in kp.synonyms))


def _key_point_of(
    rubric: list[tuple[KeyPointSpec, frozenset[str]]],
    clause: str,
    sentence: str,
    generic: frozenset[str],
) -> KeyPointSpec | None:
    """The key point the clause gives another complexity for, or None when it is unclear."""
    clause_terms = matching.analyse(_without_complexities(clause)).terms
    space = bool(_SPACE.search(clause))
    case = _case(clause)
    candidates = []
    for kp, found in rubric:
        if found & shapes(sentence):
            return None  # the sentence also gives the key point's own: a comparison
        if bool(_SPACE.search(kp.text)) != space:
            continue
        if case and not case <= _case(kp.text):
            continue
        about = _about(kp, clause_terms, generic)
        candidates.append((about, kp))
    if not candidates:
        return None
    best, kp = max(candidates, key=lambda c: c[0] or 0.0)
    if best:
        return kp
    # No key point's own words in the clause: a key point that says nothing beyond the
    # topic ("O(log n) time"), if it is the only one, is what the clause speaks of.
    topical = [kp for about, kp in candidates if about is None]
    return topical[0] if len(topical) == 1 else None
