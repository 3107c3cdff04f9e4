"""Korean-aware text helpers shared by the engine, the importer and the batch commands.

- Hangul: `HANGUL` / `has_hangul` (is there Korean in this text), `is_hangul_word`,
  `needs_kiwi`; `text_language`, the one language detector.
- Kiwi, the Korean analyser: one instance per process, and every call to it goes through
  `kiwi_tokens`, `kiwi_tokens_many`, `kiwi_sentences` or `add_user_words`, which hold
  its lock.
- Terms: `tokenize` (Korean content morphemes plus whole ASCII terms) and
  `english_terms`.

Korean words carry particles and endings ("데코레이터는", "돌아요"), so matching
surface strings fails; Kiwi's morphological analysis gives the content morphemes.
ASCII terms (GIL, select_related, node.js) are taken whole by a regex, because
Kiwi splits identifiers at underscores and dots. Patterns that use Hangul inside a
larger grammar (a Korean word boundary such as `(?![가-힣])`) write the range out.
"""

import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Protocol

from kiwipiepy import Kiwi

# Content morphemes: nouns, foreign/number/hanja runs, verb and adjective stems,
# roots, and the negating adverbs that flip a claim ("못", "안").
_KEEP_TAGS = {
    "NNG",
    "NNP",
    "NNB",
    "NR",
    "SH",
    "VV",
    "VA",
    "XR",
    "MAG",
    "VV-R",
    "VA-R",
    "VV-I",
    "VA-I",
}
_KEEP_ADVERBS = {"못", "안", "잘", "항상", "절대"}
_ASCII_TERM = re.compile(r"[A-Za-z][A-Za-z0-9_+#]*(?:\.[A-Za-z][A-Za-z0-9_]*)*|\d+(?:\.\d+)?")
ENGLISH_STOPWORDS = frozenset(
    """a an the and or but if then else of to in on at by for with from as is are was were be
    been being it its this that these those there here i you he she we they me my your our their
    do does did doing have has had so very can could would should will just also than
    which what when where who whom how why into about over under more most such only own same
    other some any each all both few may might must shall via e g i.e e.g etc""".split()
)
_NOUNISH_BOUND = {"NNB"}  # bound nouns ("것", "수") carry no meaning alone
_BOUND_STOP = {"것", "수", "때", "등", "중", "데", "거", "때문", "경우"}

# Kiwi does not promise thread safety (grading runs in worker threads, the retriever
# in asgiref's), and adding words while another thread analyses is certainly unsafe:
# every use of the instance below holds this lock. A call takes about a millisecond.
_KIWI_LOCK = threading.Lock()
_kiwi: Kiwi | None = None
_user_words: set[str] = set()
# A batch holds the lock this many texts at a time, so a grader waits for a slice of a
# big index build, never for all of it.
KIWI_BATCH = 256


