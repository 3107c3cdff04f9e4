"""Bootcamp-style notes written apart from the importer (bench/data/realistic_notes*/, each
with an EXPECTED.md): every question found once, in order, and no noise line kept."""

import re
from pathlib import Path

import pytest

from interviews.importing import read_records

DATA = Path(__file__).resolve().parents[3] / "bench" / "data"
SETS = ("realistic_notes", "realistic_notes_2")
_ROW = re.compile(r"^\| (\d+) \| (.+?) \| ")
_SECTION = re.compile(r"^## `(.+)`", re.MULTILINE)
# A bullet naming a noise line; those the notes allow inside an answer ("may be dropped or
# kept") are left out.
_NOISE = re.compile(r"^- `([^`]+)`(?!.*may be dropped or kept)", re.MULTILINE)


def _plain(text: str) -> str:
    return " ".join(text.replace("`", "").split())


def _expected() -> list[tuple[str, str, list[str], list[str]]]:
    """(set, file, questions in order, noise lines) from each EXPECTED.md."""
    cases = []
    for name in SETS:
        text = (DATA / name / "EXPECTED.md").read_text(encoding="utf-8")
        parts = _SECTION.split(text)
        for filename, section in zip(parts[1::2], parts[2::2], strict=True):
            questions = [
                _plain(m.group(2).replace("\\|", "|"))
                for line in section.splitlines()
                if (m := _ROW.match(line))
            ]
            noise = [
                n.strip()
                for n in _NOISE.findall(section)
                if len(n.strip()) >= 4 and _plain(n) not in questions  # notes about a question
            ]
            cases.append((name, filename, questions, noise))
    return cases


CASES = _expected()


def _records(folder: str, filename: str):
    _kind, records = read_records((DATA / folder / filename).read_bytes(), filename=filename)
    # A row without question text is reported and skipped by the import service.
    return [r for r in records if r.text.strip()]


def test_every_expected_file_is_covered():
    assert len(CASES) == 8
    assert sum(len(questions) for _s, _f, questions, _n in CASES) == 132


@pytest.mark.parametrize(("folder", "filename", "questions", "noise"), CASES)
def test_every_question_once_in_order(folder, filename, questions, noise):
    assert [_plain(r.text) for r in _records(folder, filename)] == questions


@pytest.mark.parametrize(("folder", "filename", "questions", "noise"), CASES)
def test_noise_lines_stay_out_of_questions_and_answers(folder, filename, questions, noise):
    records = _records(folder, filename)
    kept = [(n, r.text) for n in noise for r in records if n in r.text or n in r.model_answer]
    assert kept == []
