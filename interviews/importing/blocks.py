"""A notes file as a list of blocks: one per line, with what its format says about it.

Markdown gives headings, list items and code fences (one never closed is read as
text, so a forgotten fence does not swallow the rest of the notes); Word files are
read into the same blocks by `word.py`.
"""

import re
import unicodedata
from dataclasses import dataclass

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_FENCE = re.compile(r"^\s*(```|~~~)")
_MD_LIST = re.compile(r"^(\s*)(?:([-*+•])|(\d{1,3})[.)])\s+(.*)$")
# Notion exports its callouts ("💡 tips") as <aside> blocks: remarks on the notes, neither
# questions nor answer text.
# The tag opens its own line, as Notion writes it; "HTML의 <aside> 태그는?" is a question.
_ASIDE_OPEN = re.compile(r"^\s*<aside\b", re.IGNORECASE)
_ASIDE_CLOSE = re.compile(r"</aside\s*>", re.IGNORECASE)
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
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
    table: bool = False  # a row of a table inside an answer: answer text, never a question


def strip_invisible(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if unicodedata.category(ch) not in {"Cf", "Cc"} or ch in "\t")


def _unclosed_fence(lines: list[str]) -> int | None:
    """The index of a fence opened and never closed: read as text, not as code to the end."""
    opened: tuple[int, str] | None = None
    for index, line in enumerate(lines):
        match = _MD_FENCE.match(line)
        if not match:
            continue
        if opened is None:
            opened = (index, match.group(1))
        elif match.group(1) == opened[1]:
            opened = None
    return opened[0] if opened else None


def blocks_from_markdown(text: str) -> list[Block]:
    blocks: list[Block] = []
    in_code = False
    front_matter = text.startswith("---\n")
    raw_lines = text.splitlines()
    unclosed = _unclosed_fence(raw_lines)
    fence = ""
    in_aside = False
    asides_close = bool(_ASIDE_CLOSE.search(text))  # an unclosed <aside> hides nothing
    for number, raw in enumerate(raw_lines, start=1):
        location = f"line {number}"
        if front_matter:
            if number > 1 and raw.strip() in {"---", "..."}:
                front_matter = False
            continue
        fence_match = _MD_FENCE.match(raw) if number - 1 != unclosed else None
        if fence_match and (not in_code or fence_match.group(1) == fence):
            fence = fence_match.group(1)
            in_code = not in_code
            blocks.append(Block(text=raw.strip(), location=location, code=True))
            continue
        if in_code:
            blocks.append(Block(text=raw.rstrip(), location=location, code=True))
            continue
        if asides_close and (in_aside or _ASIDE_OPEN.search(raw)):
            in_aside = not _ASIDE_CLOSE.search(raw)
            continue
        line = _HTML_TAG.sub("", strip_invisible(raw)).rstrip()
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
