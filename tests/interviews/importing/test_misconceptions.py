"""Misconceptions and follow-up answers read from notes and structured files."""

import json

import pytest

from interviews.importing import read_records
from interviews.importing.misconceptions import MISTAKES, WARNINGS, misconception_item
from interviews.models import Question
from interviews.services.bank import questions_import

NOTES_KO = """\
## Q1. 파이썬에서 is와 ==의 차이를 설명해주세요.

==는 __eq__로 값이 같은지 비교하고, is는 두 이름이 같은 객체를 가리키는지 비교합니다.
None과 비교할 때는 is를 씁니다.

흔한 실수:
- is는 값을 비교한다 → is는 같은 객체인지(identity) 비교한다
- ❌ 작은 정수는 항상 is로 비교해도 된다

주의: 숫자 비교에 is를 쓰지 말 것

꼬리질문: a = 256; b = 256에서 a is b가 True인 이유는?
A: CPython이 -5부터 256까지의 정수를 캐시해서 같은 객체를 재사용하기 때문입니다.

## Q2. 프로세스와 스레드의 차이는 무엇인가요?

프로세스는 독립된 메모리 공간을 갖고, 스레드는 프로세스의 메모리를 공유합니다.
"""

NOTES_EN = """\
### What does `yield` do in a Python function?

It turns the function into a generator that produces values lazily, one per `next()`.

Common mistakes
* "yield returns all values as a list" -> it returns a generator that yields one value at a time

Pitfalls
* Don't forget a generator can only be consumed once.
* ❌ A generator keeps every value in memory
"""


def test_mistakes_section_items_become_misconceptions_with_their_correction():
    _, records = read_records(NOTES_KO.encode(), filename="notes.md")

    first = records[0]
    assert first.misconceptions == [
        ("is는 값을 비교한다", "is는 같은 객체인지(identity) 비교한다"),
        ("작은 정수는 항상 is로 비교해도 된다", ""),
    ]
    # Advice under "주의" is true: it stays in the answer, it is never a misconception.
    assert "숫자 비교에 is를 쓰지 말 것" in first.model_answer
    assert "흔한 실수" not in first.model_answer
    assert records[1].misconceptions is None


def test_an_answer_right_after_a_follow_up_answers_the_follow_up():
    _, records = read_records(NOTES_KO.encode(), filename="notes.md")

    follow_up = "a = 256; b = 256에서 a is b가 True인 이유는?"
    assert records[0].follow_ups == [follow_up]
    assert "캐시" in records[0].follow_up_answers[follow_up]
    assert "캐시" not in records[0].model_answer


def test_pitfalls_take_only_items_marked_wrong():
    _, records = read_records(NOTES_EN.encode(), filename="notes.md")

    assert records[0].misconceptions == [
        (
            "yield returns all values as a list",
            "it returns a generator that yields one value at a time",
        ),
        ("A generator keeps every value in memory", ""),
    ]
    assert "consumed once" in records[0].model_answer


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        (
            "(X) 스레드는 메모리를 공유하지 않는다",
            WARNINGS,
            ("스레드는 메모리를 공유하지 않는다", ""),
        ),
        ("TCP는 순서를 보장하지 않는다 (X)", MISTAKES, ("TCP는 순서를 보장하지 않는다", "")),
        (
            "UDP is reliable. Actually, it gives no delivery guarantee",
            MISTAKES,
            ("UDP is reliable", "it gives no delivery guarantee"),
        ),
        ("Always close files", WARNINGS, None),
        ("-", MISTAKES, None),
    ],
)
def test_misconception_items(text, kind, expected):
    assert misconception_item(text, kind) == expected


@pytest.mark.django_db
def test_import_stores_misconceptions_linked_to_the_key_point_they_deny(python_track):
    data = json.dumps(
        [
            {
                "question": "What is the difference between `is` and `==`?",
                "answer": "`==` compares values via __eq__; `is` compares object identity.",
                "key_points": [
                    {"text": "== compares values", "synonyms": ["value equality"]},
                    {"text": "is compares object identity", "synonyms": ["same object"]},
                ],
                "common mistakes": ["is compares values → is compares identity"],
                "pitfalls": ["Use is only for None", "❌ == checks identity"],
                "follow_ups": [
                    {
                        "text": "What does == do without __eq__?",
                        "answer": "It falls back to identity: object.__eq__ compares with is.",
                    }
                ],
            }
        ]
    ).encode()

    report = questions_import(data=data, filename="bank.json", track_slug="python")

    question = Question.objects.get()
    rows = list(question.misconceptions.order_by("order"))
    assert [(m.text, m.correction) for m in rows] == [
        ("is compares values", "is compares identity"),
        ("== checks identity", ""),
    ]
    assert rows[0].key_point.text == "is compares object identity"
    assert report.items[0].misconceptions == 2
    follow_up = question.follow_ups.get()
    assert "identity" in follow_up.model_answer
    assert follow_up.key_points, "key points are drafted from the follow-up's own answer"


@pytest.mark.django_db
def test_reimport_without_misconceptions_keeps_the_curated_ones(python_track):
    with_them = json.dumps(
        [{"id": "q1", "question": "Why use a set?", "오답": ["a set keeps insertion order"]}]
    ).encode()
    without = json.dumps([{"id": "q1", "question": "Why use a set?"}]).encode()

    questions_import(data=with_them, filename="a.json", track_slug="python")
    questions_import(data=without, filename="a.json", track_slug="python")

    assert list(Question.objects.get().misconceptions.values_list("text", flat=True)) == [
        "a set keeps insertion order"
    ]


def test_deeply_nested_json_is_a_clear_error_not_a_crash():
    from interviews.importing import ImportFileError

    with pytest.raises(ImportFileError, match="nested too deeply"):
        read_records(b"[" * 100_000 + b"]" * 100_000, filename="deep.json")


def test_the_next_question_ends_a_mistakes_section():
    notes = (
        "1. GIL이란 무엇인가요?\n\nGIL은 한 번에 한 스레드만 바이트코드를 실행하게 합니다.\n\n"
        "흔한 실수\n- GIL은 I/O도 막는다 → I/O 대기 중에는 풀린다\n\n"
        "2. Python 데코레이터\n\n함수를 받아 감싼 함수를 돌려줍니다.\n\n"
        "3. 제너레이터\n\n값을 하나씩 만들어 냅니다.\n\n"
        "Common mistakes\n- What is the difference between a thread and a process?\n\n"
        "Threads share memory.\n"
    )

    _, records = read_records(notes.encode(), filename="notes.md")

    texts = [r.text for r in records]
    assert texts[:3] == ["GIL이란 무엇인가요?", "Python 데코레이터", "제너레이터"]
    assert records[0].misconceptions == [("GIL은 I/O도 막는다", "I/O 대기 중에는 풀린다")]
    assert "What is the difference between a thread and a process?" in texts


def test_advice_with_an_arrow_under_pitfalls_is_not_a_misconception():
    assert misconception_item("Never compare numbers with is -> use ==", WARNINGS) is None
    assert misconception_item("Never compare numbers with is -> use ==", MISTAKES) == (
        "Never compare numbers with is",
        "use ==",
    )
