"""`manage.py sync_vectors`: make the Pinecone index match the curated bank."""

from collections.abc import Iterator, Sequence
from typing import Any

from django.core.management.base import BaseCommand, CommandError, OutputWrapper
from tqdm import tqdm

from interviews.engine.retrieval.documents import bank_documents
from interviews.engine.retrieval.types import KINDS, RetrievalError
from interviews.engine.retrieval.vector import (
    EMBEDDING_ERRORS,
    EMBEDDINGS_FAILED,
    PINECONE_ERRORS,
    PINECONE_FAILED,
    PineconeConfig,
    describe_error,
    embeddings,
    open_index,
    vector_metadata,
)

# Pinecone accepts up to 1,000 ids per delete.
DELETE_BATCH = 1000


class Command(BaseCommand):
    help = (
        "Upserts published questions and reference chunks to Pinecone (ids question-<pk>, "
        "chunk-<pk>) and deletes vectors whose objects no longer exist or are unpublished."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count what would be upserted and deleted; embed and write nothing.",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=100,
            help="Documents embedded and upserted per request (default 100).",
        )

    def handle(self, *args, **options) -> None:
        batch_size = max(1, options["batch_size"])
        try:
            config = PineconeConfig.from_settings()
        except RetrievalError as exc:
            raise CommandError(str(exc)) from exc
        documents = bank_documents()
        wanted = {document.vector_id for document in documents}
        index = self._pinecone(config, lambda: open_index(config))
        existing = self._pinecone(config, lambda: set(self._list_ids(index, config.namespace)))
        stale = sorted(existing - wanted)
        counts = {kind: sum(1 for d in documents if d.kind == kind) for kind in KINDS}
        if options["dry_run"]:
            self.stdout.write(
                f"Dry run: would upsert {len(documents)} vectors "
                f"({counts['question']} questions, {counts['chunk']} chunks) "
                f"and delete {len(stale)} stale vectors in {config.where}."
            )
            return

        progress = tqdm(
            total=len(documents), desc="Upserting", unit="doc", file=_TqdmStream(self.stderr)
        )
        with progress:
            for batch in _batches(documents, batch_size):
                try:
                    vectors = embeddings(config).embed_documents([d.embedding_text for d in batch])
                except EMBEDDING_ERRORS as exc:
                    raise CommandError(
                        EMBEDDINGS_FAILED.format(reason=describe_error(exc))
                        + " Nothing was deleted; run the command again."
                    ) from exc
                records = [
                    {"id": d.vector_id, "values": values, "metadata": vector_metadata(d)}
                    for d, values in zip(batch, vectors, strict=True)
                ]
                self._pinecone(
                    config, lambda r=records: index.upsert(vectors=r, namespace=config.namespace)
                )
                progress.update(len(batch))
        for ids in _batches(stale, DELETE_BATCH):
            self._pinecone(config, lambda i=ids: index.delete(ids=i, namespace=config.namespace))
        self.stdout.write(
            self.style.SUCCESS(
                f"Upserted {len(documents)} vectors ({counts['question']} questions, "
                f"{counts['chunk']} chunks); deleted {len(stale)} stale vectors."
            )
        )

    @staticmethod
    def _list_ids(index: Any, namespace: str) -> Iterator[str]:
        # Only our own prefixes: other ids in the namespace are not ours to delete.
        for kind in KINDS:
            for page in index.list(prefix=f"{kind}-", namespace=namespace):
                yield from page

    @staticmethod
    def _pinecone(config: PineconeConfig, call):
        try:
            return call()
        except RetrievalError as exc:
            raise CommandError(str(exc)) from exc
        except PINECONE_ERRORS as exc:
            raise CommandError(
                PINECONE_FAILED.format(host=config.where, reason=describe_error(exc))
            ) from exc


def _batches(items: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _TqdmStream:
    """Lets tqdm draw on the command's stderr: OutputWrapper would end each write with
    a newline (breaking the bar's carriage returns) and colour it as an error."""

    def __init__(self, wrapper: OutputWrapper) -> None:
        self._wrapper = wrapper

    def write(self, text: str) -> None:
        self._wrapper.write(text, style_func=lambda s: s, ending="")

    def flush(self) -> None:
        self._wrapper.flush()

    def isatty(self) -> bool:
        return self._wrapper.isatty()
