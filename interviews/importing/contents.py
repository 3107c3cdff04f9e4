"""Tables of contents at the top of notes: dropped, so no question is read twice.

Two shapes are common. A "목차" / "Contents" title followed by a list of entries
(questions, short titles, "… 3" page numbers) that ends where the notes begin: every
entry is dropped, even one worded differently from its section. And a bare list of
questions that the notes repeat below, each then with its answer: an entry is dropped
when it has no answer of its own and the same question (or one it begins) follows
later with an answer.
"""

import re

from interviews.importing.asking import asks, clean_question, looks_like_title
from interviews.importing.markers import Line
from interviews.importing.normalise import normalise_question_text

# "프로세스와 스레드 ........ 3", "GIL\t12": a page number after dot leaders or a tab.
_PAGE_TAIL = re.compile(r"(?:\t+|\s*[.·…_\-]{3,}\s*|\s{2,})\d{1,4}$")
MAX_ENTRY_LENGTH = 150
MIN_PREFIX_KEY = 6  # shorter entries ("GIL") match only the same text, not a longer one


def drop_contents(lines: list[Line]) -> list[Line]:
    keys = [_key(line) for line in lines]
    dropped: set[int] = set()
    for start, line in enumerate(lines):
        if line.after_contents_title:
            dropped |= _entries_after_title(lines, keys, start)
    for index, line in enumerate(lines):
        if index in dropped or not _asks_or_heads(line) or not keys[index]:
            continue
        if _has_answer(lines, index):
            continue
        if any(
            _same(keys[index], keys[later]) and _has_answer(lines, later)
            for later in range(index + 1, len(lines))
        ):
            dropped.add(index)
    return [line for index, line in enumerate(lines) if index not in dropped]


def _entries_after_title(lines: list[Line], keys: list[str], start: int) -> set[int]:
    entries: set[int] = set()
    seen: list[str] = []
    for index in range(start, len(lines)):
        line = lines[index]
        if not _entry_like(line) or any(_same(keys[index], key) for key in seen):
            break  # the notes begin (or repeat the first entry)
        if index > start and (line.after_break or line.block.heading != lines[start].block.heading):
            break
        if _has_answer(lines, index):
            break
        entries.add(index)
        seen.append(keys[index])
    return entries


def _key(line: Line) -> str:
    text = _PAGE_TAIL.sub("", line.text.strip())
    return normalise_question_text(clean_question(text))


def _same(a: str, b: str) -> bool:
    if not a or not b:
        return False
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    return len(shorter) >= MIN_PREFIX_KEY and longer.startswith(shorter)


def _entry_like(line: Line) -> bool:
    if line.block.code or line.block.table or line.answer_prefix:
        return False
    text = _PAGE_TAIL.sub("", line.text.strip())
    return 0 < len(text) <= MAX_ENTRY_LENGTH and (
        _asks_or_heads(line) or looks_like_title(text) or text != line.text.strip()
    )


def _asks_or_heads(line: Line) -> bool:
    return line.kind in {"explicit", "numbered", "heading", "bold"} or asks(line.text)


def _has_answer(lines: list[Line], index: int) -> bool:
    """The next line is answer text, not another question, heading or entry."""
    following = lines[index + 1] if index + 1 < len(lines) else None
    if following is None:
        return False
    if following.block.code or following.block.table or following.answer_prefix:
        return True
    return not _asks_or_heads(following) and not (
        following.kind == "plain" and _PAGE_TAIL.search(following.text.strip())
    )
