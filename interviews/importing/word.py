""".docx notes into blocks: paragraphs and tables in document order.

Word gives heading styles, list numbering (the number Word shows is counted here,
since it is not in the text), soft line breaks, bold runs, code paragraphs (a code
style or a monospace font; fenced here as Markdown) and tables. A table whose header
names a question column, or whose rows each start with a question, is read as data
rows; any other table becomes a Markdown table in the answer it sits in. Entries of
a generated table of contents ("TOC 1" styles) are dropped.
"""

import io
import re
from dataclasses import dataclass

from interviews.importing import errors
from interviews.importing.asking import asks
from interviews.importing.blocks import Block, strip_invisible
from interviews.importing.errors import ImportFileError
from interviews.importing.limits import ImportLimits
from interviews.importing.records import QuestionRecord
from interviews.importing.structured import field_for, record_from_mapping

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_STYLE = re.compile(r"^(?:heading|제목|머리글)\s*(\d)$", re.IGNORECASE)
_TOC_ENTRY_STYLE = re.compile(r"^(?:toc|목차)\s*\d$", re.IGNORECASE)
_CODE_STYLE = re.compile(
    r"code|source|preformatted|macro|plain\s*text|verbatim|listing|코드", re.IGNORECASE
)
_MONOSPACE_FONT = re.compile(
    r"consol|courier|mono|coding|menlo|monaco|lucida\s+console|source\s+code|fira\s+code"
    r"|cascadia|hack\b|inconsolata",
    re.IGNORECASE,
)
_MAX_MONOSPACE_SHARE = 0.5
_BROKEN_STYLE = (KeyError, ValueError, AttributeError)
# A header-less table is questions and answers when most first cells ask.
_MIN_ASKING_ROWS = 0.6


@dataclass(frozen=True)
class _Style:
    """What a paragraph style says: its name, its font, whether it is bold."""

    name: str = ""
    font: str | None = None
    bold: bool = False


class _StyleCache:
    """Paragraph styles by style id, read once per document. python-docx resolves the
    style on every access (for a paragraph without one, by scanning every style for the
    default): that was most of a long .docx's reading time."""

    def __init__(self) -> None:
        self._styles: dict[str | None, _Style] = {}

    def of(self, paragraph) -> _Style:
        style_id = paragraph._p.style
        style = self._styles.get(style_id)
        if style is None:
            style = self._styles[style_id] = _read_style(paragraph)
        return style


def _read_style(paragraph) -> _Style:
    # A broken styles part reads as plain, each fact on its own.
    try:
        style = paragraph.style
    except _BROKEN_STYLE:
        return _Style()
    if style is None:
        return _Style()
    try:
        name = style.name or ""
    except _BROKEN_STYLE:
        name = ""
    try:
        font, bold = style.font.name, bool(style.font.bold)
    except _BROKEN_STYLE:
        font, bold = None, False
    return _Style(name=name, font=font, bold=bold)


def _docx_paragraph_info(paragraph, style_name: str) -> tuple[int, tuple[str, int] | None, bool]:
    """(heading level, (numId, level) when Word numbers it, whether it is a bullet style)."""
    heading = 0
    match = _HEADING_STYLE.match(style_name.strip())
    if match:
        heading = int(match.group(1)) or 1
    elif style_name.strip().lower() in {"title", "subtitle", "제목", "부제"}:
        heading = 1
    p_pr = paragraph._p.pPr
    if not heading and p_pr is not None:
        outline = p_pr.find(f"{_W}outlineLvl")
        if outline is not None:
            value = outline.get(f"{_W}val", "")
            if value.isdigit() and int(value) < 6:
                heading = int(value) + 1
    numbering = None
    if p_pr is not None and p_pr.numPr is not None:
        num_id = p_pr.numPr.numId
        ilvl = p_pr.numPr.ilvl
        numbering = (
            str(num_id.val) if num_id is not None else "0",
            int(ilvl.val) if ilvl is not None else 0,
        )
    lowered = style_name.lower()
    if numbering is None and lowered.startswith("list number"):
        suffix = lowered.removeprefix("list number").strip()
        numbering = ("style", int(suffix) - 1 if suffix.isdigit() else 0)
    bullet = lowered.startswith(("list bullet", "list paragraph")) and numbering is None
    return heading, numbering, bullet


def _in_monospace(runs: list, style: _Style) -> bool:
    """Every run in a monospace font: how most people paste code into Word."""
    if not runs:
        return False
    return all(_MONOSPACE_FONT.search(run.font.name or style.font or "") for run in runs)


