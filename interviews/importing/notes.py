"""Free-form interview notes (.docx, Markdown, plain text) into question records.

Bootcamp notes mark questions in many ways, often several in one file: 💡 or ❓,
"Q:" / "질문 1.", numbers ("1)", "1."), headings, or just a line that asks
("…설명해주세요.", "…인가요?", "…?"). Answers are the paragraphs that follow, with
links, "참고:" lines, emoji rows, page numbers and rules in between. `blocks.py`
(Markdown) and `word.py` (.docx) turn the file into `Block`s; `markers.py` reads what
each line says about itself, `junk.py` drops the junk, `contents.py` a table of
contents, and `asking.py` tells whether a line asks. This module walks the lines once,
deciding for each whether it starts a question, adds a follow-up, or belongs to the
current answer.
"""

import re
from dataclasses import dataclass, field

from interviews.importing.asking import (
    MAX_QUESTION_LENGTH,
    MAX_TITLE_LENGTH,
    asks,
    clean_question,
    is_question_sentence,
    looks_like_title,
    split_inline_answer,
    strip_emphasis,
)
from interviews.importing.blocks import Block
from interviews.importing.contents import drop_contents
from interviews.importing.junk import is_break, is_contents_title, is_junk
from interviews.importing.markers import (
    FOLLOW_UP_PREFIX,
    KEYWORDS_PREFIX,
    Line,
    answer_group,
    answer_text,
    code_line,
    join_split_questions,
    read_markers,
)
from interviews.importing.misconceptions import (
    is_marked_wrong,
    misconception_item,
    section_title,
)
from interviews.importing.normalise import clean, split_synonyms
from interviews.importing.records import QuestionRecord

__all__ = ["asks", "is_junk", "read_notes", "records_from_blocks"]


@dataclass
class _Current:
    text: str
    location: str
    section: str
    answer: list[str] = field(default_factory=list)
    follow_ups: list[str] = field(default_factory=list)
    key_points: list[tuple[str, list[str]]] = field(default_factory=list)
    misconceptions: list[tuple[str, str]] = field(default_factory=list)
    follow_up_answers: dict[str, str] = field(default_factory=dict)
    number: int | None = None
    number_style: str = ""


def _join_answer(lines: list[tuple[str, str]]) -> str:
    """Paragraphs apart by a blank line; list items and code lines kept together."""
    out: list[str] = []
    previous_group = ""
    for text, group in lines:
        if out:
            out.append("\n" if group and group == previous_group else "\n\n")
        out.append(text)
        previous_group = group
    return "".join(out).strip()


