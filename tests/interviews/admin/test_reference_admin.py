"""Reference documents: saving one rebuilds its chunks through the reference service."""

import sys
import types
from http import HTTPStatus

import pytest
from django.urls import reverse

from interviews.models import ReferenceDocument

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {
        "title": "GIL notes",
        "track": "",
        "language": "ko",
        "source": "",
        "content": "GIL은 전역 락입니다.\n\n한 번에 한 스레드만 실행합니다.",
        "chunks-TOTAL_FORMS": "0",
        "chunks-INITIAL_FORMS": "0",
        "chunks-MIN_NUM_FORMS": "0",
        "chunks-MAX_NUM_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_save_rechunks_the_document(client, curator, monkeypatch):
    calls = []
    module = types.ModuleType("interviews.services.references")
    module.document_rechunk = lambda *, document: calls.append(document.pk) or 0
    monkeypatch.setitem(sys.modules, "interviews.services.references", module)
    client.force_login(curator)

    response = client.post(reverse("admin:interviews_referencedocument_add"), _form())

    assert response.status_code == HTTPStatus.FOUND
    assert calls == [ReferenceDocument.objects.get().pk]


def test_save_without_the_reference_service_still_saves(client, curator, monkeypatch):
    monkeypatch.setitem(sys.modules, "interviews.services.references", None)
    client.force_login(curator)

    response = client.post(reverse("admin:interviews_referencedocument_add"), _form(), follow=True)

    assert response.status_code == HTTPStatus.OK
    assert ReferenceDocument.objects.count() == 1
    assert "were not rebuilt" in response.content.decode()


def test_real_rechunk_shows_chunks(client, curator):
    client.force_login(curator)
    client.post(reverse("admin:interviews_referencedocument_add"), _form())
    document = ReferenceDocument.objects.get()

    page = client.get(reverse("admin:interviews_referencedocument_change", args=[document.pk]))

    assert page.status_code == HTTPStatus.OK
    assert document.chunks.exists()
