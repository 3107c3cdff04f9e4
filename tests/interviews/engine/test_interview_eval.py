"""The interview_eval command: bank and ad-hoc questions, bad lines."""

import json

import pytest
from django.core.management import CommandError, call_command

from tests.factories import QuestionFactory


def _write(tmp_path, *rows):
    path = tmp_path / "in.jsonl"
    path.write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows)
        + "\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.django_db
def test_grades_bank_and_adhoc_questions(tmp_path):
    bank = QuestionFactory()
    path = _write(
        tmp_path,
        {
            "question": bank.pk,
            "answer": "A decorator takes a function and returns a new "
            "function that wraps the original to add logging; functools.wraps keeps __name__.",
        },
        {"question": bank.text, "answer": "asdf"},
        {
            "question": "스택과 큐의 차이는?",
            "answer": "스택은 LIFO로 나중에 넣은 것이 먼저 나오고, "
            "큐는 FIFO로 먼저 넣은 것이 먼저 나옵니다.",
            "model_answer": "스택은 LIFO, 큐는 FIFO 구조입니다.",
            "key_points": [
                {"text": "스택은 후입선출", "synonyms": ["LIFO"]},
                {"text": "큐는 선입선출", "synonyms": ["FIFO"]},
            ],
        },
    )
    out = tmp_path / "out.jsonl"
    call_command("interview_eval", str(path), "--output", str(out))
    results = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(results) == 3
    assert set(results[0]) == {
        "score",
        "key_points_covered",
        "key_points_partly",
        "key_points_missed",
        "provider",
        "graded_offline",
        "flag",
    }
    assert results[0]["score"] > 50 and results[0]["provider"] == "local"
    assert results[1]["flag"] == "junk" and results[1]["score"] <= 10
    assert results[2]["key_points_covered"] == ["스택은 후입선출", "큐는 선입선출"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "line 2: not valid JSON"),
        ('{"answer": "x"}', "line 2: 'question' must be"),
        ('{"question": "q?", "answer": 3}', "line 2: 'answer' must be a string"),
        ('{"question": "unknown?", "answer": "x"}', "line 2: a question not in the bank"),
        ('{"question": 999999, "answer": "x"}', "line 2: no bank question with id 999999"),
        ('{"question": "q?", "answer": "x", "key_points": [5]}', "line 2: each key point"),
        ('{"question": "q?", "answer": "x", "key_points": [" "]}', "line 2: each key point"),
        ('{"question": "q?", "answer": "x", "key_points": "k"}', "line 2: key_points must be"),
        (
            '{"question": "q?", "answer": "x", "key_points": [{"text": "k", "synonyms": [1]}]}',
            "line 2: key point synonyms must be a list of strings",
        ),
        ('{"question": "q?", "answer": "x", "model_answer": 5}', "line 2: 'model_answer' must"),
        ('{"question": true, "answer": "x"}', "line 2: 'question' must be"),
        ('{"question": "  ", "answer": "x"}', "line 2: 'question' must be"),
        ("[1, 2]", "line 2: expected a JSON object"),
    ],
)
def test_bad_line_stops_with_its_number(tmp_path, line, message):
    good = {"question": "q?", "answer": "a", "key_points": ["k"]}
    path = _write(tmp_path, good, line)
    out = tmp_path / "out.jsonl"
    with pytest.raises(CommandError, match=message.replace("(", r"\(")):
        call_command("interview_eval", str(path), "--output", str(out))
    assert not out.exists()  # nothing half-written


@pytest.mark.django_db
def test_null_optional_fields_and_unknown_fields_are_accepted(tmp_path):
    line = {
        "question": "What is a closure?",
        "answer": "A function that keeps the variables of the scope it was made in.",
        "model_answer": None,
        "key_points": [{"text": "keeps its enclosing scope", "synonyms": None}],
        "language": "fr",  # not ko or en: detected from the text
        "note": "ignored",
    }
    out = tmp_path / "out.jsonl"
    call_command("interview_eval", str(_write(tmp_path, line)), "--output", str(out))
    assert json.loads(out.read_text())["provider"] == "local"


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("interview_eval", str(tmp_path / "nope.jsonl"))
