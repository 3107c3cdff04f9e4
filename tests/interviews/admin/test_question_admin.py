"""The question admin as a curator uses it: lists, inlines, actions, import, preview."""

import re
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from interviews.models import KeyPoint, Question
from tests.factories import QuestionFactory, TopicFactory, TrackFactory
from tests.interviews.importing.conftest import MESSY_NOTES, build_docx

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:interviews_question_changelist"
IMPORT = "admin:interviews_question_import"


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


def _assert_no_inline_script(response):
    html = response.content.decode()
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag, tag
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_changelist_with_filters_search_and_import_link(curator_client):
    question = QuestionFactory(text="What is a Python decorator?")
    KeyPoint.objects.filter(question=question).update(needs_review=True)
    QuestionFactory(text="Unrelated one")

    response = curator_client.get(reverse(CHANGELIST), {"needs_review": "yes", "q": "decorator"})

    assert response.status_code == HTTPStatus.OK
    assert list(response.context["cl"].result_list) == [question]
    assert reverse(IMPORT) in response.content.decode()
    _assert_no_inline_script(response)


def test_changelist_search_box_is_named_and_keeps_the_filters(curator_client):
    QuestionFactory(text="What is a Python decorator?")
    QuestionFactory(text="Unrelated one")

    html = curator_client.get(
        reverse(CHANGELIST), {"needs_review": "no", "q": "Unrelated"}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()

    search = re.search(r'<input type="text"[^>]*id="searchbar"[^>]*>', html, re.S)
    assert search is not None
    assert 'aria-label="Search"' in search.group(0)
    assert 'value="Unrelated"' in search.group(0)
    # The filter rides along with the next search; the count and its reset link stay.
    assert '<input type="hidden" name="needs_review" value="no">' in html
    assert re.search(r"1 result\s*\(<a href=\"\?\">2 total</a>\)", html)

    curator_client.cookies["django_language"] = "ko"
    korean = curator_client.get(reverse(CHANGELIST), {"q": "Unrelated"})
    assert 'aria-label="검색"' in korean.content.decode()
    assert "결과 1개" in korean.content.decode()
    assert "전체 2개" in korean.content.decode()


def test_inline_rows_name_their_inputs_by_their_columns(curator_client):
    question = QuestionFactory(key_points=[("wraps the original", ["wrapper"])])

    html = curator_client.get(
        reverse("admin:interviews_question_change", args=[question.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()

    # A tabular row's inputs have no <label>: each is named after its column's heading.
    for name, label in [
        ("key_points-0-order", "Order"),
        ("key_points-0-text", "Key point"),
        ("key_points-0-needs_review", "Needs review"),
        ("key_points-0-DELETE", "Delete"),
    ]:
        tag = re.search(rf'<(?:input|select|textarea)[^>]*name="{name}"[^>]*>', html)
        assert tag is not None, name
        assert f'aria-label="{label}"' in tag.group(0), tag.group(0)


def test_changelist_query_count_is_constant(curator_client, django_assert_max_num_queries):
    QuestionFactory.create_batch(3)
    with django_assert_max_num_queries(20) as few:
        curator_client.get(reverse(CHANGELIST))
    QuestionFactory.create_batch(15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        curator_client.get(reverse(CHANGELIST))


def test_change_form_edits_key_point_synonyms_as_comma_text(curator_client):
    question = QuestionFactory(key_points=[("wraps the original", ["wrapper"])])
    point = question.key_points.get()
    url = reverse("admin:interviews_question_change", args=[question.pk])

    page = curator_client.get(url)
    assert page.status_code == HTTPStatus.OK
    html = page.content.decode()
    assert 'value="wrapper"' in html
    assert reverse("admin:interviews_question_preview", args=[question.pk]) in html
    _assert_no_inline_script(page)

    data = {
        "track": question.track_id,
        "topic": question.topic_id,
        "text": question.text,
        "language": "en",
        "difficulty": "junior",
        "status": "published",
        "model_answer": question.model_answer,
        "hint": "",
        "source": "",
        "key_points-TOTAL_FORMS": "2",
        "key_points-INITIAL_FORMS": "1",
        "key_points-MIN_NUM_FORMS": "0",
        "key_points-MAX_NUM_FORMS": "1000",
        "key_points-0-id": point.pk,
        "key_points-0-question": question.pk,
        "key_points-0-order": "0",
        "key_points-0-text": "wraps the original function",
        "key_points-0-synonyms": "wrapper, decorator wraps,  wrapper , closure",
        # The blank extra row a curator leaves untouched.
        "key_points-1-order": "0",
        "key_points-1-text": "",
        "key_points-1-synonyms": "",
        "follow_ups-TOTAL_FORMS": "1",
        "follow_ups-INITIAL_FORMS": "0",
        "follow_ups-MIN_NUM_FORMS": "0",
        "follow_ups-MAX_NUM_FORMS": "1000",
        "follow_ups-0-order": "0",
        "follow_ups-0-text": "Why use functools.wraps?",
        "follow_ups-0-key_point": point.pk,
    }
    response = curator_client.post(url, data)

    assert response.status_code == HTTPStatus.FOUND, response.context and [
        f.formset.errors for f in response.context["inline_admin_formsets"]
    ]
    assert question.key_points.count() == 1
    point.refresh_from_db()
    assert point.synonyms == ["wrapper", "decorator wraps", "closure"]
    assert point.needs_review is False
    assert question.follow_ups.get().key_point == point


def test_bulk_publish_and_retire(curator_client):
    drafts = QuestionFactory.create_batch(2, status="draft")
    other = QuestionFactory(status="draft")

    response = curator_client.post(
        reverse(CHANGELIST),
        {"action": "publish", "_selected_action": [q.pk for q in drafts]},
        follow=True,
    )
    assert response.status_code == HTTPStatus.OK
    assert "Published 2 question(s)." in response.content.decode()
    assert set(Question.objects.filter(status="published")) == set(drafts)

    curator_client.post(
        reverse(CHANGELIST), {"action": "retire", "_selected_action": [drafts[0].pk]}
    )
    drafts[0].refresh_from_db()
    other.refresh_from_db()
    assert drafts[0].status == "retired" and other.status == "draft"


def test_mark_key_points_reviewed(curator_client):
    question = QuestionFactory()
    question.key_points.update(needs_review=True)

    curator_client.post(
        reverse(CHANGELIST), {"action": "mark_reviewed", "_selected_action": [question.pk]}
    )

    assert not question.key_points.filter(needs_review=True).exists()


def test_preview_shows_the_question_as_a_candidate_sees_it(curator_client):
    topic = TopicFactory(name="Functions")
    question = QuestionFactory(
        track=topic.track, topic=topic, text="What is a **decorator**?", status="draft"
    )
    question.follow_ups.create(order=0, text="What does functools.wraps keep?")

    response = curator_client.get(reverse("admin:interviews_question_preview", args=[question.pk]))

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "What is a **decorator**?" in html  # plain text, as on the interview page
    assert "Functions" in html and "Think about what @decorator" in html
    assert "functools.wraps keeps metadata" in html and "What does functools.wraps keep?" in html
    assert "not shown to candidates yet" in html
    _assert_no_inline_script(response)


def test_import_page_dry_run_shows_report_and_writes_nothing(curator_client):
    track = TrackFactory(slug="python", name="Python")
    upload = SimpleUploadedFile("notes.docx", build_docx(MESSY_NOTES))

    response = curator_client.post(
        reverse(IMPORT),
        {"file": upload, "track": track.slug, "language": "", "dry_run": "on"},
        follow=True,
    )

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Dry run" in html
    assert "created 6, updated 0, skipped 0" in html
    assert "GIL이란 무엇이고, 왜 필요한가요?" in html
    assert "drafted, needs review" in html
    assert Question.objects.count() == 0
    _assert_no_inline_script(response)


def test_import_page_imports_and_reports_problems(curator_client):
    TrackFactory(slug="python", name="Python")
    upload = SimpleUploadedFile(
        "bank.csv", b"question,answer,track\nWhat is a list?,A sequence,python\nNo track?,x,\n"
    )

    response = curator_client.post(reverse(IMPORT), {"file": upload, "track": ""}, follow=True)

    html = response.content.decode()
    assert "Import finished" in html
    assert "created 1, updated 0, skipped 1" in html
    assert "line 3" in html and "no track" in html
    assert Question.objects.get().status == "draft"


def test_import_page_broken_file_shows_error_and_writes_nothing(curator_client):
    upload = SimpleUploadedFile("notes.docx", b"this is not a docx")

    response = curator_client.post(reverse(IMPORT), {"file": upload}, follow=True)

    assert response.status_code == HTTPStatus.OK
    assert "could not be opened" in response.content.decode()
    assert Question.objects.count() == 0


def test_import_page_renders(curator_client):
    response = curator_client.get(reverse(IMPORT))

    assert response.status_code == HTTPStatus.OK
    assert 'name="dry_run"' in response.content.decode()
    _assert_no_inline_script(response)


def test_import_page_detects_a_cp949_csv(curator_client):
    TrackFactory(slug="python", name="Python")
    data = "질문,답변\n인덱스란?,검색을 빠르게 하는 자료구조입니다.\n".encode("cp949")
    curator_client.post(
        reverse(IMPORT), {"file": SimpleUploadedFile("bank.csv", data), "track": "python"}
    )
    assert Question.objects.get().text == "인덱스란?"
    assert Question.objects.get().model_answer == "검색을 빠르게 하는 자료구조입니다."


def test_import_page_refuses_bytes_that_are_not_the_chosen_encoding(curator_client):
    TrackFactory(slug="python", name="Python")
    data = "질문,답변\n인덱스란?,검색을 빠르게 하는 자료구조입니다.\n".encode("cp949")
    response = curator_client.post(
        reverse(IMPORT),
        {"file": SimpleUploadedFile("bank.csv", data), "track": "python", "encoding": "utf-8"},
        follow=True,
    )
    assert response.status_code == 200
    assert "is not valid UTF-8" in response.content.decode()
    assert not Question.objects.exists()


def test_import_results_link_to_the_questions_they_wrote(curator_client):
    TrackFactory(slug="python", name="Python")
    upload = SimpleUploadedFile(
        "bank.csv", b"question,answer,track\nWhat is a list?,A sequence,python\nNo track?,x,\n"
    )

    html = curator_client.post(
        reverse(IMPORT), {"file": upload, "track": ""}, follow=True
    ).content.decode()

    question = Question.objects.get()
    link = reverse("admin:interviews_question_change", args=[question.pk])
    assert f'href="{link}">What is a list?</a>' in html
    # The skipped row has nothing to open.
    assert ">No track?</a>" not in html


def test_dry_run_results_link_nowhere(curator_client):
    TrackFactory(slug="python", name="Python")
    upload = SimpleUploadedFile("bank.csv", b"question,answer\nWhat is a list?,A sequence\n")

    html = curator_client.post(
        reverse(IMPORT), {"file": upload, "track": "python", "dry_run": "on"}, follow=True
    ).content.decode()

    assert "What is a list?" in html
    assert ">What is a list?</a>" not in html


def test_import_page_names_its_own_track_field_not_the_cli_flag(curator_client):
    TrackFactory(slug="python", name="Python")
    upload = SimpleUploadedFile("bank.csv", b"question,answer\nNo track?,x\n")

    html = curator_client.post(
        reverse(IMPORT), {"file": upload, "track": ""}, follow=True
    ).content.decode()

    assert "--track" not in html
    assert "choose one in the “track” field of the import form" in html
