"""The import service: idempotent, all-or-nothing, with a per-question report."""

import json

import pytest

from interviews.importing import ImportFileError
from interviews.models import FollowUp, KeyPoint, Question
from interviews.services.bank import NO_TRACK, questions_import
from tests.interviews.importing.conftest import MESSY_QUESTIONS, starter_style_json

pytestmark = pytest.mark.django_db


def _import(data, filename, **kwargs):
    return questions_import(data=data, filename=filename, **kwargs)


def test_docx_import_creates_drafts_with_reviewable_key_points(python_track, messy_docx):
    report = _import(messy_docx, "notes.docx", track_slug="python")

    assert (report.created, report.updated, report.skipped) == (6, 0, 0)
    questions = Question.objects.order_by("id")
    assert [q.text for q in questions] == MESSY_QUESTIONS
    assert {q.status for q in questions} == {"draft"}
    assert {q.track_id for q in questions} == {python_track.pk}
    assert [q.language for q in questions] == ["ko"] * 5 + ["en"]
    assert questions[0].source == "notes.docx"
    for question in questions:
        points = list(question.key_points.all())
        assert 2 <= len(points) <= 5, question.text
        assert all(p.needs_review for p in points)
    decorator = questions.get(text="데코레이터를 설명해주세요.")
    assert list(decorator.follow_ups.values_list("text", flat=True)) == [
        "클래스도 데코레이터가 될 수 있나요?"
    ]
    assert all(item.drafted_key_points for item in report.items)


def test_reimport_updates_and_never_duplicates(python_track, messy_docx):
    first = _import(messy_docx, "notes.docx", track_slug="python")
    ids = set(Question.objects.values_list("id", flat=True))
    key_point_ids = set(KeyPoint.objects.values_list("id", flat=True))

    second = _import(messy_docx, "notes.docx", track_slug="python")

    assert (first.created, first.updated) == (6, 0)
    assert (second.created, second.updated, second.skipped) == (0, 6, 0)
    assert set(Question.objects.values_list("id", flat=True)) == ids
    # Drafted key points a curator may already have reviewed are left alone.
    assert set(KeyPoint.objects.values_list("id", flat=True)) == key_point_ids
    assert FollowUp.objects.count() == 1


def test_reimport_keeps_a_curators_status_unless_the_file_sets_one(python_track):
    data = json.dumps([{"question": "What is a closure?", "answer": "A function."}]).encode()
    _import(data, "q.json", track_slug="python")
    Question.objects.update(status="published")

    _import(data, "q.json", track_slug="python")
    assert Question.objects.get().status == "published"

    data = json.dumps([{"question": "What is a closure?", "status": "retired"}]).encode()
    _import(data, "q.json", track_slug="python")
    assert Question.objects.get().status == "retired"


def test_hash_identity_ignores_case_spacing_and_end_punctuation(python_track):
    _import(
        json.dumps([{"question": "What is  a closure?"}]).encode(), "a.json", track_slug="python"
    )
    report = _import(
        json.dumps([{"question": "what is a Closure"}]).encode(), "b.json", track_slug="python"
    )

    assert report.updated == 1
    assert Question.objects.count() == 1


def test_dry_run_reports_but_writes_nothing(python_track, messy_docx):
    report = _import(messy_docx, "notes.docx", track_slug="python", dry_run=True)

    assert report.dry_run and report.created == 6
    assert Question.objects.count() == 0
    assert KeyPoint.objects.count() == 0


def test_broken_file_writes_nothing_and_keeps_existing_rows(python_track):
    _import(json.dumps([{"question": "Kept?"}]).encode(), "ok.json", track_slug="python")
    broken = b'{"question": "New one?"}\n{"question": "Also new?"}\n{oops\n'

    with pytest.raises(ImportFileError, match="Line 3"):
        _import(broken, "broken.jsonl", track_slug="python")

    assert list(Question.objects.values_list("text", flat=True)) == ["Kept?"]


def test_track_from_column_or_skipped_with_location(python_track, web_track):
    text = (
        "question,answer,track\n"
        "What is REST?,A style,web-backend\n"
        "What is a list?,A sequence,파이썬\n"
        "No track?,x,\n"
        "Unknown track?,x,cooking\n"
        ",empty question,python\n"
    )

    report = _import(text.encode(), "bank.csv")

    assert (report.created, report.skipped) == (2, 3)
    assert Question.objects.get(text="What is REST?").track == web_track
    assert Question.objects.get(text="What is a list?").track == python_track
    errors = {p.location: p.message for p in report.errors}
    assert errors["line 4"] == NO_TRACK
    assert "cooking" in errors["line 5"]
    assert errors["line 6"] == "no question text"


def test_unknown_track_option_is_an_error(python_track):
    with pytest.raises(ImportFileError, match="Unknown track"):
        _import(b'[{"question": "x?"}]', "q.json", track_slug="nope")


