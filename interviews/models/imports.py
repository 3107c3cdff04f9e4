"""A question file uploaded in the admin, imported by a background job."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportJobStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class ImportJob(models.Model):
    """One upload: its options, the file until it is read, then the import's report."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="import_jobs",
        verbose_name=_("uploaded by"),
    )
    filename = models.CharField(_("file name"), max_length=255)
    # The upload itself, in the database so that a worker on another machine reads it;
    # emptied once the job has run.
    data = models.BinaryField(_("file"), default=b"", editable=False)
    track_slug = models.CharField(_("track"), max_length=50, blank=True)
    language = models.CharField(_("language"), max_length=2, blank=True)
    encoding = models.CharField(_("text encoding"), max_length=20, blank=True)
    dry_run = models.BooleanField(_("dry run"), default=False)
    # The uploader's page language: the worker reports in it.
    locale = models.CharField(_("language of messages"), max_length=8, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportJobStatus.choices, default=ImportJobStatus.QUEUED
    )
    # `ImportReport` as JSON (counts, problems, one item per question) once done.
    report = models.JSONField(_("report"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)  # why the whole file was refused
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")

    def __str__(self) -> str:
        return f"{self.filename} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in {ImportJobStatus.DONE, ImportJobStatus.FAILED}
