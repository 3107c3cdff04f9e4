"""Retrieval over the question bank and reference chunks.

    search(query, *, k=5, kinds=("question", "chunk"), track=None, language=None)
        -> list[Hit]                  # raises RetrievalError; sync (may read the DB)
    asearch(...)                      # the same, for async callers
    mark_content_changed()            # after bulk writes that send no signals
    warm_up() -> int                  # builds the local index now (e.g. at startup)

The backend is settings.RETRIEVER_BACKEND at call time: "local" (in-process BM25,
Korean-aware) or "pinecone" (vectors). Hits with no relevance are never returned.
"""

import logging
from collections.abc import Iterable

from django.conf import settings

from interviews.database import run_sync
from interviews.engine.retrieval.types import (
    CHUNK,
    KINDS,
    QUESTION,
    Backend,
    Hit,
    RetrievalError,
)
from interviews.engine.retrieval.version import mark_content_changed

__all__ = [
    "CHUNK",
    "KINDS",
    "QUESTION",
    "Hit",
    "RetrievalError",
    "areference_passages",
    "asearch",
    "mark_content_changed",
    "reference_passages",
    "search",
    "warm_up",
]

logger = logging.getLogger(__name__)

UNKNOWN_BACKEND = "Unknown RETRIEVER_BACKEND {name!r}: use 'local' or 'pinecone'."


def _backend(name: str) -> Backend:
    # Imported here: the pinecone backend pulls in its clients only when chosen.
    if name == "local":
        from interviews.engine.retrieval.local import backend as local_backend

        return local_backend
    if name == "pinecone":
        from interviews.engine.retrieval.vector import backend as pinecone_backend

        return pinecone_backend
    raise RetrievalError(UNKNOWN_BACKEND.format(name=name))


def _backend_name() -> str:
    return settings.RETRIEVER_BACKEND


def search_with_backend(
    name: str,
    query: str,
    *,
    k: int = 5,
    kinds: Iterable[str] = KINDS,
    track: str | None = None,
    language: str | None = None,
) -> list[Hit]:
    kinds = tuple(kind for kind in kinds if kind in KINDS)
    if not kinds or k <= 0 or not (query or "").strip():
        return []
    return _backend(name).search(query, k=k, kinds=kinds, track=track, language=language)


def search(
    query: str,
    *,
    k: int = 5,
    kinds: Iterable[str] = KINDS,
    track: str | None = None,
    language: str | None = None,
) -> list[Hit]:
    """The `k` most relevant published questions and reference chunks, best first.

    `track` keeps that track's items plus track-less reference material; `language`
    is "ko" or "en". An empty or unmatched query returns [].
    """
    return search_with_backend(
        _backend_name(), query, k=k, kinds=kinds, track=track, language=language
    )


async def asearch(
    query: str,
    *,
    k: int = 5,
    kinds: Iterable[str] = KINDS,
    track: str | None = None,
    language: str | None = None,
) -> list[Hit]:
    """`search` for async code (consumers, streaming chains)."""
    # In the thread pool, handing its connection back after: the local backend reads the
    # bank from the database when it rebuilds.
    return await run_sync(search_with_backend)(
        _backend_name(), query, k=k, kinds=tuple(kinds), track=track, language=language
    )


def warm_up() -> int:
    """Builds the local index ahead of the first search; returns how many documents.

    The first build tokenises the whole bank (seconds for thousands of chunks), so a
    process may call this at startup, in a thread, instead of making a candidate wait.
    """
    if _backend_name() != "local":
        return 0
    from interviews.engine.retrieval.local import backend

    return len(backend.index())


def reference_passages(question_text: str, *, track: str = "", k: int = 3) -> list[str]:
    """`areference_passages` for sync code (the answer's claim fetches them in its own
    thread hop)."""
    try:
        hits = search(question_text, k=k, kinds=(CHUNK,), track=track or None)
    except RetrievalError:
        logger.warning("reference retrieval failed; grading without references", exc_info=True)
        return []
    return [hit.text for hit in hits]


async def areference_passages(question_text: str, *, track: str = "", k: int = 3) -> list[str]:
    """Reference-document passages about a question, for the LLM grader's context.

    Grading works without them (the key points are the rubric), so a retrieval failure
    is logged and yields no passages instead of failing the candidate's answer.
    """
    try:
        hits = await asearch(question_text, k=k, kinds=(CHUNK,), track=track or None)
    except RetrievalError:
        logger.warning("reference retrieval failed; grading without references", exc_info=True)
        return []
    return [hit.text for hit in hits]