def blocks_from_docx(
    data: bytes, *, limits: ImportLimits | None = None
) -> tuple[list[Block], list[QuestionRecord]]:
    """Paragraphs and tables in document order; a table of questions is data. The archive
    is checked against the limits before it is parsed, the paragraphs before the walk."""
    limits = limits or ImportLimits.from_settings()
    limits.check_docx_archive(data)
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        children = list(body.iterchildren())
    except Exception as exc:  # zip, XML and package errors all mean "not a usable .docx"
        raise ImportFileError(str(errors.BAD_DOCX)) from exc
    # Paragraphs in tables count too: each cell's text becomes blocks or a record.
    limits.check_paragraphs(sum(1 for _ in body.iter(f"{_W}p")))

    blocks: list[Block] = []
    table_records: list[QuestionRecord] = []
    counters: dict[str, dict[int, int]] = {}  # numId → level → items so far
    styles = _StyleCache()
    paragraph_number = 0
    table_number = 0
    paragraphs = {
        id(child): Paragraph(child, document) for child in children if child.tag == f"{_W}p"
    }
    # Each paragraph's text and runs with text, read once (python-docx rebuilds them on
    # every access).
    texts = {key: paragraph.text for key, paragraph in paragraphs.items()}
    runs = {
        key: [run for run in paragraph.runs if run.text.strip()]
        for key, paragraph in paragraphs.items()
    }
    written = [p for p in paragraphs.values() if "".join(p._p.itertext()).strip()]
    monospace = {id(p._p) for p in written if _in_monospace(runs[id(p._p)], styles.of(p))}
    # Notes written wholly in a coding font (D2Coding is popular) say nothing by font.
    font_marks_code = len(monospace) <= _MAX_MONOSPACE_SHARE * len(written)
    in_code = False
    for child in children:
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph_number += 1
            paragraph, text = paragraphs[id(child)], texts[id(child)]
            style = styles.of(paragraph)
            location = f"paragraph {paragraph_number}"
            if _TOC_ENTRY_STYLE.match(style.name.strip()):
                continue  # the table of contents repeats the headings that follow
            code = bool(text.strip()) and (
                bool(_CODE_STYLE.search(style.name)) or (font_marks_code and id(child) in monospace)
            )
            if code != in_code and text.strip():
                # Consecutive code paragraphs become one fenced block.
                blocks.append(Block(text="```", location=location, code=True))
                in_code = code
            if code:
                blocks.extend(
                    Block(text=strip_invisible(line).rstrip(), location=location, code=True)
                    for line in re.split(r"[\n\r\v]", text)
                )
                continue
            blocks.extend(
                _paragraph_blocks(paragraph, text, runs[id(child)], style, location, counters)
            )
        elif tag == "tbl":
            location = f"paragraph {paragraph_number}"
            if in_code:
                blocks.append(Block(text="```", location=location, code=True))
                in_code = False
            table_number += 1
            rows = _table_rows(Table(child, document))
            records = _table_records(rows, table_number)
            if records is not None:
                table_records.extend(records)
            else:
                blocks.extend(_table_blocks(rows, table_number))
    if in_code:
        blocks.append(Block(text="```", location=f"paragraph {paragraph_number}", code=True))
    return blocks, table_records


def _paragraph_blocks(
    paragraph,
    text: str,
    runs: list,
    style: _Style,
    location: str,
    counters: dict[str, dict[int, int]],
) -> list[Block]:
    heading, numbering, bullet = _docx_paragraph_info(paragraph, style.name)
    number = None
    if numbering is not None:
        # Word shows the count of items in this list at this level; deeper levels
        # restart when a shallower item appears.
        num_id, level = numbering
        levels = counters.setdefault(num_id, {})
        levels[level] = levels.get(level, 0) + 1
        for deeper in [other for other in levels if other > level]:
            del levels[deeper]
        number = levels[level]
    bold = _all_bold(runs, style)
    blocks = []
    for index, line in enumerate(re.split(r"[\n\r\v]+", text)):
        line = strip_invisible(line).strip()
        if not line:
            continue
        first = index == 0
        blocks.append(
            Block(
                text=line,
                location=location,
                heading=heading,
                list_kind=("number" if numbering else "bullet" if bullet else "") if first else "",
                list_level=numbering[1] if numbering else 0,
                number=number if first else None,
                bold=bold,
            )
        )
    return blocks


def _table_records(rows: list[list[str]], table_number: int) -> list[QuestionRecord] | None:
    """Records when the table lists questions (by its header, or by rows that ask)."""
    header = rows[0] if rows else []
    if header and any(field_for(cell) == "text" for cell in header):
        records = []
        for row_index, row in enumerate(rows[1:], start=2):
            if any(cell.strip() for cell in row):
                mapping = dict(zip(header, row, strict=False))
                records.append(
                    record_from_mapping(mapping, location=f"table {table_number}, row {row_index}")
                )
        return records
    filled = [(i, row) for i, row in enumerate(rows, start=1) if row and row[0].strip()]
    if len(filled) < 2 or max(len(row) for _, row in filled) < 2:
        return None
    asking = [(i, row) for i, row in filled if asks(row[0].splitlines()[0])]
    if len(asking) < _MIN_ASKING_ROWS * len(filled):
        return None
    return [
        QuestionRecord(
            text=" ".join(row[0].split()),
            model_answer="\n\n".join(cell.strip() for cell in row[1:] if cell.strip()),
            location=f"table {table_number}, row {index}",
        )
        for index, row in asking
    ]


def _table_blocks(rows: list[list[str]], table_number: int) -> list[Block]:
    """A table inside an answer, as Markdown; a one-column box as its lines of text."""
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        return []
    width = max(len(row) for row in rows)
    blocks = []
    if width == 1:
        for row_index, row in enumerate(rows, start=1):
            location = f"table {table_number}, row {row_index}"
            for line in row[0].splitlines():
                line = strip_invisible(line).rstrip()
                if line.strip():
                    blocks.append(Block(text=line, location=location, table=True))
        return blocks
    for row_index, row in enumerate(rows, start=1):
        cells = [_table_cell(cell) for cell in row] + [""] * (width - len(row))
        location = f"table {table_number}, row {row_index}"
        blocks.append(Block(text="| " + " | ".join(cells) + " |", location=location, table=True))
        if row_index == 1:
            blocks.append(Block(text="|" + " --- |" * width, location=location, table=True))
    return blocks


def _table_cell(text: str) -> str:
    return " ".join(strip_invisible(text).split()).replace("|", "\\|")


def _all_bold(runs: list, style: _Style) -> bool:
    if not runs:
        return False
    return all(run.bold or (run.bold is None and style.bold) for run in runs)


def _table_rows(table) -> list[list[str]]:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            # Merged cells repeat the same cell object; read each once.
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(cell.text.strip())
        rows.append(cells)
    return rows