def records_from_blocks(blocks: list[Block]) -> list[QuestionRecord]:
    lines: list[Line] = []
    after_break = after_contents_title = False
    for block in blocks:
        line = code_line(block) if block.code or block.table else read_markers(block)
        if line is None:
            after_break = after_break or is_break(block.text)
            after_contents_title = after_contents_title or is_contents_title(block.text)
            continue
        line.after_break, line.after_contents_title = after_break, after_contents_title
        after_break = after_contents_title = False
        lines.append(line)
    lines = join_split_questions(drop_contents(lines))

    # Headings that do not ask are question titles only when several at the deepest
    # level each head an answer; otherwise they are sections (and topic hints).
    title_headings = _title_heading_indexes(lines)
    # Bold lines that do not ask head questions only in notes with no other markers;
    # elsewhere bold is emphasis ("**장점**") inside an answer.
    explicit = sum(1 for line in lines if line.kind in {"explicit", "numbered"})
    bold_titles = _bold_title_indexes(lines) if explicit < 2 else set()

    records: list[QuestionRecord] = []
    current: _Current | None = None
    answer_lines: list[tuple[str, str]] = []  # (text, group: "code", "table", "list" or "")
    section = ""
    follow_up_mode = False
    misconception_mode = ""  # inside a "흔한 실수" / "Pitfalls" section: its kind
    answering_follow_up = ""  # the follow-up just read: an "A:" line next answers it
    list_last: tuple[int, str] | None = None  # last answer-list item (number, style)
    last_question: tuple[int, str] | None = None
    pending_marker: Line | None = None

    def finish() -> None:
        nonlocal current, answer_lines, follow_up_mode
        follow_up_mode = False  # follow-ups belong to the question just finished
        if current is None:
            return
        records.append(
            QuestionRecord(
                text=current.text,
                location=current.location,
                model_answer=_join_answer(answer_lines),
                follow_ups=current.follow_ups or None,
                key_points=current.key_points or None,
                misconceptions=current.misconceptions or None,
                follow_up_answers=current.follow_up_answers,
                section=current.section,
            )
        )
        current, answer_lines = None, []

    def start(line: Line, text: str) -> None:
        nonlocal current, follow_up_mode, list_last, last_question, answer_lines
        nonlocal misconception_mode
        finish()
        misconception_mode = ""
        question, inline_answer = split_inline_answer(clean_question(text))
        current = _Current(text=question, location=line.block.location, section=section)
        answer_lines = [(inline_answer, "")] if inline_answer else []
        follow_up_mode = False
        list_last = None
        if line.kind == "numbered" and line.number is not None:
            last_question = (line.number, line.number_style)

    for index, line in enumerate(lines):
        text = line.text
        if line.block.code or line.block.table:
            if current is not None:
                answer_lines.append((line.block.text, answer_group(line)))
            continue
        if pending_marker is not None:
            # "💡" or "Q." alone on a line: the question is the next line.
            marker, pending_marker = pending_marker, None
            start(marker, text)
            continue
        if line.kind == "explicit" and not text:
            pending_marker = line
            continue
        just_read_follow_up, answering_follow_up = answering_follow_up, ""
        if just_read_follow_up and line.answer_prefix and current is not None:
            current.follow_up_answers[just_read_follow_up] = text
            continue
        if misconception_mode and current is not None:
            if _in_misconception_list(line, last_question):
                item = misconception_item(text, misconception_mode)
                if item is not None:
                    current.misconceptions.append(item)
                else:
                    answer_lines.append((answer_text(line), answer_group(line)))
                continue
            misconception_mode = ""
        title = section_title(text) if line.kind != "explicit" and current is not None else None
        if title is not None and current is not None:
            kind, rest = title
            follow_up_mode = False
            if not rest:
                misconception_mode = kind
            elif (item := misconception_item(rest, kind)) is not None:
                current.misconceptions.append(item)
            else:
                answer_lines.append((answer_text(line), answer_group(line)))
            continue
        follow_up = FOLLOW_UP_PREFIX.match(text)
        if follow_up and line.kind != "explicit":
            rest = text[follow_up.end() :].strip()
            if current is not None:
                if rest:
                    current.follow_ups.append(strip_emphasis(rest))
                    answering_follow_up = current.follow_ups[-1]
                else:
                    follow_up_mode = True
            continue
        keywords = KEYWORDS_PREFIX.match(text)
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
            if follow_up_mode and current is not None and asks(text):
                current.follow_ups.append(text)
                answering_follow_up = text
                continue
            if first_sentence_asks:
                # An asking item is a question unless it continues a list in the answer.
                is_question = not continues_list or next_question
            elif not continues_list:
                is_question = looks_like_title(text) and (
                    next_question or current is None or line.after_break
                )
            if not is_question:
                # A numbered line always has its number and style (the type allows None).
                list_last = (number, style)  # type: ignore[assignment]
        elif line.kind == "bold" and index in bold_titles:
            is_question = True
        elif asks(text) and is_question_sentence(
            text, has_current=current is not None, has_answer=bool(answer_lines)
        ):
            if follow_up_mode and current is not None:
                current.follow_ups.append(text)
                answering_follow_up = text
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
            answer_lines.append((answer_text(line), answer_group(line)))
    finish()
    return records


def _in_misconception_list(line: Line, last_question: tuple[int, str] | None) -> bool:
    """An item of the section: a list item or a line marked wrong. A question (one that
    asks, or the next number of the questions' own numbering) ends the section."""
    if line.kind in {"explicit", "heading", "bold"} or asks(line.text):
        return False
    if line.kind == "numbered":
        next_question = (
            last_question is not None
            and line.number == last_question[0] + 1
            and line.number_style == last_question[1]
        )
        return not next_question
    return line.kind == "bullet" or bool(line.block.list_kind) or is_marked_wrong(line.text)


def _is_section_title(line: Line, lines: list[Line], index: int) -> bool:
    if line.kind != "plain" or line.answer_prefix or line.block.list_kind:
        return False
    if len(line.text) > 60 or not looks_like_title(line.text) or asks(line.text):
        return False
    following = lines[index + 1] if index + 1 < len(lines) else None
    if following is None or following.block.code or following.block.table:
        return False
    return following.kind in {"explicit", "heading"} or (
        asks(following.text) and len(following.text) <= MAX_QUESTION_LENGTH
    )


def _title_heading_indexes(lines: list[Line]) -> set[int]:
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
        if not (following.block.code or following.block.table) and asks(following.text):
            continue  # a topic heading over its first question
        candidates.add(i)
    return candidates if len(candidates) >= 2 else set()


_LABEL_WORDS = frozenset(
    """장점 단점 예시 예 예제 정리 요약 특징 결론 참고 주의 코드 결과 원인 해결 해결방법
    차이점 공통점 비교 개념 정의 설명 답변 답 질문 꼬리질문 키워드 핵심
    pros cons example examples summary note notes tip answer question""".split()
)


def _bold_title_indexes(lines: list[Line]) -> set[int]:
    candidates = set()
    for i, line in enumerate(lines):
        if line.kind != "bold" or asks(line.text) or not looks_like_title(line.text):
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
