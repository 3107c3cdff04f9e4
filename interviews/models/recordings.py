"""Spoken answers' audio, kept only when INTERVIEW_KEEP_AUDIO is on (by default a
recording is transcribed and dropped)."""

import uuid
from pathlib import PurePosixPath

from django.db import models
from django.utils.translation import gettext_lazy as _

from interviews.models.sessions import Turn


def recording_path(recording: "AnswerRecording", filename: str) -> str:
    suffix = PurePosixPath(filename).suffix[:8]
    return (
        f"answer-audio/{recording.turn.session_id}/{recording.turn_id}-{uuid.uuid4().hex}{suffix}"
    )


class AnswerRecording(models.Model):
    turn = models.ForeignKey(
        Turn, on_delete=models.CASCADE, related_name="recordings", verbose_name=_("turn")
    )
    audio = models.FileField(_("audio"), upload_to=recording_path, max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size_bytes = models.PositiveIntegerField(_("size (bytes)"))
    # As the browser declared it (it stops recording at INTERVIEW_AUDIO_MAX_SECONDS).
    duration_seconds = models.FloatField(_("duration (seconds)"), null=True, blank=True)
    transcript = models.TextField(_("transcript"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["turn", "created_at"]
        verbose_name = _("answer recording")
        verbose_name_plural = _("answer recordings")

    def __str__(self) -> str:
        return f"{self.turn} · {self.created_at:%Y-%m-%d %H:%M}"