class KiwiToken(Protocol):
    """What we read of a kiwipiepy `Token` (kiwipiepy ships no py.typed for mypy)."""

    @property
    def form(self) -> str: ...
    @property
    def tag(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def len(self) -> int: ...


def _analyser() -> Kiwi:
    """The process's Kiwi (loading it costs about a second and 290 MB). Hold _KIWI_LOCK."""
    global _kiwi
    if _kiwi is None:
        _kiwi = Kiwi()
    return _kiwi


# Kiwi reads the particle after a backtick as a word of its own ("`args`가" as the noun
# 가, "`*args`는" as the verb 늘다), and after a quote as a particle: inline code is read
# as quoted, one character for one, so offsets stay the answer's.
_FOR_KIWI = str.maketrans("`", '"')


def kiwi_tokens(text: str) -> list[KiwiToken]:
    """Kiwi's tokens (form, tag, start, len) for one text."""
    with _KIWI_LOCK:
        return list(_analyser().tokenize(text.translate(_FOR_KIWI)))


def kiwi_tokens_many(texts: Sequence[str]) -> list[list[KiwiToken]]:
    """Kiwi's tokens for many texts: one batched call per slice, much faster than one each."""
    result: list[list[KiwiToken]] = []
    for start in range(0, len(texts), KIWI_BATCH):
        with _KIWI_LOCK:
            batch = _analyser().tokenize(
                [text.translate(_FOR_KIWI) for text in texts[start : start + KIWI_BATCH]]
            )
            result.extend(list(tokens) for tokens in batch)
    return result


def kiwi_sentences(text: str) -> list[str]:
    """The sentences Kiwi finds in a text."""
    with _KIWI_LOCK:
        return [sentence.text for sentence in _analyser().split_into_sents(text)]


def warm_up() -> None:
    """Loads Kiwi and runs its first analysis (about 2.5 s together), so the first
    candidate of a new process does not wait for it. Call from AppConfig.ready or a worker."""
    kiwi_tokens("워밍업 warm-up")


def add_user_words(words: Iterable[str]) -> None:
    """Teaches Kiwi the bank's own terms, so loanwords such as 장고 stay whole."""
    new = {w.strip() for w in words if w and w.strip() and has_hangul(w)}
    new -= _user_words
    if not new:
        return
    with _KIWI_LOCK:
        kiwi = _analyser()
        for word in new:
            if " " in word:
                continue
            kiwi.add_user_word(word, "NNP", 0.0)
            _user_words.add(word)
    tokenize.cache_clear()


HANGUL = re.compile(r"[가-힣]")  # one Hangul syllable (U+AC00 to U+D7A3)
# What Kiwi has to analyse: Hangul, or Hanja that Korean text sometimes carries.
_KIWI_SCRIPT = re.compile(r"[가-힣一-龥]")
# Each Hangul syllable counts as this many Latin letters when weighing a text's
# languages: a syllable holds what takes about three letters to romanise (han, gul).
_SYLLABLE_WEIGHT = 3
_LATIN = re.compile(r"[A-Za-z]")
_GLOSS = re.compile(r"\([^()]*\)")


def has_hangul(text: str) -> bool:
    """True when the text holds a Hangul syllable: the one test for "is there Korean"."""
    return HANGUL.search(text or "") is not None


def is_hangul_word(word: str) -> bool:
    """True for a word of Hangul syllables only ("장고"; not "GIL은" or "2번")."""
    return bool(word) and HANGUL.sub("", word) == ""


def needs_kiwi(text: str) -> bool:
    """True when the text holds anything Kiwi analyses (Hangul or Hanja)."""
    return _KIWI_SCRIPT.search(text or "") is not None


def text_language(text: str, default: str | None = None) -> str:
    """The language a text is written in, "ko" or "en": the one language detector
    (feedback, the importer, batch grading).

    Korean text carries many English terms ("@staticmethod와 @classmethod의 차이는?"), so
    each Hangul syllable weighs as three Latin letters and a quarter of the weight in
    Hangul already means Korean. A gloss in parentheses ("MRO(Method Resolution Order)는",
    "the GIL (전역 인터프리터 락)") says nothing about the language around it and is left
    out, unless it is most of the text. Text with fewer than 12 letters is too short to
    tell: it is `default`, or without one, Korean when it holds any Hangul.
    """
    text = text or ""
    hangul, latin = _letter_counts(_GLOSS.sub(" ", text))
    if hangul + latin < 12:
        hangul, latin = _letter_counts(text)
    if hangul + latin < 12:
        if default in ("ko", "en"):
            return default
        return "ko" if hangul else "en"
    korean = hangul * _SYLLABLE_WEIGHT
    return "ko" if korean / (korean + latin) >= 0.25 else "en"


def _letter_counts(text: str) -> tuple[int, int]:
    return len(HANGUL.findall(text)), len(_LATIN.findall(text))


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").strip()


def original_span(fragment: str, original: str) -> str:
    """The part of `original` that `normalise` turned into `fragment`: evidence quoted
    back to a candidate keeps their own characters ("O(n²)", not "O(n2)"). The fragment
    itself when it cannot be traced (NFKC composed characters across it)."""
    if not fragment:
        return fragment
    ends = []  # ends[i]: length of the normalised text after original[: i + 1]
    length = 0
    for char in original:
        length += len(unicodedata.normalize("NFKC", char))
        ends.append(length)
    joined = "".join(unicodedata.normalize("NFKC", char) for char in original)
    start = joined.find(fragment)
    if start < 0:
        return fragment
    stop = start + len(fragment)
    first = next(i for i, end in enumerate(ends) if end > start)
    last = next(i for i, end in enumerate(ends) if end >= stop)
    if (ends[first - 1] if first else 0) != start or ends[last] != stop:
        return fragment  # the fragment starts or ends inside one character's expansion
    return original[first : last + 1]


def stem_english(word: str) -> str:
    """A light stemmer: enough to match "threads" with "thread", "indexes" with "index"."""
    if len(word) <= 3 or not word.isalpha():
        return word
    for suffix, replacement in (("ies", "y"), ("sses", "ss"), ("xes", "x"), ("ches", "ch")):
        if word.endswith(suffix):
            return word[: -len(suffix)] + replacement
    if word.endswith("ing") and len(word) > 5:
        stem = word[:-3]
        return stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else stem
    if word.endswith("ed") and len(word) > 4:
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def english_terms(text: str) -> list[str]:
    """The text's ASCII terms (words, identifiers, numbers), lower-cased and stemmed,
    without English stop words."""
    terms = []
    for match in _ASCII_TERM.finditer(text):
        word = match.group(0).lower().rstrip(".")
        if word in ENGLISH_STOPWORDS:
            continue
        terms.append(stem_english(word))
    return terms


def _korean_terms(tokens: Iterable[KiwiToken]) -> Iterator[str]:
    for token in tokens:
        tag = token.tag
        if tag == "MAG":
            if token.form in _KEEP_ADVERBS:
                yield token.form
            continue
        if tag not in _KEEP_TAGS:
            continue
        if tag in _NOUNISH_BOUND and token.form in _BOUND_STOP:
            continue
        form = token.form
        if tag.startswith(("VV", "VA")):
            form = form + "다"
        yield form


@lru_cache(maxsize=20000)
def tokenize(text: str) -> tuple[str, ...]:
    """Content terms of a text, in order: Korean morphemes plus whole ASCII terms."""
    text = normalise(text)
    if not text:
        return ()
    korean: list[str] = []
    # Kiwi sees the whole text (context helps it), but ASCII runs come from the regex.
    if needs_kiwi(text):
        korean = list(_korean_terms(kiwi_tokens(text)))
    return tuple(korean + english_terms(text))


def tokenize_many(texts: Iterable[str]) -> list[tuple[str, ...]]:
    """Tokenises many texts, sending the Korean parts to Kiwi in batches."""
    texts = [normalise(t) for t in texts]
    result: list[tuple[str, ...]] = []
    for text, tokens in zip(texts, kiwi_tokens_many(texts), strict=True):
        result.append(tuple(list(_korean_terms(tokens)) + english_terms(text)))
    return result
