"""The `pinecone` backend: PineconeVectorStore with embeddings from an OpenAI-compatible API.

Clients are built on first use from the settings of that moment (never at import)
and reused while the settings stay the same.
"""

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import openai
import urllib3
from django.conf import settings
from langchain_openai import OpenAIEmbeddings
from langchain_pinecone import PineconeVectorStore
from pinecone import Pinecone
from pinecone.exceptions import PineconeException
from pydantic import SecretStr

from interviews.engine.retrieval.types import KINDS, Hit, RetrievalError, SearchDocument

NOT_CONFIGURED = (
    "Pinecone is not configured: set PINECONE_API_KEY and PINECONE_HOST (or PINECONE_INDEX)."
)
EMBEDDINGS_NOT_CONFIGURED = (
    "Embeddings are not configured: set OPENAI_API_KEY or OPENAI_BASE_URL "
    "(an OpenAI-compatible server)."
)
PINECONE_FAILED = "Pinecone at {host} failed: {reason}"
EMBEDDINGS_FAILED = "The embeddings endpoint failed: {reason}"

# What a failing Pinecone call raises: its own errors, or urllib3's once retries
# run out on 5xx and refused connections (MaxRetryError is not a Pinecone error).
PINECONE_ERRORS = (PineconeException, urllib3.exceptions.HTTPError, OSError)
EMBEDDING_ERRORS = (openai.APIError,)
# Pinecone stores every number as a float; these are ids and positions.
_INTEGER_METADATA = ("document_id", "order")


@dataclass(frozen=True)
class PineconeConfig:
    api_key: str = field(repr=False)
    host: str
    index_name: str
    namespace: str
    embedding_model: str
    embedding_base_url: str
    embedding_api_key: str = field(repr=False)
    max_retries: int | None  # None: the client's default (5, with backoff)
    embedding_timeout: float
    embedding_max_retries: int

    @classmethod
    def from_settings(cls) -> "PineconeConfig":
        api_key = settings.PINECONE_API_KEY
        host = settings.PINECONE_HOST
        index_name = settings.PINECONE_INDEX
        if not api_key or not (host or index_name):
            raise RetrievalError(NOT_CONFIGURED)
        base_url = settings.OPENAI_BASE_URL
        openai_key = settings.OPENAI_API_KEY
        if not (openai_key or base_url):
            raise RetrievalError(EMBEDDINGS_NOT_CONFIGURED)
        return cls(
            api_key=api_key,
            host=host,
            index_name=index_name,
            namespace=settings.PINECONE_NAMESPACE,
            embedding_model=settings.OPENAI_EMBEDDING_MODEL,
            embedding_base_url=base_url,
            # Local OpenAI-compatible servers ignore the key, but the client wants one.
            embedding_api_key=openai_key or "not-needed",
            max_retries=settings.PINECONE_MAX_RETRIES,
            embedding_timeout=settings.OPENAI_TIMEOUT_SECONDS,
            embedding_max_retries=settings.OPENAI_MAX_RETRIES,
        )

    @property
    def where(self) -> str:
        return self.host or f"index {self.index_name!r}"


@functools.lru_cache(maxsize=4)
def open_index(config: PineconeConfig) -> Any:
    """The data-plane client for the index (a `pinecone.Index`)."""
    client = Pinecone(api_key=config.api_key)
    if config.max_retries is not None:
        # The constructor takes no retry setting; the OpenAPI configuration it
        # builds is copied into every Index made afterwards.
        client._openapi_config.retries = config.max_retries
    try:
        if config.host:
            # An explicit host skips the control-plane lookup (and works offline).
            return client.Index(host=config.host)
        return client.Index(name=config.index_name)
    except PINECONE_ERRORS as exc:
        raise RetrievalError(
            PINECONE_FAILED.format(host=config.where, reason=describe_error(exc))
        ) from exc


@functools.lru_cache(maxsize=4)
def embeddings(config: PineconeConfig) -> OpenAIEmbeddings:
    return OpenAIEmbeddings(
        model=config.embedding_model,
        base_url=config.embedding_base_url or None,
        api_key=SecretStr(config.embedding_api_key),
        timeout=config.embedding_timeout,
        max_retries=config.embedding_max_retries,
        # The context-length check tokenises with tiktoken, which downloads its tables.
        check_embedding_ctx_length=False,
    )


@functools.lru_cache(maxsize=4)
def vector_store(config: PineconeConfig) -> PineconeVectorStore:
    return PineconeVectorStore(
        index=open_index(config),
        embedding=embeddings(config),
        text_key="text",
        namespace=config.namespace or None,
    )


def vector_metadata(document: SearchDocument) -> dict[str, Any]:
    """Pinecone metadata: strings, numbers and booleans only (no nulls)."""
    metadata = {
        "text": document.text,
        "kind": document.kind,
        "object_id": document.object_id,
        "track": document.track or "",
        "language": document.language or "",
    }
    for key, value in document.metadata.items():
        if isinstance(value, str | int | float | bool):
            metadata.setdefault(key, value)
        elif value is not None:
            metadata.setdefault(key, str(value))
    return metadata


def metadata_filter(
    *, kinds: Iterable[str], track: str | None, language: str | None
) -> dict[str, Any] | None:
    clauses: list[dict[str, Any]] = []
    kinds = list(kinds)
    if set(kinds) != set(KINDS):
        clauses.append({"kind": {"$in": kinds}})
    if track:
        # Documents without a track are general material for every track.
        clauses.append({"track": {"$in": [track, ""]}})
    if language:
        clauses.append({"language": {"$eq": language}})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


class PineconeBackend:
    name = "pinecone"

    def search(
        self,
        query: str,
        *,
        k: int,
        kinds: Iterable[str],
        track: str | None,
        language: str | None,
    ) -> list[Hit]:
        config = PineconeConfig.from_settings()
        store = vector_store(config)
        kinds = list(kinds)
        if not kinds:
            return []
        try:
            vector = embeddings(config).embed_query(query)
        except EMBEDDING_ERRORS as exc:
            raise RetrievalError(EMBEDDINGS_FAILED.format(reason=describe_error(exc))) from exc
        try:
            results = store.similarity_search_by_vector_with_score(
                vector, k=k, filter=metadata_filter(kinds=kinds, track=track, language=language)
            )
        except PINECONE_ERRORS as exc:
            raise RetrievalError(
                PINECONE_FAILED.format(host=config.where, reason=describe_error(exc))
            ) from exc
        hits = []
        for document, score in results:
            metadata = dict(document.metadata)
            kind = str(metadata.pop("kind", ""))
            object_id = metadata.pop("object_id", None)
            if kind not in KINDS or object_id is None or score <= 0:
                continue
            for key in _INTEGER_METADATA:
                if isinstance(metadata.get(key), float):
                    metadata[key] = int(metadata[key])
            hits.append(
                Hit(
                    kind=kind,
                    # Pinecone returns metadata numbers as floats.
                    object_id=int(object_id),
                    text=document.page_content,
                    score=float(score),
                    metadata=metadata,
                )
            )
        return hits


def describe_error(exc: BaseException) -> str:
    """One line for people: the status and reason, not a response dump."""
    status = getattr(exc, "status", None) or getattr(exc, "status_code", None)
    reason = getattr(exc, "reason", None)
    if isinstance(exc, urllib3.exceptions.MaxRetryError) and exc.reason is not None:
        return f"unreachable ({type(exc.reason).__name__})"
    if status:
        return f"HTTP {status}" + (f" {reason}" if reason else "")
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


backend = PineconeBackend()
