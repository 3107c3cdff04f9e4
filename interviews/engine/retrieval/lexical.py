"""In-process BM25 over Korean-aware tokens: the `local` retriever's index.

Plain Python over `SearchDocument`s (no database), so the benchmark and tests can
build it from any (id, text) pairs.
"""

import logging
import time
from collections.abc import Iterable, Mapping, Sequence

import bm25s
import numpy as np
from numpy.typing import NDArray

from interviews.engine.retrieval.types import CHUNK, Hit, SearchDocument
from interviews.engine.text import needs_kiwi, tokenize, tokenize_many

# bm25s sets its own logger to DEBUG, which would print a line on every rebuild.
logging.getLogger("bm25s").setLevel(logging.INFO)

Mask = NDArray[np.bool_]  # one flag per document: does it pass the filters?


class LexicalIndex:
    """BM25 over documents' weighted fields, with filters on kind, track and language.

    `known_tokens` (usually `previous.field_tokens`) maps field texts to the tokens an
    earlier build gave them: a rebuild after one edit then tokenises only what changed,
    which is most of the cost (Kiwi analyses roughly 250k characters a second).
    """

    def __init__(
        self,
        documents: Sequence[SearchDocument],
        *,
        known_tokens: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        self.documents: list[SearchDocument] = list(documents)
        self.tokenize_seconds = 0.0
        self.build_seconds = 0.0
        self.field_tokens: dict[str, tuple[str, ...]] = {}
        self._bm25: bm25s.BM25 | None = None
        self._kinds = _Codes([d.kind for d in self.documents])
        self._tracks = _Codes([d.track for d in self.documents])
        self._languages = _Codes([d.language for d in self.documents])
        if self.documents:
            self._build(known_tokens or {})

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[int, str]], *, kind: str = CHUNK) -> "LexicalIndex":
        return cls([SearchDocument(kind=kind, object_id=pk, text=text) for pk, text in pairs])

    def __len__(self) -> int:
        return len(self.documents)

    def _build(self, known_tokens: Mapping[str, tuple[str, ...]]) -> None:
        started = time.perf_counter()
        fields = [
            (position, text, weight)
            for position, document in enumerate(self.documents)
            for text, weight in document.weighted_fields
            if text and weight > 0
        ]
        tokens_of = self.field_tokens
        for _, text, _ in fields:
            if text in known_tokens:
                tokens_of[text] = known_tokens[text]
        unknown = list(dict.fromkeys(t for _, t, _ in fields if t not in tokens_of))
        korean = [t for t in unknown if needs_kiwi(t)]
        # Korean texts go to Kiwi as one batch (much faster than one call each);
        # the rest need only the ASCII pass, uncached so the shared cache is left alone.
        tokens_of.update(zip(korean, tokenize_many(korean), strict=True))
        for text in unknown:
            if text not in tokens_of:
                tokens_of[text] = tokenize.__wrapped__(text)
        corpus: list[list[str]] = [[] for _ in self.documents]
        for position, text, weight in fields:
            corpus[position].extend(tokens_of[text] * weight)
        tokenized = time.perf_counter()
        self.tokenize_seconds = tokenized - started
        if not any(corpus):
            return  # nothing searchable (every text empty or stopwords): no index
        bm25 = bm25s.BM25()
        bm25.index(corpus, show_progress=False)
        self._bm25 = bm25
        self.build_seconds = time.perf_counter() - tokenized

    def search(
        self,
        query: str,
        *,
        k: int = 5,
        kinds: Iterable[str] | None = None,
        track: str | None = None,
        language: str | None = None,
    ) -> list[Hit]:
        """The best `k` documents with a positive score, best first.

        A document without a track matches every track filter (general material).
        """
        if self._bm25 is None or k <= 0:
            return []
        vocab = self._bm25.vocab_dict
        token_ids = list(dict.fromkeys(vocab[t] for t in tokenize(query or "") if t in vocab))
        if not token_ids:
            return []
        scores = self._bm25.get_scores_from_ids(token_ids)
        mask = self._mask(kinds=kinds, track=track, language=language)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        # Zero means no query term matched: such documents are noise, never results.
        candidates = np.flatnonzero(scores > 0)
        if candidates.size == 0:
            return []
        if candidates.size > k:
            top = np.argpartition(-scores[candidates], k - 1)[:k]
            candidates = candidates[top]
        ordered = candidates[np.argsort(-scores[candidates], kind="stable")]
        return [self._hit(int(i), float(scores[i])) for i in ordered]

    def _mask(
        self, *, kinds: Iterable[str] | None, track: str | None, language: str | None
    ) -> Mask | None:
        mask = None
        if kinds is not None:
            mask = self._kinds.isin(kinds)
        if track:
            general = self._tracks.isin([""])
            mask = _and(mask, self._tracks.isin([track]) | general)
        if language:
            mask = _and(mask, self._languages.isin([language]))
        return mask

    def _hit(self, position: int, score: float) -> Hit:
        document = self.documents[position]
        metadata = {"track": document.track, "language": document.language, **document.metadata}
        return Hit(
            kind=document.kind,
            object_id=document.object_id,
            text=document.text,
            score=score,
            metadata=metadata,
        )


class _Codes:
    """A column of short strings stored as small integers, for fast filter masks."""

    def __init__(self, values: Sequence[str]) -> None:
        self._code_of: dict[str, int] = {}
        codes = [self._code_of.setdefault(v or "", len(self._code_of)) for v in values]
        self._codes = np.asarray(codes, dtype=np.int32)

    def isin(self, values: Iterable[str]) -> Mask:
        wanted = [self._code_of[v] for v in values if v in self._code_of]
        if not wanted:
            return np.zeros(self._codes.shape, dtype=bool)
        if len(wanted) == 1:
            return np.equal(self._codes, wanted[0])
        return np.isin(self._codes, wanted)


def _and(mask: Mask | None, other: Mask) -> Mask:
    return other if mask is None else mask & other
