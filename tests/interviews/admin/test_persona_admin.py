"""The interviewer persona admin: every save is a version; one persona is active."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from interviews.admin import persona_preview
from interviews.models import InterviewerPersona, PersonaVersion
from interviews.services.personas import persona_save
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db

ADD = "admin:interviews_interviewerpersona_add"


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


def _form(**overrides):
    data = {
        "name": "Friendly",
        "tone": "friendly",
        "language": "ko",
        "active": "on",
        "instructions": "Be kind.",
        "versions-TOTAL_FORMS": "0",
        "versions-INITIAL_FORMS": "0",
        "versions-MIN_NUM_FORMS": "0",
        "versions-MAX_NUM_FORMS": "0",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_every_save_is_a_version_and_only_one_persona_is_active(curator_client, curator):
    response = curator_client.post(reverse(ADD), _form())
    assert response.status_code == HTTPStatus.FOUND
    first = InterviewerPersona.objects.get()
    assert first.is_active

    change = reverse("admin:interviews_interviewerpersona_change", args=[first.pk])
    curator_client.post(change, _form(instructions="Be kind and precise."))
    versions = list(first.versions.order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    assert versions[1].instructions == "Be kind and precise."
    assert versions[1].edited_by == curator

    curator_client.post(reverse(ADD), _form(name="Strict", tone="strict"))
    first.refresh_from_db()
    second = InterviewerPersona.objects.get(name="Strict")
    assert second.is_active and not first.is_active
    assert InterviewerPersona.objects.filter(is_active=True).count() == 1

    page = curator_client.get(change)
    assert page.status_code == HTTPStatus.OK
    html = page.content.decode()
    assert "Be kind and precise." in html  # the versions inline
    assert 'name="versions-0-instructions"' not in html  # read-only


def test_activate_action(curator_client):
    a = persona_save(persona=InterviewerPersona(name="A", instructions="a", is_active=True))
    b = persona_save(persona=InterviewerPersona(name="B", instructions="b"))

    curator_client.post(
        reverse("admin:interviews_interviewerpersona_changelist"),
        {"action": "activate", "_selected_action": [b.pk]},
    )

    a.refresh_from_db()
    b.refresh_from_db()
    assert b.is_active and not a.is_active
    assert b.versions.count() == 2


def test_prompt_preview_shows_the_engines_prompt(curator_client, monkeypatch):
    persona = persona_save(
        persona=InterviewerPersona(name="P", instructions="Speak softly.", language="en")
    )
    question = QuestionFactory(text="What is a decorator?", language="en")
    calls = []

    def fake_preview(*, persona, question, language):
        calls.append((persona, question, language))
        return f"### system\n{persona.instructions}\n### human\n{question.text}"

    monkeypatch.setattr(persona_preview, "render_prompt_preview", fake_preview)

    url = reverse("admin:interviews_interviewerpersona_prompt_preview", args=[persona.pk])
    response = curator_client.get(url, {"question": question.pk})

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Speak softly." in html and "What is a decorator?" in html
    spec_persona, spec_question, language = calls[0]
    assert spec_persona.name == "P" and spec_question.question_id == question.pk
    assert language == "en"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_prompt_preview_with_the_real_engine_or_a_note(curator_client):
    persona = persona_save(persona=InterviewerPersona(name="P", instructions="Speak softly."))

    url = reverse("admin:interviews_interviewerpersona_prompt_preview", args=[persona.pk])
    response = curator_client.get(url)

    assert response.status_code == HTTPStatus.OK
    assert "Speak softly." in response.content.decode()  # no questions: a sample is used


def test_a_failing_prompt_preview_is_a_note_not_an_error_page(curator_client, monkeypatch):
    persona = persona_save(persona=InterviewerPersona(name="P", instructions="Speak softly."))

    def broken_preview(**_kwargs):
        raise ValueError("no template")

    monkeypatch.setattr(persona_preview, "render_prompt_preview", broken_preview)

    url = reverse("admin:interviews_interviewerpersona_prompt_preview", args=[persona.pk])
    response = curator_client.get(url)

    assert response.status_code == HTTPStatus.OK
    assert "The prompt preview failed: no template" in response.content.decode()


def test_versions_cannot_be_added_or_edited_by_curators(curator_client):
    persona = persona_save(persona=InterviewerPersona(name="P", instructions="x"))

    assert PersonaVersion.objects.filter(persona=persona).count() == 1
    response = curator_client.get("/admin/interviews/personaversion/")
    assert response.status_code == HTTPStatus.NOT_FOUND
