"""What a line says about itself: question and answer markers, numbering, bullets, bold."""

import re
from dataclasses import dataclass

from interviews.engine.text import has_hangul, kiwi_tokens
from interviews.importing.asking import (
    QUESTION_EMOJI,
    WRAPPING_EMPHASIS,
    asks,
    strip_emphasis,
)
from interviews.importing.blocks import Block
from interviews.importing.junk import is_junk

_EMOJI_MARKER = re.compile(rf"^[{QUESTION_EMOJI}][\ufe0f\u200d♂♀]*\s*")
_Q_PREFIX = re.compile(
    r"^[\[(]?(?:Q|Question|질문|문제|문항)\s*\.?\s*(\d{1,3})?\s*[\])]?\s*[:.)\]\-\u2013]\s*"
    r"|^Q(\d{1,3})\s+",
    re.IGNORECASE,
)
_A_PREFIX = re.compile(
    r"^(?:(?:→|=>|➡️?|↳|👉)\s*)?[\[(]?(?:A|Answer|답|답변|정답|대답|모범\s*답안)\s*\.?\s*(\d{1,3})?"
    r"\s*[\])]?\s*[:.)]\s*"
    r"|^(?:→|=>|➡️?|↳|👉)\s*",
    re.IGNORECASE,
)
FOLLOW_UP_PREFIX = re.compile(
    r"^(?:꼬리\s*질문|후속\s*질문|추가\s*질문|연계\s*질문|follow[\s\-]?ups?(?:\s*questions?)?)"
    r"\s*\d*\s*(?:[:.)\]\-\u2013]|$)\s*",
    re.IGNORECASE,
)
KEYWORDS_PREFIX = re.compile(
    r"^(?:핵심\s*키워드|키워드|핵심\s*포인트|핵심\s*개념|keywords?|key\s*points?)\s*[:]\s*",
    re.IGNORECASE,
)
_NUMBERED = re.compile(
    r"^[(\[]?(\d{1,3})(?:[.\-]\d{1,2})?\s*[.)\]]\s*(?=\S)|^(\d{1,3})\s*번\s*[.)]?\s+"
)
_BULLET = re.compile(r"^[-*+•·∙◦▪▫■□●○◆◇►▶▷➤✔✓☐☑✅]\s+")
_QUOTE = re.compile(r"^>+\s*")


@dataclass
class Line:
    """A block after markers are read off it."""

    block: Block
    text: str  # without bullets, quote marks and question markers
    kind: str  # "explicit" | "numbered" | "heading" | "bullet" | "plain"
    number: int | None = None
    number_style: str = ""
    answer_prefix: bool = False
    after_break: bool = False  # a rule or page number came just before it
    after_contents_title: bool = False  # "목차" / "Contents" came just before it


_LABEL_ONLY = re.compile(
    r"^(?:A|Answer|답|답변|정답|대답|모범\s*답안|모범\s*답변|예시\s*답변|풀이|해설)\s*\d{0,3}\s*[:.)]?$",
    re.IGNORECASE,
)
_QUESTION_LABEL_ONLY = re.compile(r"^(?:Q|Question|질문|문제)\s*\d{0,3}\s*[:.]?$", re.IGNORECASE)
# "💡 Tip: …" inside an answer is a tip, not a question.
_NOT_A_QUESTION_AFTER_EMOJI = re.compile(
    r"^(?:tip|tips|팁|참고|주의|note|노트|요약|정리|핵심|포인트)\b", re.IGNORECASE
)


_EMPHASISED_LABEL = re.compile(r"^(\*\*|__)([^*_]{1,24}?)\1\s*")


