"""Reference documents: splitting their content into the chunks retrieval searches."""

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction

from interviews.engine.retrieval import mark_content_changed
from interviews.models import ReferenceChunk, ReferenceDocument

CHUNK_MIN_CHARS = 400
CHUNK_MAX_CHARS = 800
# A short last piece is folded into the chunk before it up to this size, rather
# than left as a fragment that matches everything weakly.
_TAIL_MERGE_MAX_CHARS = 1000

_FENCE = re.compile(r"^\s*(```|~~~)")
# A sentence ends at . ! ? or 。 followed by space ("다. ", "요? ", "done. ").
_SENTENCE_END = re.compile(r"(?<=[.!?。])\s+")


@dataclass(frozen=True)
class _Piece:
    text: str
    starts_paragraph: bool
    joiner: str = " "  # before this piece when it continues a paragraph


def document_rechunk(*, document: ReferenceDocument) -> int:
    """Replaces the document's chunks with fresh ones from its content; returns how many."""
    texts = split_into_chunks(document.content)
    with transaction.atomic():
        document.chunks.all().delete()
        ReferenceChunk.objects.bulk_create(
            ReferenceChunk(document=document, order=order, text=text)
            for order, text in enumerate(texts)
        )
        # bulk_create sends no post_save: tell retrieval directly.
        mark_content_changed()
    return len(texts)


def split_into_chunks(
    content: str, *, min_chars: int = CHUNK_MIN_CHARS, max_chars: int = CHUNK_MAX_CHARS
) -> list[str]:
    """Paragraph-aware chunks of about `min_chars`..`max_chars` characters.

    Paragraphs stay whole when they fit; a new chunk starts at a paragraph once the
    current one is long enough. Long paragraphs split at sentence ends, and a
    sentence longer than `max_chars` at spaces. Fenced code blocks are not split at
    sentences.
    """
    chunks: list[str] = []
    current = ""
    for piece in _pieces(content, max_chars=max_chars):
        separator = "\n\n" if piece.starts_paragraph else piece.joiner
        if current and (
            len(current) + len(separator) + len(piece.text) > max_chars
            or (piece.starts_paragraph and len(current) >= min_chars)
        ):
            chunks.append(current)
            current = ""
        current = f"{current}{separator}{piece.text}" if current else piece.text
    if current:
        if (
            chunks
            and len(current) < min_chars // 2
            and len(chunks[-1]) + 2 + len(current) <= _TAIL_MERGE_MAX_CHARS
        ):
            chunks[-1] = f"{chunks[-1]}\n\n{current}"
        else:
            chunks.append(current)
    return chunks


def _paragraphs(content: str) -> list[tuple[str, bool]]:
    """(paragraph, is_code) pairs: blank lines separate paragraphs, except in fences."""
    paragraphs: list[tuple[str, bool]] = []
    lines: list[str] = []
    in_fence = False
    for line in content.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if _FENCE.match(line):
            if not in_fence and lines:
                paragraphs.append(("\n".join(lines), False))
                lines = []
            lines.append(line)
            if in_fence:
                paragraphs.append(("\n".join(lines), True))
                lines = []
            in_fence = not in_fence
            continue
        if not in_fence and not line.strip():
            if lines:
                paragraphs.append(("\n".join(lines), False))
                lines = []
            continue
        lines.append(line.rstrip())
    if lines:
        paragraphs.append(("\n".join(lines), in_fence))
    return [(text.strip("\n"), code) for text, code in paragraphs if text.strip()]


def _pieces(content: str, *, max_chars: int) -> Iterator[_Piece]:
    for paragraph, is_code in _paragraphs(content):
        if len(paragraph) <= max_chars:
            yield _Piece(paragraph, starts_paragraph=True)
            continue
        parts = paragraph.split("\n") if is_code else _sentences(paragraph)
        joiner = "\n" if is_code else " "
        first = True
        for part in parts:
            for text in _hard_split(part, max_chars=max_chars):
                yield _Piece(text, starts_paragraph=first, joiner=joiner)
                first = False


def _sentences(paragraph: str) -> list[str]:
    # Lines inside a prose paragraph are soft wraps: join them before splitting.
    flat = " ".join(line.strip() for line in paragraph.split("\n") if line.strip())
    return [s for s in _SENTENCE_END.split(flat) if s]


def _hard_split(text: str, *, max_chars: int) -> list[str]:
    parts = []
    while len(text) > max_chars:
        cut = text.rfind(" ", 0, max_chars + 1)
        if cut <= max_chars // 2:
            cut = max_chars  # no usable space (long Korean run, a URL): cut anyway
        parts.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text:
        parts.append(text)
    return parts
