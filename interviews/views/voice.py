"""Spoken answers: the recording of an answer is uploaded here and comes back as text
for the answer box (interviews/services/transcription.py does the work)."""

import math
from http import HTTPStatus

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import User
from interviews.services.transcription import (
    TranscriptionRefusal,
    TranscriptionRefused,
    answer_transcribe,
)

R = TranscriptionRefusal

BAD_REQUEST_MESSAGE = gettext_lazy("That recording could not be read, so nothing was changed.")
# Messages with the configured limits are formatted per request (`refusal_message`).
TOO_LARGE_MESSAGE = gettext_lazy(
    "The recording is too large (at most %(megabytes)s MB). Please record a shorter answer."
)
TOO_LONG_MESSAGE = gettext_lazy(
    "The recording is too long (at most %(seconds)d seconds). Please record a shorter answer."
)
MESSAGES: dict[TranscriptionRefusal, Promise] = {
    R.NOT_FOUND: gettext_lazy("This interview could not be found."),
    R.FINISHED: gettext_lazy("This interview has finished, so it takes no more answers."),
    R.WRONG_TURN: gettext_lazy("That question is not waiting for an answer any more."),
    R.RATE_LIMITED: gettext_lazy(
        "You are sending requests very quickly. Please wait a minute and try again."
    ),
    R.UNAVAILABLE: gettext_lazy("Spoken answers are not set up on this server."),
    R.NO_AUDIO: gettext_lazy("The recording was empty. Please try again."),
    R.NOT_AUDIO: gettext_lazy("That file is not a sound recording this server can read."),
    R.TOO_LARGE: TOO_LARGE_MESSAGE,
    R.TOO_LONG: TOO_LONG_MESSAGE,
    R.FAILED: gettext_lazy(
        "Sorry, your recording could not be transcribed. Please try again, or type your answer."
    ),
    R.TIMEOUT: gettext_lazy(
        "Sorry, transcribing took too long. Please try again, or type your answer."
    ),
    R.NOTHING_HEARD: gettext_lazy(
        "No words were heard in the recording. Please check your microphone and try again."
    ),
}
STATUSES: dict[TranscriptionRefusal, HTTPStatus] = {
    R.NOT_FOUND: HTTPStatus.NOT_FOUND,
    R.FINISHED: HTTPStatus.CONFLICT,
    R.WRONG_TURN: HTTPStatus.CONFLICT,
    R.RATE_LIMITED: HTTPStatus.TOO_MANY_REQUESTS,
    R.UNAVAILABLE: HTTPStatus.SERVICE_UNAVAILABLE,
    R.NO_AUDIO: HTTPStatus.BAD_REQUEST,
    R.NOT_AUDIO: HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
    R.TOO_LARGE: HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
    R.TOO_LONG: HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
    R.FAILED: HTTPStatus.BAD_GATEWAY,
    R.TIMEOUT: HTTPStatus.GATEWAY_TIMEOUT,
    R.NOTHING_HEARD: HTTPStatus.UNPROCESSABLE_ENTITY,
}


def refusal_message(reason: TranscriptionRefusal) -> str:
    """The refusal's message in the request's language, with the configured limits."""
    if reason == R.TOO_LARGE:
        megabytes = settings.INTERVIEW_AUDIO_MAX_BYTES / (1024 * 1024)
        return str(TOO_LARGE_MESSAGE) % {"megabytes": f"{megabytes:g}"}
    if reason == R.TOO_LONG:
        return str(TOO_LONG_MESSAGE) % {"seconds": settings.INTERVIEW_AUDIO_MAX_SECONDS}
    return str(MESSAGES[reason])


def _error(code: str, message: str, status: HTTPStatus) -> JsonResponse:
    return JsonResponse({"error": code, "message": message}, status=status)


def _number(raw: str | None, kind: type[int] | type[float]) -> int | float | None:
    try:
        value = kind(raw or "")
    except ValueError:
        return None
    return value if math.isfinite(value) and value >= 0 else None


@login_required
@require_POST
async def transcribe(request: HttpRequest, session_id: int) -> JsonResponse:
    """POST (multipart, CSRF): `audio` (the recording), `turn`, `duration` (seconds, as
    the browser measured it). 200 {"text"}; otherwise {"error", "message"}."""
    user = await request.auser()
    turn = _number(request.POST.get("turn"), int)
    declared = request.POST.get("duration")
    duration = _number(declared, float) if declared else None
    if not isinstance(user, User) or not turn or (declared and duration is None):
        return _error("invalid", str(BAD_REQUEST_MESSAGE), HTTPStatus.BAD_REQUEST)
    try:
        transcript = await answer_transcribe(
            user=user,
            session_id=session_id,
            turn_id=int(turn),
            audio=request.FILES.get("audio"),
            duration_seconds=duration,
        )
    except TranscriptionRefused as refused:
        reason = refused.reason
        return _error(str(reason), refusal_message(reason), STATUSES[reason])
    return JsonResponse({"text": transcript.text})
