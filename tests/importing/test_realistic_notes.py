"""Three bootcamp-style notes files written apart from the importer (bench/data/realistic_notes):
every question found once, in order, and none of the noise lines."""

import re
from pathlib import Path

import pytest

from interviews.importing import read_records

NOTES = Path(__file__).resolve().parents[2] / "bench" / "data" / "realistic_notes"
_ROW = re.compile(r"^\| (\d+) \| (.+?) \| ")


def _expected() -> dict[str, list[str]]:
    """The cleaned question column of each file's table in EXPECTED.md."""
    expected: dict[str, list[str]] = {}
    current = None
    for line in (NOTES / "EXPECTED.md").read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^## `(.+)`", line)
        if heading:
            current = expected.setdefault(heading.group(1), [])
            continue
        row = _ROW.match(line)
        if row and current is not None:
            current.append(row.group(2).replace("\\|", "|").replace("`", "").strip())
    return expected


EXPECTED = _expected()


def _plain(text: str) -> str:
    return " ".join(text.replace("`", "").split())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_question_once_in_order(name):
    _kind, records = read_records((NOTES / name).read_bytes(), filename=name)
    assert [_plain(r.text) for r in records] == [_plain(q) for q in EXPECTED[name]]
    assert all(r.model_answer.strip() for r in records)


@pytest.mark.parametrize(
    ("name", "noise"),
    [
        ("python_notes_ko.docx", "https://docs.python.org/ko/3/reference/expressions.html"),
        ("python_notes_ko.docx", "(추가 예정)"),
        ("cs_mixed.docx", "출처: 인프런"),
        ("cs_mixed.docx", "TODO: OSI 7 layer"),
        ("cs_mixed.docx", "last updated: 2024-06-02"),
        ("web_backend_en.md", "Back to top"),
    ],
)
def test_noise_lines_stay_out_of_questions_and_answers(name, noise):
    _kind, records = read_records((NOTES / name).read_bytes(), filename=name)
    assert not [r.text for r in records if noise in r.text or noise in r.model_answer]
