"""Answers into sentences (with their noun phrases and terms), and sentences into points.

Korean goes through Kiwi: its sentence splitter, noun runs as phrases ("가상 메모리
주소 공간") and its endings to drop a copula ("…단위입니다." → "…단위"). English uses
punctuation and a stop-word list.
"""

import re
from dataclasses import dataclass

from interviews.engine.text import kiwi_sentences, kiwi_tokens, tokenize

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
_ASCII_JOIN = re.compile(r"[A-Za-z0-9/_+#\-]")
_LEADING_CONNECTIVE = re.compile(
    r"^(?:그래서|따라서|그러므로|또한|즉|하지만|그러나|그리고|반면|반면에|예를 들어|"
    r"so|therefore|also|however|thus|and|but|in short),?\s+",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"(?<=[,;])\s+")
_EN_SENTENCES = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9`\"'(])")
_EN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_+#.\-]*[A-Za-z0-9_+#]|[A-Za-z]")
_EN_CLAUSE = re.compile(r",\s+(?:which|so|because|while|whereas|and|but)\b|;\s+|\s+—\s+")
_EN_STOP = frozenset(
    """a an the and or but if then else of to in on at by for with from as is are was were be
    been being it its this that these those there here you we they i he she your our their do does
    did have has had so very can could would should will just also than which what when where who
    how why into about over under more most such only own same other some any each all both few
    may might must not no yes use used uses using e.g i.e etc one two example
    for instance""".split()
)


@dataclass
class Sentence:
    text: str
    order: int
    phrases: list[str]
    terms: set[str]
    score: float = 0.0


def korean_sentences(text: str) -> list[Sentence]:
    result: list[Sentence] = []
    for line in (ln.strip() for ln in text.splitlines()):
        if not line:
            continue
        for sentence in kiwi_sentences(line):
            for unit in _split_long(sentence.strip()):
                tokens = kiwi_tokens(unit)
                phrases = _korean_noun_phrases(unit, tokens, offset=0)
                result.append(Sentence(unit, len(result), phrases, set(tokenize(unit))))
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
        first = parts.pop(0)
        parts[0] = f"{first} {parts[0]}"
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


def english_sentences(text: str) -> list[Sentence]:
    result: list[Sentence] = []
    for line in (ln.strip() for ln in text.splitlines()):
        if not line:
            continue
        for sentence in _EN_SENTENCES.split(line):
            for unit in _split_long(sentence.strip()):
                if unit:
                    result.append(
                        Sentence(unit, len(result), _english_phrases(unit), set(tokenize(unit)))
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


def condense_korean(sentence: str) -> str:
    """Drops the copula ending ("…단위입니다." → "…단위") and keeps it under the limit."""
    text = _LEADING_CONNECTIVE.sub("", sentence.strip()).rstrip(".。!,; ")
    tokens = kiwi_tokens(text)
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


def condense_english(sentence: str) -> str:
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
