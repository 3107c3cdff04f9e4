"""Spoken answers: a recording of the current turn's answer becomes text for the answer
box. The candidate corrects it and sends it as any typed answer; nothing here answers.

    transcript = await answer_transcribe(user=…, session_id=…, turn_id=…,
                                         audio=upload, duration_seconds=12.5)

Checked in this order, each refusal a `TranscriptionRefused` with its reason (the view
maps reasons to messages): the turn is the asking candidate's current one and waits for
an answer; the rate limit (shared with answers, INTERVIEW_ACTIONS_PER_MINUTE); a
transcription server is configured; the upload is audio, not empty, within
INTERVIEW_AUDIO_MAX_BYTES and, as the browser declares it (the browser stops recording at
the limit), within INTERVIEW_AUDIO_MAX_SECONDS. The audio is then sent to the
transcription endpoint and dropped, unless INTERVIEW_KEEP_AUDIO keeps it with its
transcript (`AnswerRecording`).
"""

import logging
import math
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from accounts.models import User
from interviews import engine
from interviews.database import run_sync
from interviews.models import AnswerRecording, InterviewSession, Turn
from interviews.models.sessions import MAX_ANSWER_LENGTH
from interviews.services.turns.limits import action_allowed

logger = logging.getLogger(__name__)

# Recorded audio by its MIME type, and the file name suffix transcription servers read
# the format from.
AUDIO_SUFFIXES = {
    "audio/webm": ".webm",
    "audio/ogg": ".ogg",
    "audio/wav": ".wav",
    "audio/x-wav": ".wav",
    "audio/wave": ".wav",
    "audio/mp4": ".m4a",
    "audio/x-m4a": ".m4a",
    "audio/mpeg": ".mp3",
    "audio/flac": ".flac",
}
# A recording the browser stopped at the limit may declare a moment more.
DURATION_SLACK_SECONDS = 2.0


class TranscriptionRefusal(StrEnum):
    NOT_FOUND = "not_found"  # no such interview of this candidate
    FINISHED = "finished"  # the interview has ended
    WRONG_TURN = "wrong_turn"  # not the current turn, or it no longer waits for an answer
    RATE_LIMITED = "rate_limited"
    UNAVAILABLE = "unavailable"  # no transcription server configured
    NO_AUDIO = "no_audio"  # nothing uploaded, or an empty file
    NOT_AUDIO = "not_audio"  # a type that is not recorded audio
    TOO_LARGE = "too_large"  # over INTERVIEW_AUDIO_MAX_BYTES
    TOO_LONG = "too_long"  # over INTERVIEW_AUDIO_MAX_SECONDS
    FAILED = "failed"  # the transcription server failed
    TIMEOUT = "timeout"  # the transcription server did not answer in time
    NOTHING_HEARD = "nothing_heard"  # transcribed, but no words


class TranscriptionRefused(Exception):
    """Nothing was transcribed (and nothing stored), for `reason`."""

    def __init__(self, reason: TranscriptionRefusal) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Transcript:
    text: str
    kept: bool  # the audio was stored (INTERVIEW_KEEP_AUDIO)


@dataclass(frozen=True)
class VoiceOptions:
    """What the interview page offers for spoken answers."""

    server_transcription: bool  # record and upload here; else the browser's recognition
    max_seconds: int
    max_bytes: int


def voice_options() -> VoiceOptions:
    return VoiceOptions(
        server_transcription=engine.transcription_available(),
        max_seconds=settings.INTERVIEW_AUDIO_MAX_SECONDS,
        max_bytes=settings.INTERVIEW_AUDIO_MAX_BYTES,
    )


def _waiting_turn_language(*, user: User, session_id: int, turn_id: int) -> str:
    """The interview's language, if `turn_id` is the user's current turn and waits for an
    answer; else TranscriptionRefused."""
    session = InterviewSession.objects.filter(pk=session_id, candidate=user).first()
    if session is None:
        raise TranscriptionRefused(TranscriptionRefusal.NOT_FOUND)
    if session.status != InterviewSession.Status.ACTIVE:
        raise TranscriptionRefused(TranscriptionRefusal.FINISHED)
    latest = session.turns.order_by("-order").only("pk", "evaluation_status").first()
    if (
        latest is None
        or latest.pk != turn_id
        or latest.evaluation_status != Turn.EvaluationStatus.AWAITING_ANSWER
    ):
        raise TranscriptionRefused(TranscriptionRefusal.WRONG_TURN)
    return session.language


