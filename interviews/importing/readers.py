"""Chooses a reader by the file's extension and returns its records."""

from pathlib import PurePath

from interviews.importing import blocks, errors, notes, structured, word
from interviews.importing.decoding import decode_text
from interviews.importing.errors import ImportFileError
from interviews.importing.limits import ImportLimits
from interviews.importing.records import QuestionRecord

FORMATS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".docx": "docx",
}
SUPPORTED_EXTENSIONS = tuple(FORMATS)


def file_format(filename: str) -> str:
    extension = PurePath(filename or "").suffix.lower()
    try:
        return FORMATS[extension]
    except KeyError:
        raise ImportFileError(
            str(errors.UNSUPPORTED_FORMAT % {"extension": extension or filename})
        ) from None


def read_records(
    data: bytes,
    *,
    filename: str,
    encoding: str | None = None,
    limits: ImportLimits | None = None,
) -> tuple[str, list[QuestionRecord]]:
    """(format, records) or ImportFileError when the file as a whole is unusable or over a
    limit (each checked before the work it bounds)."""
    limits = limits or ImportLimits.from_settings()
    kind = file_format(filename)
    limits.check_upload_size(len(data))
    if kind == "docx":
        if not data:
            raise ImportFileError(str(errors.EMPTY_FILE))
        docx_blocks, table_records = word.blocks_from_docx(data, limits=limits)
        records = notes.read_notes(docx_blocks, table_records)
    else:
        text = decode_text(data, encoding=encoding)
        if kind == "csv":
            records = structured.read_csv(text, limits=limits)
        elif kind == "tsv":
            records = structured.read_csv(text, delimiter="\t", limits=limits)
        elif kind == "json":
            records = structured.read_json(text, limits=limits)
        elif kind == "jsonl":
            records = structured.read_jsonl(text, limits=limits)
        elif kind == "text" and structured.looks_tabular(text):
            # Excel's "Unicode text" export: a tab-separated table saved as .txt.
            kind = "tsv"
            records = structured.read_csv(text, delimiter="\t", limits=limits)
        else:
            limits.check_text_lines(text)
            records = notes.read_notes(blocks.blocks_from_markdown(text))
    if not records:
        raise ImportFileError(str(errors.NO_QUESTIONS))
    limits.check_rows(len(records))
    return kind, records
