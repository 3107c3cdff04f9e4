"""Only curators reach the curation pages; candidates and bootcamp staff do not."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from interviews.models import InterviewerPersona, PersonaVersion
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls():
    question = QuestionFactory()
    persona = InterviewerPersona.objects.create(name="P", instructions="x")
    old = PersonaVersion.objects.create(persona=persona, version=1, name="P", instructions="old")
    return [
        reverse("admin:interviews_question_changelist"),
        reverse("admin:interviews_question_import"),
        reverse("admin:interviews_question_change", args=[question.pk]),
        reverse("admin:interviews_question_preview", args=[question.pk]),
        reverse("admin:interviews_track_changelist"),
        reverse("admin:interviews_topic_changelist"),
        reverse("admin:interviews_referencedocument_changelist"),
        reverse("admin:interviews_interviewerpersona_change", args=[persona.pk]),
        reverse("admin:interviews_interviewerpersona_prompt_preview", args=[persona.pk]),
        reverse("admin:interviews_interviewerpersona_restore_version", args=[persona.pk, old.pk]),
    ]


@pytest.mark.parametrize("who", ["anonymous", "candidate", "other_staff"])
def test_non_curators_are_sent_to_the_admin_login(client, request, urls, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    for url in urls:
        response = client.get(url)
        assert response.status_code == HTTPStatus.FOUND, url
        assert response.url.startswith(reverse("admin:login")), url


def test_candidate_cannot_post_an_import(client, candidate):
    client.force_login(candidate)

    response = client.post(reverse("admin:interviews_question_import"), {})

    assert response.status_code == HTTPStatus.FOUND


def test_curator_and_superuser_reach_every_page(client, curator, superuser, urls):
    for user in (curator, superuser):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == HTTPStatus.OK, (user, url)


def test_staff_without_question_permissions_gets_403_on_custom_pages(client, db):
    from tests.factories import UserFactory

    question = QuestionFactory()
    client.force_login(UserFactory(is_staff=True))

    assert client.get(reverse("admin:interviews_question_import")).status_code == 403
    preview = reverse("admin:interviews_question_preview", args=[question.pk])
    assert client.get(preview).status_code == HTTPStatus.FORBIDDEN
