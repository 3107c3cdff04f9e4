"""Restoring an earlier persona version: a new version is written, history is kept."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.html import escape

from interviews.admin.personas import RESTORED
from interviews.models import InterviewerPersona, PersonaVersion
from interviews.services.personas import (
    RESTORE_UNCHANGED,
    PersonaRestoreError,
    persona_restore_version,
    persona_save,
    persona_version_is_current,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _edit(persona, **changes):
    for name, value in changes.items():
        setattr(persona, name, value)
    return persona_save(persona=persona)


@pytest.fixture
def persona():
    """A persona saved three times: v1 "Be kind.", v2 "Be strict.", v3 "Be brief." (current)."""
    persona = persona_save(
        persona=InterviewerPersona(name="Kind", instructions="Be kind.", tone="friendly")
    )
    _edit(persona, name="Strict", instructions="Be strict.", tone="strict")
    return _edit(persona, name="Brief", instructions="Be brief.", tone="neutral", language="en")


def _version(persona, number):
    return persona.versions.get(version=number)


def _restore_url(version):
    return reverse(
        "admin:interviews_interviewerpersona_restore_version",
        args=[version.persona_id, version.pk],
    )


def _texts(persona):
    return [(v.version, v.instructions) for v in persona.versions.order_by("version")]


# --- The service ------------------------------------------------------------------------------
def test_restore_writes_a_new_version_and_keeps_history(persona, curator):
    old = _version(persona, 1)

    new = persona_restore_version(version=old, user=curator)

    persona.refresh_from_db()
    assert (persona.name, persona.instructions, persona.tone, persona.language) == (
        "Kind",
        "Be kind.",
        "friendly",
        "ko",
    )
    assert (new.version, new.instructions, new.edited_by) == (4, "Be kind.", curator)
    assert _texts(persona) == [
        (1, "Be kind."),
        (2, "Be strict."),
        (3, "Be brief."),
        (4, "Be kind."),
    ]
    old.refresh_from_db()
    assert old.edited_by is None  # the restored version itself is untouched


@pytest.mark.parametrize("active", [True, False])
def test_restore_leaves_activation_alone(curator, active):
    persona = persona_save(persona=InterviewerPersona(name="P", instructions="a", is_active=active))
    _edit(persona, instructions="b")
    other = persona_save(persona=InterviewerPersona(name="Other", instructions="o"))

    persona_restore_version(version=_version(persona, 1), user=curator)

    persona.refresh_from_db()
    other.refresh_from_db()
    assert persona.is_active is active
    assert not other.is_active
    assert InterviewerPersona.objects.filter(is_active=True).count() == int(active)


def test_restoring_the_current_text_is_refused(persona, curator):
    latest = _version(persona, 3)
    assert persona_version_is_current(version=latest)
    assert not persona_version_is_current(version=_version(persona, 2))

    with pytest.raises(PersonaRestoreError, match=str(RESTORE_UNCHANGED)):
        persona_restore_version(version=latest, user=curator)
    assert persona.versions.count() == 3


@pytest.mark.parametrize("who", ["candidate", "cohort_staff"])
def test_restore_needs_the_change_permission(request, persona, who):
    with pytest.raises(PermissionDenied):
        persona_restore_version(version=_version(persona, 1), user=request.getfixturevalue(who))
    persona.refresh_from_db()
    assert persona.instructions == "Be brief."
    assert persona.versions.count() == 3


# --- The admin --------------------------------------------------------------------------------
def test_curator_confirms_then_restores(client, curator, persona):
    client.force_login(curator)
    old = _version(persona, 2)

    page = client.get(_restore_url(old))
    assert page.status_code == HTTPStatus.OK
    html = page.content.decode()
    assert "Be strict." in html and "Be brief." in html  # the version beside the current text
    assert "Yes, restore this version" in html
    assert persona.versions.count() == 3  # asking wrote nothing

    response = client.post(_restore_url(old), follow=True)

    assert response.redirect_chain[-1][0] == reverse(
        "admin:interviews_interviewerpersona_change", args=[persona.pk]
    )
    message = RESTORED % {"old": 2, "name": "Strict", "new": 4}
    assert escape(str(message)) in response.content.decode()
    persona.refresh_from_db()
    assert persona.instructions == "Be strict."
    assert _texts(persona)[-1] == (4, "Be strict.")
    assert persona.versions.get(version=4).edited_by == curator


def test_restoring_the_current_version_shows_why_nothing_happened(client, curator, persona):
    client.force_login(curator)
    latest = _version(persona, 3)

    assert "Yes, restore this version" not in client.get(_restore_url(latest)).content.decode()
    response = client.post(_restore_url(latest), follow=True)

    assert escape(str(RESTORE_UNCHANGED)) in response.content.decode()
    assert persona.versions.count() == 3


def test_versions_list_links_each_earlier_version(client, curator, persona):
    client.force_login(curator)

    html = client.get(
        reverse("admin:interviews_interviewerpersona_change", args=[persona.pk])
    ).content.decode()

    assert _restore_url(_version(persona, 1)) in html
    assert _restore_url(_version(persona, 2)) in html
    assert _restore_url(_version(persona, 3)) not in html
    assert "current text" in html


def test_change_page_queries_do_not_grow_with_versions(
    client, curator, persona, django_assert_max_num_queries
):
    client.force_login(curator)
    url = reverse("admin:interviews_interviewerpersona_change", args=[persona.pk])
    client.get(url)  # warm the caches (permissions, content types)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for n in range(10):
        _edit(persona, instructions=f"Edit {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_a_version_of_another_persona_is_not_found(client, curator, persona):
    other = persona_save(persona=InterviewerPersona(name="Other", instructions="o"))
    client.force_login(curator)
    url = reverse(
        "admin:interviews_interviewerpersona_restore_version",
        args=[other.pk, _version(persona, 1).pk],
    )

    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    assert client.post(url).status_code == HTTPStatus.NOT_FOUND
    assert persona.versions.count() == 3 and other.versions.count() == 1


@pytest.mark.parametrize("who", ["anonymous", "candidate", "cohort_staff"])
def test_non_curators_are_sent_to_the_admin_login(client, request, persona, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    response = client.post(_restore_url(_version(persona, 1)))

    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("admin:login"))
    assert persona.versions.count() == 3


def test_admin_who_may_only_view_personas_cannot_restore(client, persona):
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_interviewerpersona"))
    client.force_login(viewer)

    change = client.get(reverse("admin:interviews_interviewerpersona_change", args=[persona.pk]))
    assert change.status_code == HTTPStatus.OK
    assert _restore_url(_version(persona, 1)) not in change.content.decode()
    assert client.post(_restore_url(_version(persona, 1))).status_code == HTTPStatus.FORBIDDEN
    assert persona.versions.count() == 3


def test_restored_persona_version_numbers_stay_unique(curator, persona):
    persona_restore_version(version=_version(persona, 1), user=curator)
    persona_restore_version(version=_version(persona, 2), user=curator)

    numbers = list(PersonaVersion.objects.filter(persona=persona).values_list("version", flat=True))
    assert sorted(numbers) == [1, 2, 3, 4, 5]
