"""Import jobs as the admin shows them, to users who may import questions."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from interviews.importing import ImportReport
from interviews.models import ImportJob, ImportJobStatus

# A job still "running" this long after its timeout lost its worker (killed, restarted).
_STALL_GRACE = timedelta(seconds=60)


def user_can_import(user: User | AnonymousUser) -> bool:
    """What the admin's import page asks: staff who may add and change questions."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm("interviews.add_question")
        and user.has_perm("interviews.change_question")
    )


def progress_cache_key(job_id: int) -> str:
    return f"import-job:{job_id}:progress"


@dataclass(frozen=True)
class ImportJobState:
    job: ImportJob
    report: ImportReport | None
    done: int | None  # questions written so far, while it runs
    total: int | None
    stalled: bool  # "running" long past its timeout: its worker is gone

    @property
    def status(self) -> str:
        return ImportJobStatus.FAILED if self.stalled else self.job.status

    @property
    def finished(self) -> bool:
        return self.stalled or self.job.finished


def import_job_get_for_user(*, user, job_id: int) -> ImportJobState:
    if not user_can_import(user):
        raise PermissionDenied
    job = ImportJob.objects.defer("data").select_related("created_by").filter(pk=job_id).first()
    if job is None:
        raise Http404
    report = ImportReport.from_json(job.report) if job.report else None
    done = total = None
    if job.status == ImportJobStatus.RUNNING:
        done, total = cache.get(progress_cache_key(job.pk)) or (None, None)
    timeout = timedelta(seconds=settings.IMPORT_JOB_TIMEOUT_SECONDS)
    stalled = (
        job.status == ImportJobStatus.RUNNING
        and job.started_at is not None
        and timezone.now() - job.started_at > timeout + _STALL_GRACE
    )
    return ImportJobState(job=job, report=report, done=done, total=total, stalled=stalled)


def import_jobs_recent_for_user(*, user, limit: int = 10) -> list[ImportJob]:
    if not user_can_import(user):
        raise PermissionDenied
    return list(ImportJob.objects.defer("data", "report").select_related("created_by")[:limit])
