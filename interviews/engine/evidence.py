"""What a verdict rests on: the model-answer passage a key point is checked against, and
whether a quote an LLM gives as evidence really occurs in the answer."""

import re
from collections.abc import Sequence
from functools import lru_cache

from . import clauses, matching
from .text import ENGLISH_STOPWORDS, normalise
from .types import QuestionSpec

_CODE_SPAN_MAX = 40  # a longer span is an expression, not the name of a thing
_OPERATOR = re.compile(r"===|==|!=|<=|>=|\+=|-=|:=|->")
_KO_SUBJECT = re.compile(r"`?([A-Za-z_][\w.()]*)`?\s*(?:은|는|이|가)(?![가-힣])")
# A key point that opens with a Python keyword as its subject: "is compares identity",
# "yield returns a generator", "with closes the file".
_LEADING_KEYWORD = re.compile(
    r"^\s*(is|in|not|with|yield|return|await|async|lambda|del|global|nonlocal|assert)"
    r"\s+(?=[a-z]+s\b)"
)


@lru_cache(maxsize=5000)
def code_tokens(text: str) -> tuple[str, ...]:
    """Code-like subjects that lexical terms drop: `is`, ==, "is는"."""
    text = normalise(text)
    found = [m.strip() for m in matching.CODE_SPAN.findall(text) if len(m) <= _CODE_SPAN_MAX]
    found += _OPERATOR.findall(text)
    found += [m for m in _KO_SUBJECT.findall(text) if m.lower() in ENGLISH_STOPWORDS]
    found += _LEADING_KEYWORD.findall(text)
    return tuple(dict.fromkeys(t for t in found if t))


REFERENCE_MAX_CHARS = 180
# An LLM's quote must be found in the answer; this much of it, compared on canonical
# characters (spacing, punctuation and case aside), is enough for a shortened quote.
QUOTE_MIN_CONTAINMENT = 0.9


def reference_passage(
    question: QuestionSpec, key_point_text: str, synonyms: Sequence[str] = ()
) -> str:
    """The model-answer sentence closest to a key point ("" when none is close)."""
    best, best_value = "", 0.0
    for sentence in clauses.sentences(question.model_answer):
        value = max(
            matching.char_similarity(variant, sentence) for variant in (key_point_text, *synonyms)
        )
        if value > best_value:
            best, best_value = sentence, value
    if best_value < 0.15:
        return ""
    if len(best) <= REFERENCE_MAX_CHARS:
        return best
    return best[: REFERENCE_MAX_CHARS - 3].rstrip() + "…"


def _compact(text: str) -> str:
    return re.sub(r"[\W_]+", "", normalise(text).lower())


def quote_in_answer(quote: str, answer: str) -> str:
    """The answer's own sentence holding `quote`, or "" when the quote is not in it.

    A quote that does not occur in the answer is no evidence: an LLM's verdict that rests
    on one is treated as a miss."""
    quote_compact = _compact(quote)
    if len(quote_compact) < 3:
        return ""
    answer_compact = _compact(answer)
    if quote_compact not in answer_compact and (
        len(quote_compact) < 12 or matching.containment(quote, answer) < QUOTE_MIN_CONTAINMENT
    ):
        return ""
    for sentence in clauses.sentences(answer):
        if quote_compact in _compact(sentence) or _compact(sentence) in quote_compact:
            return sentence
    return normalise(quote)


def restates_model_answer(sentence: str, question: QuestionSpec) -> bool:
    """True when a sentence says what a model-answer sentence says (nearly word for word):
    such a sentence is never a contradiction, whatever a detector thinks."""
    if not sentence or not question.model_answer:
        return False
    # Both ways: a short claim's characters all occur somewhere in a long model answer.
    # And about the same thing: "`is` compares values" is not "`==` compares values".
    codes = {t.lower() for t in code_tokens(sentence)}
    return any(
        matching.containment(sentence, model_sentence) >= 0.8
        and matching.containment(model_sentence, sentence) >= 0.5
        and (not codes or codes <= {t.lower() for t in code_tokens(model_sentence)})
        for model_sentence in clauses.sentences(question.model_answer)
    )
