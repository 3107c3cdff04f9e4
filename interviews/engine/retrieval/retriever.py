"""The LangChain face of `search`: a BaseRetriever that chains can pipe a query into."""

from langchain_core.callbacks import (
    AsyncCallbackManagerForRetrieverRun,
    CallbackManagerForRetrieverRun,
)
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from interviews.engine.retrieval.types import KINDS, Hit


class BankRetriever(BaseRetriever):
    """Searches the question bank and reference chunks with the configured backend."""

    backend: str
    k: int = 5
    kinds: tuple[str, ...] = KINDS
    track: str | None = None
    language: str | None = None

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        from interviews.engine.retrieval import search_with_backend

        hits = search_with_backend(
            self.backend,
            query,
            k=self.k,
            kinds=self.kinds,
            track=self.track,
            language=self.language,
        )
        return [hit_to_document(hit) for hit in hits]

    async def _aget_relevant_documents(
        self, query: str, *, run_manager: AsyncCallbackManagerForRetrieverRun
    ) -> list[Document]:
        from interviews.engine.retrieval import asearch_with_backend

        hits = await asearch_with_backend(
            self.backend,
            query,
            k=self.k,
            kinds=self.kinds,
            track=self.track,
            language=self.language,
        )
        return [hit_to_document(hit) for hit in hits]


def hit_to_document(hit: Hit) -> Document:
    return Document(
        id=f"{hit.kind}-{hit.object_id}",
        page_content=hit.text,
        metadata={
            **hit.metadata,
            "kind": hit.kind,
            "object_id": hit.object_id,
            "score": hit.score,
        },
    )