def test_starter_format_with_key_points_and_published_status(python_track):
    data = starter_style_json(
        [
            {
                "external_id": "ext-1",
                "track": "python",
                "topic": "python-basics",
                "language": "en",
                "difficulty": "mid",
                "question": "What is a closure?",
                "model_answer": "A function that captures variables.",
                "key_points": [{"text": "captures variables", "synonyms": ["free variables"]}],
                "follow_ups": ["What does nonlocal do?"],
                "hint": "Nested functions.",
                "source": "team",
                "status": "published",
            },
            {"external_id": "ext-2", "track": "python", "question": "Q2?", "topic": "nope"},
        ]
    )

    report = _import(data, "bank.json")

    closure = Question.objects.get(external_id="ext-1")
    assert closure.status == "published" and closure.difficulty == "mid"
    assert closure.topic.slug == "python-basics"
    point = closure.key_points.get()
    assert (point.text, point.synonyms, point.needs_review) == (
        "captures variables",
        ["free variables"],
        False,
    )
    assert any("nope" in w.message for w in report.warnings)
    assert Question.objects.get(external_id="ext-2").status == "draft"


def test_changed_key_points_in_the_file_replace_the_old_ones(python_track):
    def bank(points):
        return starter_style_json(
            [{"external_id": "e", "track": "python", "question": "Q?", "key_points": points}]
        )

    _import(bank(["a", "b", "c"]), "b.json")
    first_id = KeyPoint.objects.get(text="a").pk
    _import(bank(["A", "b"]), "b.json")

    assert list(KeyPoint.objects.values_list("text", flat=True)) == ["A", "b"]
    assert KeyPoint.objects.get(text="A").pk == first_id  # updated in place


def test_duplicate_question_in_one_file_is_skipped(python_track):
    data = json.dumps([{"question": "Same?"}, {"question": "same"}]).encode()

    report = _import(data, "d.json", track_slug="python")

    assert (report.created, report.skipped) == (1, 1)
    assert "question 1" in report.errors[0].message


def test_table_of_contents_does_not_hide_the_answered_copy(python_track):
    text = "1. GIL이란?\n2. 데코레이터란?\n\n----\n\n💡 GIL이란?\nGIL은 전역 락입니다.\n"

    report = _import(text.encode(), "toc.md", track_slug="python")

    gil = Question.objects.get(text="GIL이란?")
    assert gil.model_answer == "GIL은 전역 락입니다."
    # The contents entry is not a question of its own, so nothing is reported skipped.
    assert (report.created, report.skipped) == (2, 0)
    assert [i.location for i in report.items] == ["line 2", "line 6"]


def test_the_same_question_twice_keeps_the_copy_with_the_answer(python_track):
    text = (
        "💡 GIL이란?\nGIL은 전역 락입니다.\n\n💡 데코레이터란?\n함수를 감쌉니다.\n\n💡 GIL이란?\n"
    )

    report = _import(text.encode(), "twice.md", track_slug="python")

    assert Question.objects.get(text="GIL이란?").model_answer == "GIL은 전역 락입니다."
    assert any(p.location == "line 7" and "line 1" in p.message for p in report.errors)


def test_section_heading_matching_a_track_is_used(python_track):
    text = "# 파이썬\n\n💡 GIL이란?\nGIL은 전역 락입니다.\n"

    report = _import(text.encode(), "notes.md")

    assert report.created == 1
    assert Question.objects.get().track == python_track


def test_notes_without_a_track_take_the_one_their_file_name_names(python_track, web_track):
    notes = "## GIL이란 무엇인가요?\n\nGIL은 한 번에 한 스레드만 바이트코드를 실행하게 합니다.\n"

    named = _import(notes.encode(), "python_notes_ko.md")
    unnamed = _import(notes.replace("GIL", "GC").encode(), "notes.md")

    assert named.created == 1 and Question.objects.get().track == python_track
    assert (unnamed.created, unnamed.skipped) == (0, 1)
    assert unnamed.problems[0].message == NO_TRACK


def test_the_language_is_read_from_the_question_when_the_file_gives_none(python_track):
    questions = [
        "INNER JOIN과 LEFT JOIN의 차이",  # Korean, for all its English terms
        "MRO(Method Resolution Order)는 무엇인가요?",
        "What does the GIL (전역 인터프리터 락) prevent?",  # English, for its gloss
        "GIL이란?",  # too short to weigh: any Hangul means Korean
    ]
    data = json.dumps([{"question": q, "answer": "…"} for q in questions]).encode()

    _import(data, "q.json", track_slug="python")

    languages = dict(Question.objects.values_list("text", "language"))
    assert [languages[q] for q in questions] == ["ko", "ko", "en", "ko"]


def test_a_keywords_column_becomes_synonyms_of_key_points_drafted_from_the_answer(python_track):
    data = (
        "question,answer,keywords\n"
        '시스템 콜이란?,"사용자 프로그램이 커널의 기능을 쓰려고 커널 모드로 전환해 요청하는 '
        '인터페이스입니다. 파일 읽기와 프로세스 생성이 그 예입니다.","커널, syscall"\n'
    ).encode()
    _import(data, "notes.csv", track_slug="python")

    points = list(KeyPoint.objects.order_by("order"))
    assert points and all(p.needs_review for p in points)
    assert "커널, syscall" not in [p.text for p in points]
    assert any("커널" in p.synonyms for p in points)