def read_markers(block: Block) -> Line | None:
    text = _QUOTE.sub("", block.text).strip()
    bold = block.bold or bool(WRAPPING_EMPHASIS.match(text))
    text = strip_emphasis(text)
    # "**Answer:** …", "**Q1.** …": the label is bold, the text is not.
    text = _EMPHASISED_LABEL.sub(lambda m: m.group(2).strip() + " ", text).strip()
    bullet = block.list_kind == "bullet"
    match = _BULLET.match(text)
    if match:
        bullet = True
        text = text[match.end() :].strip()
        text = strip_emphasis(text)
    if is_junk(text) or _LABEL_ONLY.match(text):
        return None
    if _QUESTION_LABEL_ONLY.match(text):
        return Line(block, "", "explicit")
    answer = _A_PREFIX.match(text)
    if answer and len(text) > answer.end():
        return Line(block, text[answer.end() :].strip(), "plain", answer_prefix=True)
    emoji = _EMOJI_MARKER.match(text)
    if emoji and _NOT_A_QUESTION_AFTER_EMOJI.match(text[emoji.end() :].strip()):
        return Line(block, text, "plain")
    if emoji:
        rest = strip_emphasis(text[emoji.end() :].strip())
        q_prefix = _Q_PREFIX.match(rest)
        if q_prefix:
            rest = rest[q_prefix.end() :].strip()
        numbered = _NUMBERED.match(rest)
        if numbered:
            rest = rest[numbered.end() :].strip()
        return Line(block, strip_emphasis(rest), "explicit")
    q_prefix = _Q_PREFIX.match(text)
    if q_prefix:
        rest = text[q_prefix.end() :].strip()
        return Line(block, strip_emphasis(rest), "explicit")
    numbered = _NUMBERED.match(text)
    if numbered:
        number = int(numbered.group(1) or numbered.group(2))
        style = numbered.group(0).strip()[-1:]
        rest = strip_emphasis(text[numbered.end() :].strip())
        inner = _Q_PREFIX.match(rest) or _EMOJI_MARKER.match(rest)
        if inner:
            return Line(block, strip_emphasis(rest[inner.end() :].strip()), "explicit")
        if block.heading:
            # "## 3. TCP 연결 과정": numbered headings are headings, asking or not.
            return Line(block, rest, "heading", number=number, number_style=style)
        return Line(block, rest, "numbered", number=number, number_style=style)
    if block.list_kind == "number" and block.number is not None and not block.heading:
        return Line(block, text, "numbered", number=block.number, number_style="auto")
    if block.heading:
        return Line(block, text, "heading")
    if bold and not bullet:
        return Line(block, text, "bold")
    return Line(block, text, "bullet" if bullet else "plain")


def answer_text(line: Line) -> str:
    block = line.block
    if block.code or block.table:
        return block.text
    if line.kind == "numbered" and line.number is not None:
        return f"{line.number}. {line.text}"
    if line.kind == "bold":
        return f"**{line.text}**"
    if line.kind == "bullet" or block.list_kind == "bullet":
        return "  " * block.list_level + f"- {line.text}"
    return line.text


def code_line(block: Block) -> Line:
    return Line(block, block.text, "plain")


def answer_group(line: Line) -> str:
    """Lines of one group (a code block, a table, a list) join without a blank line."""
    block = line.block
    if block.code:
        return "code"
    if block.table:
        return "table"
    if line.kind in {"bullet", "numbered"} or block.list_kind:
        return "list"
    return ""


# A question broken over two lines ("## 3. TCP 연결에서 3-way handshake의" / "단계를
# 설명해 주세요."): the first part ends in a particle, a connective or an open word.
_ENGLISH_OPEN_END = re.compile(
    r"(?:\b(?:of|the|a|an|and|or|between|to|in|for|with|vs\.?|versus|from|on|about|is|are"
    r"|does|do|when|why|how|what)|[,(/&+\-])$",
    re.IGNORECASE,
)
_HEADING_KINDS = frozenset({"heading", "explicit", "numbered", "bold"})
MAX_SECOND_PART = 80


def join_split_questions(lines: list[Line]) -> list[Line]:
    joined: list[Line] = []
    skip_next = False
    for index, line in enumerate(lines):
        if skip_next:
            skip_next = False
            continue
        following = lines[index + 1] if index + 1 < len(lines) else None
        if (
            following is not None
            and line.kind in _HEADING_KINDS
            and line.text
            and not asks(line.text)
            and following.kind in {"plain", "bold"}
            and not (following.block.heading or following.block.code or following.block.table)
            and not following.answer_prefix
            and len(following.text) <= MAX_SECOND_PART
            and asks(following.text)
            and _open_ended(line.text)
        ):
            line.text = f"{line.text} {following.text}"
            skip_next = True
        joined.append(line)
    return joined


def _open_ended(text: str) -> bool:
    text = text.strip()
    if _ENGLISH_OPEN_END.search(text):
        return True
    if not has_hangul(text[-1:]):
        return False
    tokens = kiwi_tokens(text)
    # A particle ("…의", "…와", "…에서") or a connective / adnominal ending ("…하는").
    return bool(tokens) and tokens[-1].tag.startswith(("J", "EC", "ETM"))
