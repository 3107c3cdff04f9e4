"""Plain data the retrievers take and return: no model instances cross this line."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

QUESTION = "question"
CHUNK = "chunk"
KINDS = (QUESTION, CHUNK)


@dataclass(frozen=True)
class Hit:
    """One search result. `text` is what a prompt may quote; `metadata` describes it."""

    kind: str  # "question" | "chunk"
    object_id: int
    text: str
    score: float
    metadata: Mapping[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class SearchDocument:
    """Something a retriever can find: a published question or a reference chunk.

    `fields` are the texts that are searched, each with a weight (how many times its
    terms count); without fields, `text` itself is searched once.
    """

    kind: str
    object_id: int
    text: str
    track: str = ""  # track slug; "" means the document belongs to every track
    language: str = ""
    fields: tuple[tuple[str, int], ...] = ()
    metadata: Mapping[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def weighted_fields(self) -> tuple[tuple[str, int], ...]:
        return self.fields or ((self.text, 1),)

    @property
    def vector_id(self) -> str:
        """The id of this document in a vector index: "question-12", "chunk-7"."""
        return f"{self.kind}-{self.object_id}"

    @property
    def embedding_text(self) -> str:
        """Each field once: repetition weights BM25, but only blurs an embedding."""
        return "\n".join(text for text, weight in self.weighted_fields if text and weight > 0)


class RetrievalError(Exception):
    """The configured retriever failed or is not configured; the message says why."""


class Backend(Protocol):
    """A retriever behind `search`: the local BM25 index or the Pinecone vectors."""

    name: str

    def search(
        self,
        query: str,
        *,
        k: int,
        kinds: Iterable[str],
        track: str | None,
        language: str | None,
    ) -> list[Hit]: ...
