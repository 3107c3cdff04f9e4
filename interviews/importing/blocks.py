"""A notes file as a list of blocks: one per line, with what its format says about it.

Markdown gives headings, list items and code fences; Word gives heading styles,
list numbering (the number Word shows is counted here, since it is not in the text),
soft line breaks and tables. A table whose header names a question column is read as
data rows instead.
"""

import io
import re
import unicodedata
from dataclasses import dataclass

from interviews.importing import errors
from interviews.importing.errors import ImportFileError
from interviews.importing.records import QuestionRecord
from interviews.importing.structured import _field_for, record_from_mapping

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_FENCE = re.compile(r"^\s*(```|~~~)")
_MD_LIST = re.compile(r"^(\s*)(?:([-*+•])|(\d{1,3})[.)])\s+(.*)$")
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_HEADING_STYLE = re.compile(r"^(?:heading|제목|머리글)\s*(\d)$", re.IGNORECASE)
_HTML_TAG = re.compile(
    r"</?(?:details|summary|br|p|div|span|b|strong|i|em|u|img|a|sup|sub|hr|font|center|ul|ol|li"
    r"|mark|small|big|blockquote|code|h[1-6])\b[^>]*>",
    re.IGNORECASE,
)


@dataclass
class Block:
    text: str
    location: str
    heading: int = 0  # 1..6 for headings, 0 otherwise
    list_kind: str = ""  # "number" or "bullet" when the format itself makes a list
    list_level: int = 0
    number: int | None = None  # the number a Word list shows, when known
    code: bool = False  # inside a code block: answer text, never a question
    bold: bool = False  # the whole line is bold (Word runs, or **…** in Markdown)


def _strip_invisible(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if unicodedata.category(ch) not in {"Cf", "Cc"} or ch in "\t")


def blocks_from_markdown(text: str) -> list[Block]:
    blocks: list[Block] = []
    in_code = False
    front_matter = text.startswith("---\n")
    for number, raw in enumerate(text.splitlines(), start=1):
        location = f"line {number}"
        if front_matter:
            if number > 1 and raw.strip() in {"---", "..."}:
                front_matter = False
            continue
        if _MD_FENCE.match(raw):
            in_code = not in_code
            blocks.append(Block(text=raw.strip(), location=location, code=True))
            continue
        if in_code:
            blocks.append(Block(text=raw.rstrip(), location=location, code=True))
            continue
        line = _HTML_TAG.sub("", _strip_invisible(raw)).rstrip()
        if not line.strip() or (_MD_TABLE_RULE.match(line) and "|" in line):
            continue
        if line.lstrip().startswith("|") and line.rstrip().endswith("|"):
            line = " ".join(c.strip() for c in line.strip().strip("|").split("|") if c.strip())
        heading = _MD_HEADING.match(line.strip())
        if heading:
            blocks.append(
                Block(text=heading.group(2), location=location, heading=len(heading.group(1)))
            )
            continue
        listed = _MD_LIST.match(line)
        if listed and listed.group(2):
            indent = len(listed.group(1).expandtabs(4))
            blocks.append(
                Block(
                    text=listed.group(4),
                    location=location,
                    list_kind="bullet",
                    list_level=indent // 2,
                )
            )
            continue
        stripped = line.strip()
        if line.startswith(("    ", "\t")) and not listed and blocks and blocks[-1].code:
            blocks.append(Block(text=line, location=location, code=True))
            continue
        blocks.append(Block(text=stripped, location=location))
    return blocks


def _docx_paragraph_info(paragraph) -> tuple[int, tuple[str, int] | None, bool]:
    """(heading level, (numId, level) when Word numbers it, whether it is a bullet style)."""
    style_name = ""
    try:
        style_name = (paragraph.style.name or "") if paragraph.style is not None else ""
    except (KeyError, ValueError, AttributeError):  # a broken styles part: treat as plain
        style_name = ""
    heading = 0
    match = _HEADING_STYLE.match(style_name.strip())
    if match:
        heading = int(match.group(1)) or 1
    elif style_name.strip().lower() in {"title", "subtitle", "제목", "부제"}:
        heading = 1
    p_pr = paragraph._p.pPr
    if not heading and p_pr is not None:
        outline = p_pr.find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}outlineLvl"
        )
        if outline is not None:
            value = outline.get(
                "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val", ""
            )
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


def blocks_from_docx(data: bytes) -> tuple[list[Block], list[QuestionRecord]]:
    """Paragraphs and tables in document order; a table with a question column is data."""
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        children = list(body.iterchildren())
    except Exception as exc:  # zip, XML and package errors all mean "not a usable .docx"
        raise ImportFileError(str(errors.BAD_DOCX)) from exc

    blocks: list[Block] = []
    table_records: list[QuestionRecord] = []
    counters: dict[tuple[str, int], int] = {}
    paragraph_number = 0
    table_number = 0
    for child in children:
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph_number += 1
            paragraph = Paragraph(child, document)
            heading, numbering, bullet = _docx_paragraph_info(paragraph)
            number = None
            if numbering is not None:
                # Word shows the count of items in this list at this level; deeper
                # levels restart when a shallower item appears.
                num_id, level = numbering
                counters[(num_id, level)] = counters.get((num_id, level), 0) + 1
                for key in [k for k in counters if k[0] == num_id and k[1] > level]:
                    counters.pop(key)
                number = counters[(num_id, level)]
            bold = _all_bold(paragraph)
            lines = re.split(r"[\n\r\v]+", paragraph.text)
            for index, line in enumerate(lines):
                line = _strip_invisible(line).strip()
                if not line:
                    continue
                first = index == 0
                blocks.append(
                    Block(
                        text=line,
                        location=f"paragraph {paragraph_number}",
                        heading=heading,
                        list_kind=("number" if numbering else "bullet" if bullet else "")
                        if first
                        else "",
                        list_level=numbering[1] if numbering else 0,
                        number=number if first else None,
                        bold=bold,
                    )
                )
        elif tag == "tbl":
            table_number += 1
            table = Table(child, document)
            rows = _table_rows(table)
            header = rows[0] if rows else []
            if header and any(_field_for(cell) == "text" for cell in header):
                for row_index, row in enumerate(rows[1:], start=2):
                    if not any(cell.strip() for cell in row):
                        continue
                    mapping = dict(zip(header, row, strict=False))
                    table_records.append(
                        record_from_mapping(
                            mapping, location=f"table {table_number}, row {row_index}"
                        )
                    )
                continue
            for row_index, row in enumerate(rows, start=1):
                for cell in row:
                    for line in cell.splitlines():
                        line = _strip_invisible(line).strip()
                        if line:
                            blocks.append(
                                Block(
                                    text=line,
                                    location=f"table {table_number}, row {row_index}",
                                )
                            )
    return blocks, table_records


def _all_bold(paragraph) -> bool:
    runs = [run for run in paragraph.runs if run.text.strip()]
    if not runs:
        return False
    try:
        style_bold = bool(paragraph.style is not None and paragraph.style.font.bold)
    except (KeyError, ValueError, AttributeError):  # a broken styles part
        style_bold = False
    return all(run.bold or (run.bold is None and style_bold) for run in runs)


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
