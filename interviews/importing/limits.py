"""Bounds on what one import may cost, checked before the work they bound.

A question file is small: notes of a bootcamp run to a few hundred paragraphs, a bank
export to a few thousand rows. Anything far larger is a mistake or an attack (a .docx
of a few hundred kilobytes that unpacks to gigabytes), and is refused with a message a
curator can act on, before it is unpacked, decoded or parsed past the point of the
limit. Values come from settings (`IMPORT_MAX_*`), read at call time.
"""

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat

from interviews.importing import errors
from interviews.importing.errors import ImportFileError

_CHUNK = 64 * 1024
# What the depth scan looks at: an escape pair, a quote, a bracket. (A regex for whole
# strings backtracks to the end of the text from each quote of an unclosed one.)
_JSON_SIGNIFICANT = re.compile(r'\\.|["\[\]{}]', re.DOTALL)


@dataclass(frozen=True)
class ImportLimits:
    upload_bytes: int
    docx_part_bytes: int  # one unpacked part of a .docx (document.xml, an image…)
    docx_total_bytes: int  # all its parts unpacked
    docx_entries: int
    paragraphs: int  # of notes: Word paragraphs, or non-blank lines of Markdown / text
    rows: int  # CSV/TSV rows, JSON items, JSONL lines; questions of any file
    json_depth: int

    @classmethod
    def from_settings(cls) -> "ImportLimits":
        return cls(
            upload_bytes=settings.IMPORT_MAX_UPLOAD_BYTES,
            docx_part_bytes=settings.IMPORT_MAX_DOCX_PART_BYTES,
            docx_total_bytes=settings.IMPORT_MAX_DOCX_TOTAL_BYTES,
            docx_entries=settings.IMPORT_MAX_DOCX_ENTRIES,
            paragraphs=settings.IMPORT_MAX_PARAGRAPHS,
            rows=settings.IMPORT_MAX_ROWS,
            json_depth=settings.IMPORT_MAX_JSON_DEPTH,
        )

    def check_upload_size(self, size: int) -> None:
        if size > self.upload_bytes:
            raise ImportFileError(
                str(
                    errors.FILE_TOO_LARGE
                    % {"size": filesizeformat(size), "limit": filesizeformat(self.upload_bytes)}
                )
            )

    def check_docx_archive(self, data: bytes) -> None:
        """The part count and the sizes the archive declares, then the bytes it really
        unpacks to, read in chunks and given up on at the first part over a limit.
        (Python's zipfile stops a part at its declared size and then fails its checksum,
        so a part that declares less than it holds is refused as damaged, unread.)"""
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise ImportFileError(str(errors.BAD_DOCX)) from exc
        with archive:
            entries = archive.infolist()
            if len(entries) > self.docx_entries:
                raise ImportFileError(
                    str(
                        errors.DOCX_TOO_MANY_PARTS
                        % {"count": len(entries), "limit": self.docx_entries}
                    )
                )
            declared = 0
            for entry in entries:
                self._check_part_size(entry.filename, entry.file_size)
                declared += entry.file_size
                self._check_total_size(declared)
            unpacked = 0
            for entry in entries:
                part = 0
                for chunk in _unpacked_chunks(archive, entry):
                    part += len(chunk)
                    unpacked += len(chunk)
                    self._check_part_size(entry.filename, part)
                    self._check_total_size(unpacked)

    def check_paragraphs(self, count: int) -> None:
        if count > self.paragraphs:
            raise ImportFileError(
                str(errors.TOO_MANY_PARAGRAPHS % {"count": count, "limit": self.paragraphs})
            )

    def check_text_lines(self, text: str) -> None:
        """Notes in Markdown or text: each non-blank line becomes a paragraph."""
        self.check_paragraphs(sum(1 for line in text.splitlines() if line.strip()))

    def check_rows(self, count: int) -> None:
        if count > self.rows:
            raise ImportFileError(str(errors.TOO_MANY_ROWS % {"limit": self.rows}))

    def check_json_depth(self, text: str) -> None:
        """Before parsing: the deepest bracket nesting outside strings, given up on as soon
        as it passes the limit (a question file nests a handful of levels). One pass."""
        depth = 0
        in_string = False
        for match in _JSON_SIGNIFICANT.finditer(text):
            mark = match.group()
            if mark == '"':
                in_string = not in_string
            elif in_string or len(mark) == 2:
                continue  # a bracket inside a string, or an escaped character
            elif mark in "[{":
                depth += 1
                if depth > self.json_depth:
                    raise ImportFileError(str(errors.JSON_TOO_DEEP))
            else:
                depth -= 1

    def _check_part_size(self, name: str, size: int) -> None:
        if size > self.docx_part_bytes:
            raise ImportFileError(
                str(
                    errors.DOCX_PART_TOO_LARGE
                    % {"part": name, "limit": filesizeformat(self.docx_part_bytes)}
                )
            )

    def _check_total_size(self, size: int) -> None:
        if size > self.docx_total_bytes:
            raise ImportFileError(
                str(
                    errors.DOCX_TOO_LARGE_UNPACKED
                    % {"limit": filesizeformat(self.docx_total_bytes)}
                )
            )


def _unpacked_chunks(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> Iterator[bytes]:
    try:
        with archive.open(entry) as part:
            while chunk := part.read(_CHUNK):
                yield chunk
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        # A wrong checksum or size, a broken stream.
        raise ImportFileError(str(errors.DOCX_DAMAGED_PART % {"part": entry.filename})) from exc
    except (NotImplementedError, RuntimeError) as exc:  # an unknown compression, encryption
        raise ImportFileError(str(errors.BAD_DOCX)) from exc
