"""The admin's import as a job: upload → job → result page, for those who may import."""

import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from interviews.importing import errors as import_errors
from interviews.models import ImportJob, ImportJobStatus, Question
from interviews.selectors.import_jobs import progress_cache_key
from tests.factories import CuratorFactory, TrackFactory, UserFactory
from tests.interviews.importing.conftest import MESSY_NOTES, MESSY_QUESTIONS, build_docx

pytestmark = pytest.mark.django_db

IMPORT = "admin:interviews_question_import"
JOB = "admin:interviews_question_import_job"


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


def _job(**fields) -> ImportJob:
    values = {"filename": "notes.docx", "status": ImportJobStatus.QUEUED, **fields}
    return ImportJob.objects.create(**values)


def test_upload_redirects_to_the_job_page_with_counts_and_links(curator_client, curator):
    TrackFactory(slug="python", name="Python")
    upload = SimpleUploadedFile("notes.docx", build_docx(MESSY_NOTES))

    response = curator_client.post(reverse(IMPORT), {"file": upload, "track": "python"})

    job = ImportJob.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == reverse(JOB, args=[job.pk])
    assert (job.status, job.created_by, job.dry_run) == (ImportJobStatus.DONE, curator, False)
    assert job.data == b""  # the upload is not kept once read

    page = curator_client.get(response.url)
    html = page.content.decode()
    assert page.status_code == HTTPStatus.OK
    assert 'data-status="done"' in html
    assert "created 6, updated 0, skipped 0" in html
    assert 'http-equiv="refresh"' not in html  # finished: no more reloading
    links = re.findall(r'href="/admin/interviews/question/(\d+)/change/"', html)
    assert sorted(map(int, links)) == sorted(Question.objects.values_list("pk", flat=True))
    assert [q.text for q in Question.objects.order_by("pk")] == MESSY_QUESTIONS


def test_a_dry_run_job_reports_without_links_and_writes_nothing(curator_client):
    TrackFactory(slug="python", name="Python")
    upload = SimpleUploadedFile("notes.docx", build_docx(MESSY_NOTES))

    response = curator_client.post(
        reverse(IMPORT), {"file": upload, "track": "python", "dry_run": "on"}, follow=True
    )

    html = response.content.decode()
    assert "Dry run" in html and "created 6, updated 0, skipped 0" in html
    assert "/change/" not in html.split('id="import-report"')[1]
    assert not Question.objects.exists()


def test_a_refused_file_is_a_failed_job_with_its_message(curator_client):
    upload = SimpleUploadedFile("deep.json", b"[" * 50 + b"]" * 50)

    response = curator_client.post(reverse(IMPORT), {"file": upload}, follow=True)

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert 'data-status="failed"' in html
    assert str(import_errors.JSON_TOO_DEEP) in html
    assert ImportJob.objects.get().error == str(import_errors.JSON_TOO_DEEP)
    assert not Question.objects.exists()


def test_an_upload_over_the_size_limit_is_refused_on_the_form(curator_client, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 100
    upload = SimpleUploadedFile("bank.csv", b"question\n" + b"What is x?\n" * 20)

    response = curator_client.post(reverse(IMPORT), {"file": upload})

    assert response.status_code == HTTPStatus.OK
    assert "files over 100" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_queued_job_reloads_itself_and_says_it_waits(curator_client):
    job = _job()

    html = curator_client.get(reverse(JOB, args=[job.pk])).content.decode()

    assert 'data-status="queued"' in html
    assert 'http-equiv="refresh"' in html
    assert "waiting for a worker" in html


def test_a_running_job_shows_its_progress(curator_client):
    job = _job(status=ImportJobStatus.RUNNING, started_at=timezone.now())
    cache.set(progress_cache_key(job.pk), (3, 10))

    html = curator_client.get(reverse(JOB, args=[job.pk])).content.decode()

    assert 'data-status="running"' in html and "3 of 10 questions" in html


def test_a_job_running_long_past_its_timeout_shows_as_failed(curator_client, settings):
    settings.IMPORT_JOB_TIMEOUT_SECONDS = 60
    job = _job(status=ImportJobStatus.RUNNING, started_at=timezone.now() - timedelta(hours=1))

    html = curator_client.get(reverse(JOB, args=[job.pk])).content.decode()

    assert 'data-status="failed"' in html and "the worker stopped" in html
    assert 'http-equiv="refresh"' not in html


def test_the_import_page_lists_recent_jobs(curator_client):
    job = _job(filename="older.csv", status=ImportJobStatus.DONE)

    html = curator_client.get(reverse(IMPORT)).content.decode()

    assert reverse(JOB, args=[job.pk]) in html and "older.csv" in html


@pytest.mark.parametrize("who", ["anonymous", "candidate", "other_staff"])
def test_who_cannot_import_is_sent_to_the_admin_login(client, request, who):
    job = _job()
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    response = client.get(reverse(JOB, args=[job.pk]))

    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("admin:login"))


def test_staff_without_question_permissions_get_403(client):
    job = _job()
    client.force_login(UserFactory(is_staff=True))

    assert client.get(reverse(JOB, args=[job.pk])).status_code == HTTPStatus.FORBIDDEN


def test_every_curator_and_the_superuser_see_a_job(client, curator, superuser):
    job = _job(created_by=curator)
    for user in (curator, CuratorFactory(), superuser):
        client.force_login(user)
        assert client.get(reverse(JOB, args=[job.pk])).status_code == HTTPStatus.OK


def test_an_unknown_job_is_404(curator_client):
    assert curator_client.get(reverse(JOB, args=[999_999])).status_code == HTTPStatus.NOT_FOUND
