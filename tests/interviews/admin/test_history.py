"""The bank's audit trail: who changed what and when, per object and as a list, for
curators only; imports and bulk actions recorded too, unchanged saves not."""

from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from interviews.models import InterviewerPersona, KeyPoint, PersonaVersion, Question, Track
from interviews.selectors.bank_history import bank_changes_for_curator
from interviews.services.bank import questions_import, starter_bank_load
from interviews.services.personas import persona_save
from tests.factories import QuestionFactory, TrackFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGES = "bank_changes"


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


@pytest.fixture
def question():
    return QuestionFactory(
        text="What does a decorator do?",
        key_points=[("wraps the original", ["wrapper"]), ("returns a function", [])],
    )


def _history_url(obj) -> str:
    return reverse(f"admin:interviews_{obj._meta.model_name}_history", args=[obj.pk])


def _change_form(question, **overrides) -> dict:
    """The question's change form as the admin renders it, with `overrides` typed in."""
    first, second = question.key_points.order_by("order")
    data = {
        "track": question.track_id,
        "topic": question.topic_id,
        "text": question.text,
        "language": question.language,
        "difficulty": question.difficulty,
        "status": question.status,
        "model_answer": question.model_answer,
        "hint": question.hint,
        "source": question.source,
        "key_points-TOTAL_FORMS": "2",
        "key_points-INITIAL_FORMS": "2",
        "key_points-MIN_NUM_FORMS": "0",
        "key_points-MAX_NUM_FORMS": "1000",
        "key_points-0-id": first.pk,
        "key_points-0-question": question.pk,
        "key_points-0-order": "0",
        "key_points-0-text": first.text,
        "key_points-0-synonyms": ", ".join(first.synonyms),
        "key_points-1-id": second.pk,
        "key_points-1-question": question.pk,
        "key_points-1-order": "1",
        "key_points-1-text": second.text,
        "key_points-1-synonyms": ", ".join(second.synonyms),
        "misconceptions-TOTAL_FORMS": "0",
        "misconceptions-INITIAL_FORMS": "0",
        "misconceptions-MIN_NUM_FORMS": "0",
        "misconceptions-MAX_NUM_FORMS": "1000",
        "follow_ups-TOTAL_FORMS": "0",
        "follow_ups-INITIAL_FORMS": "0",
        "follow_ups-MIN_NUM_FORMS": "0",
        "follow_ups-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def _save(client, question, **overrides):
    url = reverse("admin:interviews_question_change", args=[question.pk])
    response = client.post(url, _change_form(question, **overrides))
    assert response.status_code == HTTPStatus.FOUND, response.context and [
        f.formset.errors for f in response.context["inline_admin_formsets"]
    ]
    return response


def test_editing_a_key_point_in_the_admin_records_who_when_and_what(
    curator_client, curator, question
):
    point = question.key_points.get(order=0)
    before = timezone.now()

    _save(curator_client, question, **{"key_points-0-text": "wraps the original function"})

    latest = point.history.first()
    assert latest.history_type == "~"
    assert latest.history_user == curator
    assert before <= latest.history_date <= timezone.now()
    delta = latest.diff_against(latest.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [
        ("text", "wraps the original", "wraps the original function")
    ]
    # The question itself and the untouched key point were saved unchanged: no entry.
    assert question.history.count() == 1
    assert question.key_points.get(order=1).history.count() == 1

    html = curator_client.get(_history_url(question)).content.decode()
    assert "Curator" in html
    assert "Key point" in html
    assert "wraps the original\n" in html and "wraps the original function" in html


def test_the_question_page_shows_its_own_fields_by_label(curator_client, question):
    _save(curator_client, question, status="retired", hint="Think of @.")

    html = curator_client.get(_history_url(question)).content.decode()

    assert "<strong>Status:</strong>" in html
    assert "Published" in html and "Retired" in html
    assert "<strong>Hint:</strong>" in html and "Think of @." in html


def test_a_deleted_key_point_stays_on_its_questions_history(curator_client, curator, question):
    point = question.key_points.get(order=1)

    _save(curator_client, question, **{"key_points-1-DELETE": "on"})

    assert not KeyPoint.objects.filter(pk=point.pk).exists()
    (deleted,) = point.history.filter(history_type="-")
    assert deleted.history_user == curator
    html = curator_client.get(_history_url(question)).content.decode()
    assert "deleted" in html and "returns a function" in html


def test_a_deleted_questions_history_can_still_be_read(curator_client, question):
    url = _history_url(question)
    question.delete()

    response = curator_client.get(url)

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "has been deleted" in html
    assert "What does a decorator do?" in html


def test_the_list_shows_every_kind_of_change_newest_first(curator_client, curator, question):
    _save(curator_client, question, **{"key_points-0-text": "wraps the original function"})
    track = Track.objects.get(pk=question.track_id)
    track.description = "Python the language"
    track.save()

    data = bank_changes_for_curator(curator=curator)

    first, second = data.changes[:2]
    assert (first.model, first.action, first.object_label) == ("track", "changed", track.name)
    assert (second.model, second.action) == ("keypoint", "changed")
    assert second.parent == ("question", question.pk)
    html = curator_client.get(reverse(CHANGES)).content.decode()
    assert f'href="{_history_url(question)}"' in html
    assert "Python the language" in html


def test_the_list_filters_by_model_and_by_editor(curator_client, curator, question):
    _save(curator_client, question, **{"key_points-0-text": "wraps the original function"})
    someone = UserFactory(is_staff=True, is_superuser=True)

    only_points = bank_changes_for_curator(curator=curator, model="keypoint")
    assert {c.model for c in only_points.changes} == {"keypoint"}
    by_curator = bank_changes_for_curator(curator=curator, editor_id=curator.pk)
    assert [(c.model, c.who) for c in by_curator.changes] == [("keypoint", curator)]
    assert bank_changes_for_curator(curator=curator, editor_id=someone.pk).changes == []
    page = curator_client.get(reverse(CHANGES), {"model": "keypoint", "editor": curator.pk})
    assert page.status_code == HTTPStatus.OK
    assert "wraps the original function" in page.content.decode()


def test_the_list_query_count_is_constant(curator_client, django_assert_max_num_queries):
    for question in QuestionFactory.create_batch(2):
        question.hint = "changed"
        question.save()
    with django_assert_max_num_queries(40) as few:
        curator_client.get(reverse(CHANGES))
    QuestionFactory.create_batch(12)
    for question in Question.objects.all():
        question.hint = "changed"
        question.save()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = curator_client.get(reverse(CHANGES))
    assert response.context["data"].page.paginator.count > 50


def test_the_object_page_query_count_is_constant(
    curator_client, question, django_assert_max_num_queries
):
    with django_assert_max_num_queries(40) as few:
        curator_client.get(_history_url(question))
    for n in range(6):
        KeyPoint.objects.create(question=question, order=10 + n, text=f"point {n}")
        question.hint = f"hint {n}"
        question.save()
    with django_assert_max_num_queries(len(few.captured_queries)):
        curator_client.get(_history_url(question))


# --- Imports and bulk actions -----------------------------------------------------------------
def test_a_web_import_is_recorded_under_the_curator(curator_client, curator):
    TrackFactory(slug="python", name="Python")
    upload = SimpleUploadedFile(
        "bank.csv", b"question,answer,key_points\nWhat is a list?,A sequence,ordered;mutable\n"
    )

    curator_client.post(
        reverse("admin:interviews_question_import"), {"file": upload, "track": "python"}
    )

    question = Question.objects.get()
    assert question.history.get().history_user == curator
    points = KeyPoint.history.filter(question_id=question.pk)
    assert points.count() == 2
    assert {p.history_user for p in points} == {curator}
    assert {p.history_type for p in points} == {"+"}


def test_re_importing_an_unchanged_file_records_nothing_new(db):
    TrackFactory(slug="python", name="Python")
    data = (
        b"question,answer,key_points,follow_ups\nWhat is a list?,A sequence,ordered;mutable,Why?\n"
    )
    questions_import(data=data, filename="bank.csv", track_slug="python")
    counts = [m.history.count() for m in (Question, KeyPoint)]

    questions_import(data=data, filename="bank.csv", track_slug="python")

    assert [m.history.count() for m in (Question, KeyPoint)] == counts
    changed = data.replace(b"ordered;mutable", b"ordered;mutable;resizable")
    questions_import(data=changed, filename="bank.csv", track_slug="python")
    assert KeyPoint.history.count() == counts[1] + 1
    assert KeyPoint.history.first().history_user is None  # no one signed in


def test_the_starter_bank_loads_with_its_trail_and_reloads_without_adding_to_it(db):
    starter_bank_load()
    questions = Question.objects.count()
    assert Question.history.filter(history_type="+").count() == questions
    assert KeyPoint.history.filter(history_type="+").count() == KeyPoint.objects.count()
    before = {m: m.history.count() for m in (Question, KeyPoint, Track)}

    starter_bank_load()

    assert {m: m.history.count() for m in before} == before


def test_bulk_actions_are_recorded(curator_client, curator, question):
    question.key_points.update(needs_review=True)
    changelist = reverse("admin:interviews_question_changelist")

    curator_client.post(changelist, {"action": "retire", "_selected_action": [question.pk]})
    curator_client.post(changelist, {"action": "mark_reviewed", "_selected_action": [question.pk]})

    latest = question.history.first()
    assert (latest.status, latest.history_user) == ("retired", curator)
    assert latest.diff_against(latest.prev_record).changed_fields == ["status"]
    for point in question.key_points.all():
        assert point.history.first().history_user == curator
        assert point.history.first().needs_review is False


def test_persona_saves_are_recorded_and_its_versions_kept_as_they_are(curator):
    persona = InterviewerPersona(name="Kim", instructions="Be kind.")
    persona_save(persona=persona, user=curator)
    persona.instructions = "Be kind and brief."
    persona_save(persona=persona, user=curator)

    assert PersonaVersion.objects.filter(persona=persona).count() == 2
    latest = persona.history.first()
    assert latest.diff_against(latest.prev_record).changed_fields == ["instructions"]


# --- Who may read it ----------------------------------------------------------------------------
ROLES = ["anonymous", "candidate", "cohort_staff", "other_staff", "admin_non_curator", "curator"]


@pytest.fixture
def admin_non_curator(db):
    """Someone who may open the admin but is not a curator (an operator, say)."""
    return UserFactory(is_staff=True, display_name="Operator")


def _as(client, request, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))


@pytest.mark.parametrize("role", [*ROLES, "superuser"])
def test_the_trail_is_for_curators_only(client, request, role, question):
    request.getfixturevalue("cohort_staff")
    _as(client, request, role)

    for url in (reverse(CHANGES), _history_url(question), _history_url(question.track)):
        response = client.get(url)
        if role in ("curator", "superuser"):
            assert response.status_code == HTTPStatus.OK, url
        elif role == "admin_non_curator":
            assert response.status_code == HTTPStatus.FORBIDDEN, url
        else:
            assert response.status_code == HTTPStatus.FOUND, url
            assert response.url.startswith(reverse("admin:login")), url


@pytest.mark.parametrize("role", ["admin_non_curator", "curator"])
def test_the_admin_home_links_the_trail_for_curators(client, request, role):
    _as(client, request, role)
    html = client.get(reverse("admin:index")).content.decode()
    assert (reverse(CHANGES) in html) == (role == "curator")


def test_rows_from_before_the_trail_get_a_first_snapshot(curator, curator_client):
    """Migration 0005 records every existing row once, so its first change has a diff."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("interviews.migrations.0006_history")
    track = TrackFactory()
    (question,) = Question.objects.bulk_create(  # bulk: no snapshot, like a row from before
        [Question(track=track, text="Old question", language="en", external_id="old-1")]
    )
    assert not question.history.exists()

    migration.record_initial_state(apps, None)

    (first,) = question.history.all()
    assert first.history_change_reason == migration.INITIAL_STATE
    question.hint = "A new hint."
    question.save()
    changes = bank_changes_for_curator(curator=curator, model="question").changes
    assert [c.action for c in changes] == ["changed", "recorded"]
    assert [(f.field, f.old, f.new) for f in changes[0].changes] == [("hint", "", "A new hint.")]
    html = curator_client.get(_history_url(question)).content.decode()
    assert "as it was when the trail began" in html