def _audio_type(audio: UploadedFile) -> str:
    """The upload's MIME type without parameters ("audio/webm;codecs=opus" → "audio/webm")."""
    return (audio.content_type or "").split(";")[0].strip().lower()


def _check_audio(audio: UploadedFile, duration_seconds: float | None) -> str:
    if not audio.size:
        raise TranscriptionRefused(TranscriptionRefusal.NO_AUDIO)
    content_type = _audio_type(audio)
    if content_type not in AUDIO_SUFFIXES:
        raise TranscriptionRefused(TranscriptionRefusal.NOT_AUDIO)
    if audio.size > settings.INTERVIEW_AUDIO_MAX_BYTES:
        raise TranscriptionRefused(TranscriptionRefusal.TOO_LARGE)
    limit = settings.INTERVIEW_AUDIO_MAX_SECONDS + DURATION_SLACK_SECONDS
    if duration_seconds is not None and (
        not math.isfinite(duration_seconds) or duration_seconds > limit
    ):
        raise TranscriptionRefused(TranscriptionRefusal.TOO_LONG)
    return content_type


def _keep_recording(
    *, turn_id: int, data: bytes, content_type: str, duration_seconds: float | None, text: str
) -> None:
    recording = AnswerRecording(
        turn_id=turn_id,
        content_type=content_type,
        size_bytes=len(data),
        duration_seconds=duration_seconds,
        transcript=text,
    )
    recording.turn = Turn.objects.only("pk", "session_id").get(pk=turn_id)
    name = f"answer{AUDIO_SUFFIXES[content_type]}"
    with transaction.atomic():
        recording.audio.save(name, ContentFile(data), save=False)
        try:
            recording.save()
        except Exception:
            recording.audio.delete(save=False)  # no file without its row
            raise


async def answer_transcribe(
    *,
    user: User,
    session_id: int,
    turn_id: int,
    audio: UploadedFile | None,
    duration_seconds: float | None,
) -> Transcript:
    """The text of the candidate's recording, for the answer box (see the module's checks).
    Raises TranscriptionRefused; nothing is stored unless INTERVIEW_KEEP_AUDIO is on."""
    language = await run_sync(_waiting_turn_language)(
        user=user, session_id=session_id, turn_id=turn_id
    )
    if not await run_sync(action_allowed)(user_id=user.pk):
        raise TranscriptionRefused(TranscriptionRefusal.RATE_LIMITED)
    if not engine.transcription_available():
        raise TranscriptionRefused(TranscriptionRefusal.UNAVAILABLE)
    if audio is None:
        raise TranscriptionRefused(TranscriptionRefusal.NO_AUDIO)
    content_type = _check_audio(audio, duration_seconds)
    audio.seek(0)
    data = audio.read()
    try:
        text = await engine.atranscribe(
            audio=data,
            filename=f"answer{AUDIO_SUFFIXES[content_type]}",
            content_type=content_type,
            language=language,
        )
    except engine.TranscriptionError as exc:
        logger.warning("transcription for turn %s failed: %s", turn_id, exc)
        reason = TranscriptionRefusal.TIMEOUT if exc.timed_out else TranscriptionRefusal.FAILED
        raise TranscriptionRefused(reason) from exc
    text = text.strip()[:MAX_ANSWER_LENGTH]
    if not text:
        raise TranscriptionRefused(TranscriptionRefusal.NOTHING_HEARD)
    kept = bool(settings.INTERVIEW_KEEP_AUDIO)
    if kept:
        await run_sync(_keep_recording)(
            turn_id=turn_id,
            data=data,
            content_type=content_type,
            duration_seconds=duration_seconds,
            text=text,
        )
    return Transcript(text=text, kept=kept)
