"""Tables of contents at the top of notes: dropped, so no question is read twice.

Two shapes are common. A "목차" / "Contents" title followed by a list of entries
(questions, short titles, "… 3" page numbers) that ends where the notes begin: every
entry is dropped, even one worded differently from its section. And a bare list of
questions that the notes repeat below, each then with its answer: an entry is dropped
when it has no answer of its own and the same question (or one it begins) follows
later with an answer.
"""

import bisect
import re

from interviews.importing.asking import asks, clean_question, looks_like_title
from interviews.importing.markers import Line
from interviews.importing.normalise import normalise_question_text

# "프로세스와 스레드 ........ 3", "GIL\t12": a page number after dot leaders or a tab.
_PAGE_TAIL = re.compile(r"(?:\t+|\s*[.·…_\-]{3,}\s*|\s{2,})\d{1,4}$")
MAX_ENTRY_LENGTH = 150
MIN_PREFIX_KEY = 6  # shorter entries ("GIL") match only the same text, not a longer one


def drop_contents(lines: list[Line]) -> list[Line]:
    """One pass over the titled tables and one backwards pass for repeated questions; keys
    are looked up in a `_KeyIndex`, never compared pairwise (that was quadratic)."""
    keys = [_key(line) for line in lines]
    dropped: set[int] = set()
    starts = [index for index, line in enumerate(lines) if line.after_contents_title]
    ends = [*starts[1:], len(lines)]  # a table ends where the next contents title begins one
    for start, end in zip(starts, ends[: len(starts)], strict=True):
        dropped |= _entries_after_title(lines, keys, start, end)
    answered_later = _KeyIndex()  # keys of the lines after this one that have an answer
    for index in range(len(lines) - 1, -1, -1):
        line, key = lines[index], keys[index]
        answered = _has_answer(lines, index)
        if (
            index not in dropped
            and key
            and not answered
            and _asks_or_heads(line)
            and answered_later.matches(key)
        ):
            dropped.add(index)
        if answered:
            answered_later.add(key)
    return [line for index, line in enumerate(lines) if index not in dropped]


def _entries_after_title(lines: list[Line], keys: list[str], start: int, end: int) -> set[int]:
    entries: set[int] = set()
    seen = _KeyIndex()
    for index in range(start, end):
        line = lines[index]
        if not _entry_like(line) or seen.matches(keys[index]):
            break  # the notes begin (or repeat the first entry)
        if index > start and (line.after_break or line.block.heading != lines[start].block.heading):
            break
        if _has_answer(lines, index):
            break
        entries.add(index)
        seen.add(keys[index])
    return entries


class _KeyIndex:
    """Keys an entry matches: the same key, or one beginning the other when the shorter has
    MIN_PREFIX_KEY characters or more. Found without comparing against each key: a longer
    key beginning with it is the first that sorts after it, a shorter one is among its
    prefixes at the lengths held."""

    def __init__(self) -> None:
        self._keys: set[str] = set()
        self._sorted: list[str] = []
        self._lengths: list[int] = []  # sorted, each at least MIN_PREFIX_KEY

    def add(self, key: str) -> None:
        if not key or key in self._keys:
            return
        self._keys.add(key)
        bisect.insort(self._sorted, key)
        if len(key) >= MIN_PREFIX_KEY:
            position = bisect.bisect_left(self._lengths, len(key))
            if position == len(self._lengths) or self._lengths[position] != len(key):
                self._lengths.insert(position, len(key))

    def matches(self, key: str) -> bool:
        if not key:
            return False
        if key in self._keys:
            return True
        if len(key) < MIN_PREFIX_KEY:
            return False
        position = bisect.bisect_left(self._sorted, key)
        if position < len(self._sorted) and self._sorted[position].startswith(key):
            return True
        shorter = self._lengths[: bisect.bisect_left(self._lengths, len(key))]
        return any(key[:length] in self._keys for length in shorter)


def _key(line: Line) -> str:
    text = _PAGE_TAIL.sub("", line.text.strip())
    return normalise_question_text(clean_question(text))


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
