"""Imports as background jobs: an upload is stored, queued, run once and reported.

`import_job_create` stores the file and hands the job to the backend of
`IMPORT_JOBS_BACKEND`: "rq" enqueues `import_job_work` (once the row is committed) on
the RQ queue that `python manage.py run_import_jobs` works through; "inline" runs it at
once, in the request (no Redis, as `make run` has). `import_job_run` claims the job,
runs `questions_import` (all-or-nothing) and stores its report or the reason it failed:
whatever goes wrong, the job ends done or failed, and no question is half-written.
"""

import logging
import time
from functools import partial
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import close_old_connections, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue
from rq.timeouts import JobTimeoutException

from accounts.models import User
from interviews.importing import ImportFileError
from interviews.importing.limits import ImportLimits
from interviews.models import ImportJob, ImportJobStatus
from interviews.models.audit import changes_recorded_as
from interviews.selectors.import_jobs import progress_cache_key, user_can_import
from interviews.services.bank.importing import questions_import

logger = logging.getLogger(__name__)

JOB_CRASHED = _(
    "The import stopped on an unexpected error and nothing was saved. Try again; if it "
    "fails again, send the file to the team."
)
JOB_TIMED_OUT = _(
    "The import took longer than %(seconds)s seconds and was stopped; nothing was saved. "
    "Split the file into smaller ones."
)
QUEUE_UNAVAILABLE = _(
    "The import could not be queued (the job queue is not reachable); nothing was saved. "
    "Try again in a moment."
)
# Progress is written at most this often: a cache write per question would cost more
# than the question on a fast import.
_PROGRESS_EVERY_SECONDS = 0.5


def import_queue() -> Queue:
    """The RQ queue of import jobs, on REDIS_URL."""
    return Queue(settings.IMPORT_JOBS_QUEUE, connection=Redis.from_url(settings.REDIS_URL))


def import_job_create(
    *,
    user: User,
    filename: str,
    data: bytes,
    track_slug: str = "",
    language: str = "",
    encoding: str = "",
    dry_run: bool = False,
) -> ImportJob:
    """Stores the upload as a queued job (refused at once when it is over the size
    limit) and starts it after the commit."""
    if not user_can_import(user):
        raise PermissionDenied
    ImportLimits.from_settings().check_upload_size(len(data))
    job = ImportJob.objects.create(
        created_by=user,
        filename=filename[: ImportJob._meta.get_field("filename").max_length],
        data=data,
        track_slug=track_slug or "",
        language=language or "",
        encoding=encoding or "",
        dry_run=dry_run,
        locale=translation.get_language() or "",
    )
    if settings.IMPORT_JOBS_BACKEND == "inline":
        import_job_run(job_id=job.pk)
        job.refresh_from_db()
    else:
        # A worker reads the row: enqueue once it is committed.
        transaction.on_commit(partial(_enqueue, job.pk))
    return job


def _enqueue(job_id: int) -> None:
    try:
        import_queue().enqueue(
            import_job_work,
            kwargs={"job_id": job_id},  # passed apart: RQ's own job_id is another thing
            job_timeout=settings.IMPORT_JOB_TIMEOUT_SECONDS,
            # The job's state and report live in the database, not in RQ.
            result_ttl=0,
        )
    except RedisError:
        logger.exception("import job %s could not be queued", job_id)
        _finish(job_id, ImportJobStatus.FAILED, error=str(QUEUE_UNAVAILABLE))


def import_job_work(*, job_id: int) -> None:
    """What the worker runs: the job between fresh database connections (a worker lives
    long; a connection it kept could have gone stale)."""
    close_old_connections()
    try:
        import_job_run(job_id=job_id)
    finally:
        close_old_connections()


def import_job_run(*, job_id: int) -> None:
    """The job, run once: a second delivery finds it claimed and does nothing."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJobStatus.QUEUED).update(
        status=ImportJobStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return
    job = ImportJob.objects.get(pk=job_id)
    try:
        # Recorded in the bank's audit trail under the curator who uploaded it.
        with (
            translation.override(job.locale or settings.LANGUAGE_CODE),
            changes_recorded_as(job.created_by),
        ):
            _run(job)
    finally:
        cache.delete(progress_cache_key(job_id))


def _run(job: ImportJob) -> None:
    try:
        report = questions_import(
            data=bytes(job.data),
            filename=job.filename,
            track_slug=job.track_slug or None,
            language=job.language or None,
            dry_run=job.dry_run,
            encoding=job.encoding or None,
            on_progress=_ProgressWriter(job.pk),
        )
    except ImportFileError as exc:
        _finish(job.pk, ImportJobStatus.FAILED, error=str(exc))
    except JobTimeoutException:
        seconds = settings.IMPORT_JOB_TIMEOUT_SECONDS
        _finish(job.pk, ImportJobStatus.FAILED, error=str(JOB_TIMED_OUT % {"seconds": seconds}))
    except Exception:
        logger.exception("import job %s failed", job.pk)
        _finish(job.pk, ImportJobStatus.FAILED, error=str(JOB_CRASHED))
    else:
        _finish(job.pk, ImportJobStatus.DONE, report=report.to_json())


def _finish(
    job_id: int, status: str, *, error: str = "", report: dict[str, Any] | None = None
) -> None:
    # The file is no longer needed once read: it is dropped with the result.
    ImportJob.objects.filter(pk=job_id).update(
        status=status, error=error, report=report, data=b"", finished_at=timezone.now()
    )


class _ProgressWriter:
    """`on_progress` for questions_import: (done, total) in the cache, which the result
    page reads while the job runs. (Written to the job's row, it would be part of the
    import's transaction: seen only at its commit, and rolled back by a dry run.)"""

    def __init__(self, job_id: int) -> None:
        self._key = progress_cache_key(job_id)
        self._written_at = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self._written_at < _PROGRESS_EVERY_SECONDS:
            return
        self._written_at = now
        cache.set(self._key, (done, total), timeout=settings.IMPORT_JOB_TIMEOUT_SECONDS)
