"""The `local` backend: one lexical index per process, rebuilt when the bank changes."""

import logging
import threading
from collections.abc import Iterable

from interviews.engine.retrieval.documents import bank_documents, bank_terms
from interviews.engine.retrieval.lexical import LexicalIndex
from interviews.engine.retrieval.types import Hit
from interviews.engine.retrieval.version import content_version
from interviews.engine.text import add_user_words

logger = logging.getLogger(__name__)


class LocalBackend:
    name = "local"

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._index: LexicalIndex | None = None
        self._version: str | None = None
        self._terms: set[str] = set()

    def index(self) -> LexicalIndex:
        """The current index, rebuilt first if the content version moved."""
        version = content_version()
        if self._index is not None and version == self._version:
            return self._index
        with self._lock:
            # The version is read before the rows: an edit landing during the build
            # leaves a newer version behind, so the next search rebuilds again.
            version = content_version()
            if self._index is None or version != self._version:
                terms = bank_terms()
                add_user_words(terms)
                # New Kiwi words can change any text's tokens: reuse none then.
                reusable = self._index if terms <= self._terms else None
                index = LexicalIndex(
                    bank_documents(),
                    known_tokens=reusable.field_tokens if reusable is not None else None,
                )
                self._terms |= terms
                logger.info(
                    "Retrieval index built: %d documents in %.2f s.",
                    len(index),
                    index.tokenize_seconds + index.build_seconds,
                )
                self._index, self._version = index, version
            return self._index

    def search(
        self,
        query: str,
        *,
        k: int,
        kinds: Iterable[str],
        track: str | None,
        language: str | None,
    ) -> list[Hit]:
        return self.index().search(query, k=k, kinds=kinds, track=track, language=language)

    def reset(self) -> None:
        """Forgets the index (tests; a process that wants its memory back)."""
        with self._lock:
            self._index, self._version, self._terms = None, None, set()


backend = LocalBackend()
