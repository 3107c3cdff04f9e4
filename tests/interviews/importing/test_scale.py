"""Reading notes is linear in their size: counted in function calls, never timed.

A pass that compares every line with every other (as the table-of-contents filter
did) shows as calls growing with the square of the paragraphs; four times the notes
must cost about four times the calls. bench/import_scale.py gives the seconds.
"""

import cProfile
import pstats

import pytest

from interviews.importing import read_records
from tests.interviews.importing.conftest import build_docx


def _questions(count: int, start: int = 0) -> list[str]:
    return [f"프로세스 {n}와 스레드 {n}의 차이는 무엇인가요?" for n in range(start, start + count)]


def _listed_notes(count: int) -> list[str]:
    """Notes that open with the list of their questions, then answer each: every listed
    question is looked for among the ones below."""
    paragraphs = _questions(count)
    for question in _questions(count):
        paragraphs += [question, "각 프로세스는 독립된 메모리를 가지며 스레드는 그것을 공유합니다."]
    return paragraphs


def _contents_titles(count: int) -> list[str]:
    """A "목차" title before each of many entries: each starts a table of contents."""
    paragraphs = []
    for question in _questions(count):
        paragraphs += ["목차", question]
    for question in _questions(count):
        paragraphs += [question, "답변입니다. 메모리를 공유합니다."]
    return paragraphs


def _markdown(paragraphs: list[str]) -> bytes:
    return "\n\n".join(paragraphs).encode()


def _calls(data: bytes, filename: str) -> tuple[int, pstats.Stats]:
    profiler = cProfile.Profile()
    profiler.runcall(read_records, data, filename=filename)
    stats = pstats.Stats(profiler)
    # `total_calls` is set on every Stats at run time; typeshed does not declare it.
    return stats.total_calls, stats  # type: ignore[attr-defined]


@pytest.mark.parametrize("shape", [_listed_notes, _contents_titles])
def test_markdown_notes_cost_calls_in_proportion_to_their_length(shape):
    small, _ = _calls(_markdown(shape(100)), "notes.md")
    large, _ = _calls(_markdown(shape(400)), "notes.md")

    # Linear: 4x. The quadratic filter this replaces made it more than 10x.
    assert large < 4.6 * small, (small, large)


def test_docx_notes_cost_calls_in_proportion_to_their_length():
    small, _ = _calls(build_docx(_listed_notes(50)), "notes.docx")
    large, stats = _calls(build_docx(_listed_notes(200)), "notes.docx")

    assert large < 4.6 * small, (small, large)
    # Styles are looked up once per style, not per paragraph (python-docx scans every
    # style of the document for each lookup).
    lookups = sum(
        calls
        for (path, _line, name), (calls, *_rest) in stats.stats.items()
        if name == "get_style" and path.endswith("parts/document.py")
    )
    assert lookups <= 5, lookups
