"""Cutting an answer into sentences, clauses and small windows of them, so a claim is
matched (and its polarity judged) where it is made."""

import re
from functools import lru_cache
from itertools import pairwise

from .text import has_hangul, kiwi_tokens, normalise

_SENTENCE_SPLIT = re.compile(r"(?<=[.!?。])\s+|\n+|(?<=다\.)|(?<=요\.)")

# Coordinating endings start a new claim ("A는 X이고 B는 Y"); causal ones (~니까, ~어서)
# keep the subject ("POST는 201을 주니까 멱등합니다"), so they do not split.
_CLAUSE_ENDINGS = frozenset("고 지만 는데 은데 ㄴ데 며 으며 는데요 지만요 거나".split())
_EN_CLAUSE = re.compile(
    r"\s*(?:;|,\s*(?:and|but|so|while|whereas|which|because)\b|\b(?:while|whereas|but|because)\b"
    r"|\band\b(?=\s+(?:it|they|he|she|we|you|this|that|the|a|an|its|their)\b)"
    r"|(?-i:\band\b(?=\s+[A-Z])))\s*",  # "BFS uses a stack and DFS uses a queue": two claims
    re.IGNORECASE,
)


@lru_cache(maxsize=5000)
def clauses(sentence: str) -> tuple[str, ...]:
    """A sentence cut at connective endings ("~고", "~지만") and English conjunctions, so a
    claim's polarity is judged on its own clause: "A는 바꿀 수 있고 B는 없다" holds two."""
    pieces: list[str] = []
    for part in _EN_CLAUSE.split(sentence):
        if not part or not part.strip():
            continue
        if not has_hangul(part):
            pieces.append(part.strip())
            continue
        start = 0
        for token in kiwi_tokens(part):
            # Commas and semicolons part clauses; "I/O" and "a:b" do not.
            if (token.tag == "EC" and token.form in _CLAUSE_ENDINGS) or (
                token.tag == "SP" and token.form in {",", ";"}
            ):
                end = token.start + token.len
                if part[start:end].strip():
                    pieces.append(part[start:end].strip(" ,"))
                start = end
        if part[start:].strip(" ,."):
            pieces.append(part[start:].strip(" ,"))
    return tuple(p for p in pieces if p) or (sentence,)


def windows(text: str) -> list[str]:
    """Clauses, neighbouring clause pairs, then sentences and sentence pairs: smallest first."""
    sents = sentences(text) or [normalise(text)]
    result: list[str] = []
    for sent in sents:
        parts = clauses(sent)
        result.extend(parts)
        result.extend(f"{a} {b}" for a, b in pairwise(parts))
    result.extend(s for s in sents if s not in result)
    result.extend(f"{a} {b}" for a, b in pairwise(sents))
    return list(dict.fromkeys(result))


# A dash sets a restatement apart ("`git merge` doesn't rewrite anything — it creates a
# merge commit"): where polarity is judged, the two sides are two clauses.
_DASH = re.compile(r"\s[\u2014\u2013]\s|\u2014")  # em dash, or an en dash between spaces


def clause_list(text: str, dashes: bool = False) -> list[str]:
    out = [c for sent in (sentences(text) or [normalise(text)]) for c in clauses(sent)]
    if dashes:
        out = [part.strip() for clause in out for part in _DASH.split(clause) if part.strip()]
    return out


def sentences(text: str) -> list[str]:
    parts = [p.strip() for p in _SENTENCE_SPLIT.split(normalise(text))]
    return [p for p in parts if p]
