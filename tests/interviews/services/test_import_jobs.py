"""Import jobs: run once, end done or failed whatever happens, and run by a real worker."""

import os
import subprocess
import sys
from http import HTTPStatus
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import translation
from rq.timeouts import JobTimeoutException

from interviews.models import ImportJob, ImportJobStatus, Question
from interviews.services.bank import importing
from interviews.services.bank.import_jobs import (
    JOB_CRASHED,
    JOB_TIMED_OUT,
    QUEUE_UNAVAILABLE,
    import_job_create,
    import_job_run,
    import_queue,
)
from tests.factories import CuratorFactory, TrackFactory
from tests.interviews.importing.conftest import MESSY_NOTES, build_docx

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def notes_job(db, curator) -> ImportJob:
    TrackFactory(slug="python", name="Python")
    return ImportJob.objects.create(
        created_by=curator, filename="notes.docx", data=build_docx(MESSY_NOTES), track_slug="python"
    )


def _fail_on_third_question(monkeypatch, error: BaseException) -> None:
    """The import breaks mid-way, after two questions were written in its transaction."""
    real = importing._Importer.import_one
    calls = []

    def import_one(self, record, external_id):
        calls.append(record)
        if len(calls) == 3:
            raise error
        return real(self, record, external_id)

    monkeypatch.setattr(importing._Importer, "import_one", import_one)


def test_a_job_runs_once(notes_job):
    import_job_run(job_id=notes_job.pk)
    import_job_run(job_id=notes_job.pk)  # a second delivery of the same job

    notes_job.refresh_from_db()
    assert notes_job.status == ImportJobStatus.DONE
    assert (notes_job.report["created"], notes_job.report["updated"]) == (6, 0)
    assert Question.objects.count() == 6
    assert notes_job.started_at <= notes_job.finished_at


def test_a_job_stopped_at_its_timeout_fails_and_writes_nothing(notes_job, monkeypatch, settings):
    settings.IMPORT_JOB_TIMEOUT_SECONDS = 30
    _fail_on_third_question(monkeypatch, JobTimeoutException("30 s"))

    import_job_run(job_id=notes_job.pk)

    notes_job.refresh_from_db()
    assert notes_job.status == ImportJobStatus.FAILED
    assert notes_job.error == str(JOB_TIMED_OUT % {"seconds": 30})
    assert notes_job.data == b""
    assert not Question.objects.exists()


def test_an_unexpected_error_fails_the_job_and_writes_nothing(notes_job, monkeypatch, caplog):
    _fail_on_third_question(monkeypatch, RuntimeError("boom"))

    import_job_run(job_id=notes_job.pk)

    notes_job.refresh_from_db()
    assert (notes_job.status, notes_job.error) == (ImportJobStatus.FAILED, str(JOB_CRASHED))
    assert not Question.objects.exists()
    assert "boom" in caplog.text


def test_only_who_may_import_creates_a_job(db, candidate):
    with pytest.raises(PermissionDenied):
        import_job_create(user=candidate, filename="a.csv", data=b"question\nA?\n")
    assert not ImportJob.objects.exists()


def test_the_worker_reports_in_the_uploaders_language(db, curator):
    with translation.override("ko"):
        job = import_job_create(user=curator, filename="deep.json", data=b"[" * 30 + b"]" * 30)

    assert job.status == ImportJobStatus.FAILED
    assert job.error == "JSON이 너무 깊게 중첩되어 있어 질문 파일로 읽을 수 없습니다."


def test_an_unreachable_queue_fails_the_job_at_once(
    db, curator, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_JOBS_BACKEND = "rq"
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there

    with django_capture_on_commit_callbacks(execute=True):
        job = import_job_create(user=curator, filename="a.csv", data=b"question\nA?\n")

    job.refresh_from_db()
    assert (job.status, job.error) == (ImportJobStatus.FAILED, str(QUEUE_UNAVAILABLE))


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_queued_upload(client, settings):
    if not settings.REDIS_URL or connection.vendor != "postgresql":
        pytest.skip("needs the test run's PostgreSQL and Redis (make test)")
    settings.IMPORT_JOBS_BACKEND = "rq"
    TrackFactory(slug="python", name="Python")
    client.force_login(CuratorFactory())
    queue = import_queue()
    queue.empty()
    upload = SimpleUploadedFile("notes.docx", build_docx(MESSY_NOTES))

    response = client.post(
        reverse("admin:interviews_question_import"), {"file": upload, "track": "python"}
    )

    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.QUEUED and queue.count == 1
    assert 'data-status="queued"' in client.get(response.url).content.decode()

    # The worker as production runs it: its own process, this run's database and queue.
    base_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    env = {
        **os.environ,
        "DATABASE_URL": base_url.rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"],
        "DJANGO_SETTINGS_MODULE": "interview_bot.settings_test",
        "TEST_RUN_ID": settings.TEST_RUN_ID,
    }
    worker = subprocess.run(
        [sys.executable, "manage.py", "run_import_jobs", "--burst"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert worker.returncode == 0, worker.stderr

    job.refresh_from_db()
    assert job.status == ImportJobStatus.DONE, (job.error, worker.stderr)
    assert Question.objects.count() == 6 and queue.count == 0
    page = client.get(response.url)
    assert page.status_code == HTTPStatus.OK
    assert "created 6, updated 0, skipped 0" in page.content.decode()
