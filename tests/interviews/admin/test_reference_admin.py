"""Reference documents: saving one rebuilds its chunks."""

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


def test_saving_rebuilds_the_chunks_from_the_content_just_written(client, curator):
    client.force_login(curator)
    client.post(reverse("admin:interviews_referencedocument_add"), _form())
    document = ReferenceDocument.objects.get()
    first = list(document.chunks.values_list("text", flat=True))

    response = client.post(
        reverse("admin:interviews_referencedocument_change", args=[document.pk]),
        _form(content="프로세스는 메모리를 따로 씁니다."),
    )

    assert response.status_code == HTTPStatus.FOUND
    assert any("GIL" in text for text in first)
    chunks = list(document.chunks.values_list("text", flat=True))
    assert chunks == ["프로세스는 메모리를 따로 씁니다."]


def test_real_rechunk_shows_chunks(client, curator):
    client.force_login(curator)
    client.post(reverse("admin:interviews_referencedocument_add"), _form())
    document = ReferenceDocument.objects.get()

    page = client.get(reverse("admin:interviews_referencedocument_change", args=[document.pk]))

    assert page.status_code == HTTPStatus.OK
    assert document.chunks.exists()
