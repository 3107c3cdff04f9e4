"""Free-form interview notes (.docx, Markdown, plain text) into question records.

Bootcamp notes mark questions in many ways, often several in one file: 💡 or ❓,
"Q:" / "질문 1.", numbers ("1)", "1."), headings, or just a line that asks
("…설명해주세요.", "…인가요?", "…?"). Answers are the paragraphs that follow, with
links, "참고:" lines, emoji rows, page numbers and rules in between. `blocks.py`
turns the file into `Block`s (one per line, with what the format says about it:
heading level, list numbering, code); this module drops the junk and walks them once,
deciding for each whether it starts a question, adds a follow-up, or belongs to the
current answer.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from interviews.importing.blocks import Block
from interviews.importing.normalise import clean, split_synonyms
from interviews.importing.records import QuestionRecord

# --- Patterns ------------------------------------------------------------------------------
_QUESTION_EMOJI = "💡❓❔🤔🧐🙋"
_EMOJI_MARKER = re.compile(rf"^[{_QUESTION_EMOJI}][\ufe0f\u200d♂♀]*\s*")
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
_INLINE_ANSWER = re.compile(r"\s+(?:A|Answer|답|답변)\s*[:]\s+", re.IGNORECASE)
_FOLLOW_UP_PREFIX = re.compile(
    r"^(?:꼬리\s*질문|후속\s*질문|추가\s*질문|연계\s*질문|follow[\s\-]?ups?(?:\s*questions?)?)"
    r"\s*\d*\s*(?:[:.)\]\-\u2013]|$)\s*",
    re.IGNORECASE,
)
_KEYWORDS_PREFIX = re.compile(
    r"^(?:핵심\s*키워드|키워드|핵심\s*포인트|핵심\s*개념|keywords?|key\s*points?)\s*[:]\s*",
    re.IGNORECASE,
)
_NUMBERED = re.compile(
    r"^[(\[]?(\d{1,3})(?:[.\-]\d{1,2})?\s*[.)\]]\s*(?=\S)|^(\d{1,3})\s*번\s*[.)]?\s+"
)
_BULLET = re.compile(r"^[-*+•·∙◦▪▫■□●○◆◇►▶▷➤✔✓☐☑✅]\s+")
_QUOTE = re.compile(r"^>+\s*")
_WRAPPING_EMPHASIS = re.compile(r"^(\*\*|__)(.+?)\1$")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")

_URL = re.compile(r"<?(?:https?://|www\.)[^\s<>()]+>?|\[[^\]]*\]\([^)]*\)", re.IGNORECASE)
_REFERENCE_LABELS = (
    r"(?:참고|참조|출처|레퍼런스|references?|ref|sources?|see\s+also|링크|links?|관련\s*링크"
    r"|참고\s*(?:자료|문서|링크|사이트|블로그|글)|더\s*읽을\s*거리|further\s+reading|reading)"
)
# "참고:", "출처 -", "[출처] …", "참고 자료" — not "참조 카운팅은 …".
_REFERENCE_LABEL = re.compile(
    rf"^(?:[\[(<]{_REFERENCE_LABELS}\s*\d*\s*[\])>]"
    rf"|{_REFERENCE_LABELS}\s*\d*\s*(?:[:)\]\-\u2013]|$))",
    re.IGNORECASE,
)
_PAGE_NUMBER = re.compile(
    r"^[-\u2013—(\[]?\s*(?:p\.?|pg\.?|page|페이지)?\s*\d{1,4}\s*(?:(?:/|of)\s*\d{1,4})?\s*"
    r"(?:쪽|페이지|p)?\s*[-\u2013—)\]]?\.?$",
    re.IGNORECASE,
)
_DATE_ONLY = re.compile(r"^\d{2,4}\s*[.\-/년]\s*\d{1,2}\s*[.\-/월]\s*\d{1,2}\s*[.일]?$")
_JUNK_WORDS = re.compile(
    r"^(?:목차|table\s+of\s+contents|contents|\[toc\]|\(계속\)|\(continued\)|continued|계속"
    r"|copyright.*|©.*|all\s+rights\s+reserved.*|<br\s*/?>|<!--.*-->|!\[[^\]]*\]\([^)]*\))$",
    re.IGNORECASE,
)

# A line that asks: ends with "?" or a Korean question / request ending.
_ASK_END = re.compile(
    r"(?:[?]"
    r"|(?:해|하여|해서|해\s*보|봐|어|아)\s*(?:주세요|주십시오|주시겠어요|주시겠습니까|주실래요|줄래요|보세요|보시오|보십시오)"
    r"|(?:주세요|주십시오|주시겠어요|주시겠습니까)"
    r"|(?:설명|서술|기술|비교|정의|논술|말|요약|답|논의|설계)\s*(?:하시오|하세요|하라|해라|하십시오|할\s*것)"
    r"|(?:인가요|인가|인지요|일까요|일까|나요|까요|가요|습니까|입니까|합니까|됩니까|는지|은지|인지"
    r"|는가|은가|던가|을까|할까|될까|뭔가요|뭘까요|무엇인가|무엇인지|무엇일까|무엇입니까)"
    # Terse note titles that still ask: "OSI 7계층에 대해 설명", "TCP와 UDP의 차이", "REST란".
    r"|에\s*대(?:해|해서|하여)\s*(?:설명|서술|말|논)?|의\s*차이(?:점)?|[가-힣A-Za-z0-9)]\s*(?:이)?란)"
    r"\s*[.。!…]*$"
)
_ENGLISH_IMPERATIVE = re.compile(
    r"^(?:explain|describe|compare|contrast|define|discuss|outline|summari[sz]e|"
    r"walk\s+(?:me|us)\s+through|tell\s+(?:me|us)|give\s+(?:an?\s+)?examples?)\b",
    re.IGNORECASE,
)
# A question that leans on what came before ("그렇다면 …?") is part of an answer.
_RHETORICAL_START = re.compile(
    r"^(?:그렇다면|그러면|그럼|그래서|그런데|근데|이때|이 때|그 이유는|왜 그럴까|왜냐하면|즉|"
    r"so\b|then\b|but\b|and\b)",
    re.IGNORECASE,
)
_SENTENCE_SPLIT = re.compile(r"(?<=[.?!。])\s+")
_SENTENCE_END = re.compile(r"(?:[.。!]|다|요|음|함|됨|임|있음|없음)\s*[.。]?$")


MAX_QUESTION_LENGTH = 300  # a longer "question" is a paragraph of answer that ended with "?"
MAX_TITLE_LENGTH = 100


def _only_symbols(text: str) -> bool:
    """Emoji rows, rules ("----", "* * *") and stray punctuation carry no text."""
    return all(unicodedata.category(ch)[0] in "SPZM" or ch.isspace() for ch in text)


def is_junk(text: str) -> bool:
    stripped = text.strip()
    if not stripped or _only_symbols(stripped):
        return True
    if _PAGE_NUMBER.match(stripped) or _DATE_ONLY.match(stripped) or _JUNK_WORDS.match(stripped):
        return True
    without_urls = _URL.sub(" ", stripped)
    has_url = without_urls != stripped
    label = _REFERENCE_LABEL.match(stripped)
    if label:
        rest = _URL.sub(" ", stripped[label.end() :]).strip(" -\u2013:()[]<>\"'")
        # "참고: https://…" or "참고 자료" are junk; "참고: GIL은 CPython에만 있다." is content.
        if has_url or (len(rest) <= 40 and not _SENTENCE_END.search(rest)):
            return True
    if has_url:
        rest = without_urls.strip(" -\u2013:()[]<>\"'|·•,")
        if not rest or _only_symbols(rest) or len(rest) <= 25:
            return True
    return False


def asks(text: str) -> bool:
    text = (
        _IMPORTANCE.sub("", text.strip())
        .strip()
        .rstrip(" \"'\u201d\u2019)]」』*_~" + _QUESTION_EMOJI)
    )
    if _ASK_END.search(text):
        return True
    # "Explain the difference between processes and threads." asks without a "?".
    return bool(_ENGLISH_IMPERATIVE.match(text)) and len(_SENTENCE_SPLIT.split(text)) == 1


def _looks_like_title(text: str) -> bool:
    """A short noun phrase ("1. 프로세스와 스레드의 차이"), not a sentence of an answer."""
    return (
        0 < len(text) <= MAX_TITLE_LENGTH
        and not _SENTENCE_END.search(text)
        and ":" not in text[:-1]
    )


def split_inline_answer(text: str) -> tuple[str, str]:
    """'GIL이란? A: 한 번에…' or 'GIL이란 무엇인가요? GIL은…' → (question, answer)."""
    match = _INLINE_ANSWER.search(text)
    if match and match.start() > 3:
        return text[: match.start()].strip(), text[match.end() :].strip()
    sentences = _SENTENCE_SPLIT.split(text)
    for index, sentence in enumerate(sentences[:-1]):
        if asks(sentence):
            rest = " ".join(sentences[index + 1 :]).strip()
            if len(rest) >= 10:
                return " ".join(sentences[: index + 1]).strip(), rest
            break
    return text, ""


# Importance marks curators add to a question: "\*\*\*", "⭐⭐", "(중요)", "[필수]".
_IMPORTANCE = re.compile(
    r"(?:\s*(?:\\?\*){2,}|\s*[⭐★☆]+|\s*[(\[][⭐★☆*]+[)\]]|\s*[(\[](?:중요|필수|빈출|자주\s*나옴|important)[)\]])+\s*$"
    r"|^(?:[(\[](?:중요|필수|빈출|important)[)\]]\s*)+",
    re.IGNORECASE,
)


def clean_question(text: str) -> str:
    text = _IMPORTANCE.sub("", text.strip()).strip()
    return _strip_emphasis(text).replace("\\*", "*").strip()


def _strip_emphasis(text: str) -> str:
    match = _WRAPPING_EMPHASIS.match(text)
    return match.group(2).strip() if match else text


# --- The walk ------------------------------------------------------------------------------
@dataclass
class _Current:
    text: str
    location: str
    section: str
    answer: list[str] = field(default_factory=list)
    follow_ups: list[str] = field(default_factory=list)
    key_points: list[tuple[str, list[str]]] = field(default_factory=list)
    number: int | None = None
    number_style: str = ""


@dataclass
class _Line:
    """A block after markers are read off it."""

    block: Block
    text: str  # without bullets, quote marks and question markers
    kind: str  # "explicit" | "numbered" | "heading" | "bullet" | "plain"
    number: int | None = None
    number_style: str = ""
    answer_prefix: bool = False
    after_break: bool = False  # a rule or page number came just before it


_LABEL_ONLY = re.compile(
    r"^(?:A|Answer|답|답변|정답|대답|모범\s*답안|모범\s*답변|예시\s*답변|풀이|해설)\s*[:.]?$",
    re.IGNORECASE,
)
_QUESTION_LABEL_ONLY = re.compile(r"^(?:Q|Question|질문|문제)\s*\d{0,3}\s*[:.]?$", re.IGNORECASE)
# "💡 Tip: …" inside an answer is a tip, not a question.
_NOT_A_QUESTION_AFTER_EMOJI = re.compile(
    r"^(?:tip|tips|팁|참고|주의|note|노트|요약|정리|핵심|포인트)\b", re.IGNORECASE
)


_EMPHASISED_LABEL = re.compile(r"^(\*\*|__)([^*_]{1,24}?)\1\s*")


def _read_markers(block: Block) -> _Line | None:
    text = _QUOTE.sub("", block.text).strip()
    bold = block.bold or bool(_WRAPPING_EMPHASIS.match(text))
    text = _strip_emphasis(text)
    # "**Answer:** …", "**Q1.** …": the label is bold, the text is not.
    text = _EMPHASISED_LABEL.sub(lambda m: m.group(2).strip() + " ", text).strip()
    bullet = block.list_kind == "bullet"
    match = _BULLET.match(text)
    if match:
        bullet = True
        text = text[match.end() :].strip()
        text = _strip_emphasis(text)
    if is_junk(text) or _LABEL_ONLY.match(text):
        return None
    if _QUESTION_LABEL_ONLY.match(text):
        return _Line(block, "", "explicit")
    answer = _A_PREFIX.match(text)
    if answer and len(text) > answer.end():
        return _Line(block, text[answer.end() :].strip(), "plain", answer_prefix=True)
    emoji = _EMOJI_MARKER.match(text)
    if emoji and _NOT_A_QUESTION_AFTER_EMOJI.match(text[emoji.end() :].strip()):
        return _Line(block, text, "plain")
    if emoji:
        rest = _strip_emphasis(text[emoji.end() :].strip())
        q_prefix = _Q_PREFIX.match(rest)
        if q_prefix:
            rest = rest[q_prefix.end() :].strip()
        numbered = _NUMBERED.match(rest)
        if numbered:
            rest = rest[numbered.end() :].strip()
        return _Line(block, _strip_emphasis(rest), "explicit")
    q_prefix = _Q_PREFIX.match(text)
    if q_prefix:
        rest = text[q_prefix.end() :].strip()
        return _Line(block, _strip_emphasis(rest), "explicit")
    numbered = _NUMBERED.match(text)
    if numbered:
        number = int(numbered.group(1) or numbered.group(2))
        style = numbered.group(0).strip()[-1:]
        rest = _strip_emphasis(text[numbered.end() :].strip())
        inner = _Q_PREFIX.match(rest) or _EMOJI_MARKER.match(rest)
        if inner:
            return _Line(block, _strip_emphasis(rest[inner.end() :].strip()), "explicit")
        return _Line(block, rest, "numbered", number=number, number_style=style)
    if block.list_kind == "number" and block.number is not None:
        return _Line(block, text, "numbered", number=block.number, number_style="auto")
    if block.heading:
        return _Line(block, text, "heading")
    if bold and not bullet:
        return _Line(block, text, "bold")
    return _Line(block, text, "bullet" if bullet else "plain")


def _answer_text(line: _Line) -> str:
    block = line.block
    if block.code:
        return block.text
    if line.kind == "numbered" and line.number is not None:
        return f"{line.number}. {line.text}"
    if line.kind == "bold":
        return f"**{line.text}**"
    if line.kind == "bullet" or block.list_kind == "bullet":
        return "  " * block.list_level + f"- {line.text}"
    return line.text


def _join_answer(lines: list[tuple[str, bool]]) -> str:
    """Paragraphs apart by a blank line; list items and code lines kept together."""
    out: list[str] = []
    previous_tight = False
    for text, tight in lines:
        if out:
            out.append("\n" if tight and previous_tight else "\n\n")
        out.append(text)
        previous_tight = tight
    return "".join(out).strip()


def _is_break(text: str) -> bool:
    """A rule ("----", "* * *", "====") or a page number: the notes move on here."""
    stripped = text.strip()
    return bool(_PAGE_NUMBER.match(stripped)) or (
        _only_symbols(stripped) and len(stripped.replace(" ", "")) >= 3
    )


def records_from_blocks(blocks: list[Block]) -> list[QuestionRecord]:
    lines: list[_Line] = []
    after_break = False
    for block in blocks:
        line = _code_line(block) if block.code else _read_markers(block)
        if line is None:
            after_break = after_break or _is_break(block.text)
            continue
        line.after_break = after_break
        after_break = False
        lines.append(line)

    # Headings that do not ask are question titles only when several at the deepest
    # level each head an answer; otherwise they are sections (and topic hints).
    title_headings = _title_heading_indexes(lines)
    # Bold lines that do not ask head questions only in notes with no other markers;
    # elsewhere bold is emphasis ("**장점**") inside an answer.
    explicit = sum(1 for line in lines if line.kind in {"explicit", "numbered"})
    bold_titles = _bold_title_indexes(lines) if explicit < 2 else set()

    records: list[QuestionRecord] = []
    current: _Current | None = None
    answer_lines: list[tuple[str, bool]] = []
    section = ""
    follow_up_mode = False
    list_last: tuple[int, str] | None = None  # last answer-list item (number, style)
    last_question: tuple[int, str] | None = None
    pending_marker: _Line | None = None

    def finish() -> None:
        nonlocal current, answer_lines
        if current is None:
            return
        records.append(
            QuestionRecord(
                text=current.text,
                location=current.location,
                model_answer=_join_answer(answer_lines),
                follow_ups=current.follow_ups or None,
                key_points=current.key_points or None,
                section=current.section,
            )
        )
        current, answer_lines = None, []

    def start(line: _Line, text: str) -> None:
        nonlocal current, follow_up_mode, list_last, last_question, answer_lines
        finish()
        question, inline_answer = split_inline_answer(clean_question(text))
        current = _Current(text=question, location=line.block.location, section=section)
        answer_lines = [(inline_answer, False)] if inline_answer else []
        follow_up_mode = False
        list_last = None
        if line.kind == "numbered" and line.number is not None:
            last_question = (line.number, line.number_style)

    for index, line in enumerate(lines):
        text = line.text
        if line.block.code:
            if current is not None:
                answer_lines.append((line.block.text, True))
            continue
        if pending_marker is not None:
            # "💡" or "Q." alone on a line: the question is the next line.
            marker, pending_marker = pending_marker, None
            start(marker, text)
            continue
        if line.kind == "explicit" and not text:
            pending_marker = line
            continue
        follow_up = _FOLLOW_UP_PREFIX.match(text)
        if follow_up and line.kind != "explicit":
            rest = text[follow_up.end() :].strip()
            if current is not None:
                if rest:
                    current.follow_ups.append(_strip_emphasis(rest))
                else:
                    follow_up_mode = True
            continue
        keywords = _KEYWORDS_PREFIX.match(text)
        if keywords and current is not None and line.kind in {"plain", "bullet"}:
            current.key_points.extend(_keywords(text[keywords.end() :]))
            continue

        is_question = False
        if line.answer_prefix:
            follow_up_mode = False
        elif line.kind == "explicit":
            is_question = True
        elif line.kind == "heading":
            if (asks(text) and len(text) <= MAX_QUESTION_LENGTH) or index in title_headings:
                is_question = True
            else:
                finish()
                section = text
                follow_up_mode = False
                continue
        elif line.kind == "numbered":
            number, style = line.number, line.number_style
            continues_list = list_last is not None and number == list_last[0] + 1
            next_question = (
                last_question is not None
                and number == last_question[0] + 1
                and style == last_question[1]
            )
            first_sentence_asks = split_inline_answer(text)[1] != "" or asks(text)
            if follow_up_mode and asks(text):
                current.follow_ups.append(text)  # type: ignore[union-attr]
                continue
            if first_sentence_asks:
                # An asking item is a question unless it continues a list in the answer.
                is_question = not continues_list or next_question
            elif not continues_list:
                is_question = _looks_like_title(text) and (
                    next_question or current is None or line.after_break
                )
            if not is_question:
                list_last = (number, style)  # type: ignore[assignment]
        elif line.kind == "bold" and index in bold_titles:
            is_question = True
        elif asks(text) and _is_question_sentence(
            text, has_current=current is not None, has_answer=bool(answer_lines)
        ):
            if follow_up_mode and current is not None:
                current.follow_ups.append(text)
                continue
            is_question = True

        if is_question:
            start(line, text)
            continue
        if current is not None and _is_section_title(line, lines, index):
            # "Interview questions (English)" just before the next question heads a
            # new part of the notes; it does not end the previous answer.
            finish()
            section = text
            continue
        if current is not None:
            tight = line.kind in {"bullet", "numbered"} or line.block.list_kind != ""
            answer_lines.append((_answer_text(line), tight))
    finish()
    return records


def _is_section_title(line: _Line, lines: list[_Line], index: int) -> bool:
    if line.kind != "plain" or line.answer_prefix or line.block.list_kind:
        return False
    if len(line.text) > 60 or not _looks_like_title(line.text) or asks(line.text):
        return False
    following = lines[index + 1] if index + 1 < len(lines) else None
    if following is None or following.block.code:
        return False
    return following.kind in {"explicit", "heading"} or (
        asks(following.text) and len(following.text) <= MAX_QUESTION_LENGTH
    )


def _code_line(block: Block) -> _Line:
    return _Line(block, block.text, "plain")


def _is_question_sentence(text: str, *, has_current: bool, has_answer: bool) -> bool:
    """A bare line that asks starts a question unless it reads as part of an answer."""
    if len(text) > MAX_QUESTION_LENGTH:
        return False
    sentences = [s for s in _SENTENCE_SPLIT.split(text) if s.strip()]
    if has_current and _RHETORICAL_START.match(sentences[-1].strip()):
        return False
    if len(sentences) == 1:
        return True
    # "Context. Question?" is a question only where an answer could have ended, and when
    # the context is short; a paragraph that ends by asking belongs to the answer.
    if len(sentences) > 2 or (has_current and not has_answer):
        return False
    return len(sentences[0]) <= 80


def _title_heading_indexes(lines: list[_Line]) -> set[int]:
    headings = [
        (i, line) for i, line in enumerate(lines) if line.kind == "heading" and not asks(line.text)
    ]
    if not headings:
        return set()
    deepest = max(line.block.heading for _, line in headings)
    candidates = set()
    for i, line in headings:
        if line.block.heading != deepest or not _looks_like_heading_title(line.text):
            continue
        following = lines[i + 1] if i + 1 < len(lines) else None
        if following is None or following.kind in {"heading", "explicit"}:
            continue
        if following.kind == "plain" and asks(following.text):
            continue
        candidates.add(i)
    return candidates if len(candidates) >= 2 else set()


_LABEL_WORDS = frozenset(
    """장점 단점 예시 예 예제 정리 요약 특징 결론 참고 주의 코드 결과 원인 해결 해결방법
    차이점 공통점 비교 개념 정의 설명 답변 답 질문 꼬리질문 키워드 핵심
    pros cons example examples summary note notes tip answer question""".split()
)


def _bold_title_indexes(lines: list[_Line]) -> set[int]:
    candidates = set()
    for i, line in enumerate(lines):
        if line.kind != "bold" or asks(line.text) or not _looks_like_title(line.text):
            continue
        if line.text.rstrip().endswith(":") or len(line.text) < 4:
            continue
        if line.text.replace(" ", "").casefold() in _LABEL_WORDS:
            continue
        following = lines[i + 1] if i + 1 < len(lines) else None
        if following is None or following.kind in {"explicit", "heading", "bold"}:
            continue
        candidates.add(i)
    return candidates if len(candidates) >= 2 else set()


def _looks_like_heading_title(text: str) -> bool:
    return 0 < len(text) <= MAX_TITLE_LENGTH


def _keywords(text: str) -> list[tuple[str, list[str]]]:
    items = [clean(i) for i in re.split(r"[,、·;/]", text) if clean(i)]
    if items and all(len(i) <= 40 for i in items):
        return [(item, []) for item in items]
    return [(clean(text), split_synonyms(""))] if clean(text) else []


def read_notes(blocks: list[Block], table_records: list[QuestionRecord] | None = None):
    records = records_from_blocks(blocks)
    return (table_records or []) + records
