"""Korean-aware tokenisation shared by the local retriever and the rubric grader.

Korean words carry particles and endings ("데코레이터는", "돌아요"), so matching
surface strings fails; Kiwi's morphological analysis gives the content morphemes.
ASCII terms (GIL, select_related, node.js) are taken whole by a regex, because
Kiwi splits identifiers at underscores and dots.
"""

import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache

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
_ENGLISH_STOPWORDS = frozenset(
    """a an the and or but if then else of to in on at by for with from as is are was were be
    been being it its this that these those there here i you he she we they me my your our their
    do does did doing have has had so very can could would should will just also than
    which what when where who whom how why into about over under more most such only own same
    other some any each all both few may might must shall via e g i.e e.g etc""".split()
)
_NOUNISH_BOUND = {"NNB"}  # bound nouns ("것", "수") carry no meaning alone
_BOUND_STOP = {"것", "수", "때", "등", "중", "데", "거", "때문", "경우"}

_lock = threading.Lock()
_kiwi: Kiwi | None = None
_user_words: set[str] = set()


def get_kiwi() -> Kiwi:
    """One Kiwi per process: loading it costs about a second and 290 MB."""
    global _kiwi
    if _kiwi is None:
        with _lock:
            if _kiwi is None:
                _kiwi = Kiwi()
    return _kiwi


def warm_up() -> None:
    """Loads Kiwi and runs its first analysis (about 2.5 s together), so the first
    candidate of a new process does not wait for it. Call from AppConfig.ready or a worker."""
    get_kiwi().tokenize("워밍업 warm-up")


def add_user_words(words: Iterable[str]) -> None:
    """Teaches Kiwi the bank's own terms, so loanwords such as 장고 stay whole."""
    kiwi = get_kiwi()
    new = {w.strip() for w in words if w and w.strip() and has_hangul(w)}
    new -= _user_words
    if not new:
        return
    with _lock:
        for word in new:
            if " " in word:
                continue
            kiwi.add_user_word(word, "NNP", 0.0)
            _user_words.add(word)
    tokenize.cache_clear()


HANGUL = re.compile(r"[가-힣]")


def has_hangul(text: str) -> bool:
    """True when the text holds a Hangul syllable: the one test for "is this Korean"."""
    return HANGUL.search(text or "") is not None


def text_language(text: str, default: str = "en") -> str:
    """The language a text is written in, "ko" or "en". Korean answers carry many English
    terms, so a modest share of Hangul already means Korean; very short text keeps
    `default`. The one language detector (feedback, import, batch grading)."""
    hangul = len(HANGUL.findall(text or ""))
    latin = len(re.findall(r"[A-Za-z]", text or ""))
    if hangul + latin < 12:
        return default if default in ("ko", "en") else "en"
    return "ko" if hangul / (hangul + latin) >= 0.25 else "en"


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").strip()


def _stem_english(word: str) -> str:
    # A light stemmer: enough to match "threads" with "thread" and "indexes" with "index".
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


def _ascii_terms(text: str) -> list[str]:
    terms = []
    for match in _ASCII_TERM.finditer(text):
        word = match.group(0).lower().rstrip(".")
        if word in _ENGLISH_STOPWORDS:
            continue
        terms.append(_stem_english(word))
    return terms


def _korean_terms(tokens: Iterable) -> Iterator[str]:
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
    if re.search(r"[가-힣一-龥]", text):
        korean = list(_korean_terms(get_kiwi().tokenize(text)))
    return tuple(korean + _ascii_terms(text))


def tokenize_many(texts: Iterable[str]) -> list[tuple[str, ...]]:
    """Tokenises many texts, sending the Korean parts to Kiwi as one batch."""
    texts = [normalise(t) for t in texts]
    korean_batches = get_kiwi().tokenize(texts)
    result = []
    for text, tokens in zip(texts, korean_batches, strict=True):
        result.append(tuple(list(_korean_terms(tokens)) + _ascii_terms(text)))
    return result


_KIWI_LOCK = threading.Lock()


def kiwi_tokens(text: str) -> list:
    # Grading may run in worker threads (asyncio.to_thread); Kiwi does not promise
    # thread safety, and a call takes about a millisecond, so serialise it.
    with _KIWI_LOCK:
        return list(get_kiwi().tokenize(text))
