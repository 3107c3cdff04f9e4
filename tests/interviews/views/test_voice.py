"""Spoken answers: the upload view and its service against the local OpenAI-compatible
server's /v1/audio/transcriptions (the real openai SDK): the transcript comes back for
the answer box, nothing is answered, and every refusal has its message and status.

Transactional: the service reaches the database from worker threads (run_sync)."""

from http import HTTPStatus

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from interviews.models import AnswerRecording, Turn
from interviews.services.sessions import session_delete
from interviews.services.transcription import TranscriptionRefusal as R
from interviews.services.turns import turn_submit_answer
from interviews.views.voice import MESSAGES, refusal_message
from tests.fakes.openai_server import FakeOpenAIServer, Reply

pytestmark = pytest.mark.django_db(transaction=True)

SPOKEN = "A decorator takes a function and returns a new function."
AUDIO = b"\x1aE\xdf\xa3" + b"opus-frames" * 200  # the bytes of a (pretend) WebM recording


@pytest.fixture
def transcriber(settings):
    """The local server, configured as the transcription endpoint (the chat model stays
    offline: a transcription model is all spoken answers need)."""
    with FakeOpenAIServer(transcription_model="whisper-test") as server:
        settings.OPENAI_API_KEY = "test-key"
        settings.OPENAI_BASE_URL = server.url
        settings.OPENAI_TRANSCRIPTION_MODEL = "whisper-test"
        settings.OPENAI_TIMEOUT_SECONDS = 0.5
        settings.OPENAI_MAX_RETRIES = 0
        settings.INTERVIEW_KEEP_AUDIO = False
        yield server


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _upload(
    client, session, current, *, audio=AUDIO, content_type="audio/webm;codecs=opus", **extra
):
    data = {"turn": str(current.pk), "duration": "4.2", **extra}
    if audio is not None:
        data["audio"] = SimpleUploadedFile("answer.webm", audio, content_type=content_type)
    return client.post(reverse("interviews:transcribe", args=[session.pk]), data)


def _refused(response, reason: R, status: HTTPStatus) -> None:
    assert response.status_code == status
    assert response.json() == {"error": str(reason), "message": refusal_message(reason)}


def test_the_owner_gets_the_transcript_and_nothing_is_answered(
    candidate, start_session, transcriber
):
    transcriber.transcripts.append(Reply(f"  {SPOKEN}\n"))
    session = start_session(candidate)
    turn = session.turns.get()
    response = _upload(_client(candidate), session, turn)
    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"text": SPOKEN}
    (sent,) = transcriber.transcriptions
    assert sent["path"] == "/v1/audio/transcriptions"
    assert sent["headers"]["authorization"] == "Bearer test-key"
    assert sent["form"]["model"] == "whisper-test"
    assert sent["form"]["language"] == "en"
    assert sent["files"]["file"].data == AUDIO
    assert sent["files"]["file"].filename.endswith(".webm")
    # The transcript is for the answer box: the turn still waits, and no audio is kept.
    turn.refresh_from_db()
    assert (turn.answer, turn.evaluation_status) == ("", Turn.EvaluationStatus.AWAITING_ANSWER)
    assert not AnswerRecording.objects.exists()


def test_a_korean_interview_asks_for_korean(candidate, bank, start_session, transcriber):
    from tests.factories import QuestionFactory

    QuestionFactory(track=bank["track"], topic=bank["topics"][0], language="ko", text="데코레이터?")
    transcriber.transcripts.append(Reply("데코레이터는 함수를 감쌉니다"))
    session = start_session(candidate, language="ko")
    response = _upload(_client(candidate), session, session.turns.get())
    assert response.json() == {"text": "데코레이터는 함수를 감쌉니다"}
    assert transcriber.transcriptions[0]["form"]["language"] == "ko"


def test_another_candidate_may_not_upload(candidate, other_candidate, start_session, transcriber):
    session = start_session(candidate)
    response = _upload(_client(other_candidate), session, session.turns.get())
    _refused(response, R.NOT_FOUND, HTTPStatus.NOT_FOUND)
    assert transcriber.transcriptions == []


def test_anonymous_uploads_go_to_the_login_page(candidate, start_session, transcriber):
    session = start_session(candidate)
    response = _upload(Client(), session, session.turns.get())
    assert response.status_code == HTTPStatus.FOUND
    assert reverse("account_login") in response["Location"]
    assert transcriber.transcriptions == []


def test_an_upload_without_the_csrf_token_is_refused(candidate, start_session, transcriber):
    session = start_session(candidate)
    client = Client(enforce_csrf_checks=True)
    client.force_login(candidate)
    response = _upload(client, session, session.turns.get())
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert transcriber.transcriptions == []


def test_without_a_transcription_server_it_says_so(candidate, start_session, settings):
    settings.OPENAI_TRANSCRIPTION_MODEL = ""
    session = start_session(candidate)
    response = _upload(_client(candidate), session, session.turns.get())
    _refused(response, R.UNAVAILABLE, HTTPStatus.SERVICE_UNAVAILABLE)


def test_a_server_error_is_reported(candidate, start_session, transcriber):
    transcriber.transcripts.append(Reply.error(500))
    session = start_session(candidate)
    response = _upload(_client(candidate), session, session.turns.get())
    _refused(response, R.FAILED, HTTPStatus.BAD_GATEWAY)
    assert len(transcriber.transcriptions) == 1  # OPENAI_MAX_RETRIES=0: asked once


def test_a_server_that_hangs_is_a_timeout(candidate, start_session, transcriber):
    transcriber.transcripts.append(Reply.stall(3))
    session = start_session(candidate)
    response = _upload(_client(candidate), session, session.turns.get())
    _refused(response, R.TIMEOUT, HTTPStatus.GATEWAY_TIMEOUT)


def test_the_configured_model_is_the_one_asked_for(candidate, start_session, transcriber, settings):
    settings.OPENAI_TRANSCRIPTION_MODEL = "another-model"
    transcriber.transcripts.append(Reply(SPOKEN))
    session = start_session(candidate)
    response = _upload(_client(candidate), session, session.turns.get())
    _refused(response, R.FAILED, HTTPStatus.BAD_GATEWAY)  # the server: no such model
    assert transcriber.transcriptions[0]["form"]["model"] == "another-model"


def test_an_oversize_recording_is_refused_before_the_server_is_asked(
    candidate, start_session, transcriber, settings
):
    settings.INTERVIEW_AUDIO_MAX_BYTES = 1024 * 1024
    session = start_session(candidate)
    response = _upload(
        _client(candidate), session, session.turns.get(), audio=b"x" * (1024 * 1024 + 1)
    )
    _refused(response, R.TOO_LARGE, HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
    assert "at most 1 MB" in response.json()["message"]
    assert transcriber.transcriptions == []


def test_a_recording_over_the_time_limit_is_refused(
    candidate, start_session, transcriber, settings
):
    settings.INTERVIEW_AUDIO_MAX_SECONDS = 60
    session = start_session(candidate)
    response = _upload(_client(candidate), session, session.turns.get(), duration="75")
    _refused(response, R.TOO_LONG, HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
    assert "at most 60 seconds" in response.json()["message"]
    assert transcriber.transcriptions == []


@pytest.mark.parametrize(
    ("audio", "content_type", "reason", "status"),
    [
        (None, "", R.NO_AUDIO, HTTPStatus.BAD_REQUEST),
        (b"", "audio/webm", R.NO_AUDIO, HTTPStatus.BAD_REQUEST),
        (b"plain text", "text/plain", R.NOT_AUDIO, HTTPStatus.UNSUPPORTED_MEDIA_TYPE),
    ],
)
def test_what_is_not_a_recording_is_refused(
    candidate, start_session, transcriber, audio, content_type, reason, status
):
    session = start_session(candidate)
    response = _upload(
        _client(candidate), session, session.turns.get(), audio=audio, content_type=content_type
    )
    _refused(response, reason, status)
    assert transcriber.transcriptions == []


@pytest.mark.parametrize("fields", [{"turn": "x"}, {"duration": "soon"}, {"duration": "-3"}])
def test_a_malformed_request_is_refused(candidate, start_session, transcriber, fields):
    session = start_session(candidate)
    response = _upload(_client(candidate), session, session.turns.get(), **fields)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["error"] == "invalid"
    assert transcriber.transcriptions == []


def test_silence_is_reported_not_put_in_the_box(candidate, start_session, transcriber):
    transcriber.transcripts.append(Reply("   "))
    session = start_session(candidate)
    response = _upload(_client(candidate), session, session.turns.get())
    _refused(response, R.NOTHING_HEARD, HTTPStatus.UNPROCESSABLE_ENTITY)


def test_only_a_turn_waiting_for_its_answer_takes_a_recording(
    candidate, start_session, transcriber
):
    session = start_session(candidate)
    turn = session.turns.get()
    turn_submit_answer(user=candidate, session_id=session.pk, turn_id=turn.pk, text="Typed")
    response = _upload(_client(candidate), session, turn)
    _refused(response, R.WRONG_TURN, HTTPStatus.CONFLICT)
    assert transcriber.transcriptions == []


def test_recordings_are_rate_limited_like_answers(candidate, start_session, transcriber, settings):
    settings.INTERVIEW_ACTIONS_PER_MINUTE = 1
    transcriber.transcript_default = Reply(SPOKEN)
    session = start_session(candidate)
    client = _client(candidate)
    assert _upload(client, session, session.turns.get()).status_code == HTTPStatus.OK
    _refused(
        _upload(client, session, session.turns.get()), R.RATE_LIMITED, HTTPStatus.TOO_MANY_REQUESTS
    )
    assert len(transcriber.transcriptions) == 1


def test_the_audio_is_kept_only_when_the_setting_says_so(
    candidate, start_session, transcriber, settings
):
    settings.INTERVIEW_KEEP_AUDIO = True
    transcriber.transcripts.append(Reply(SPOKEN))
    session = start_session(candidate)
    turn = session.turns.get()
    assert _upload(_client(candidate), session, turn).status_code == HTTPStatus.OK
    recording = AnswerRecording.objects.get()
    assert (recording.turn_id, recording.transcript, recording.size_bytes) == (
        turn.pk,
        SPOKEN,
        len(AUDIO),
    )
    assert recording.content_type == "audio/webm"
    assert recording.duration_seconds == pytest.approx(4.2)
    name = recording.audio.name
    assert name.startswith(f"answer-audio/{session.pk}/{turn.pk}-") and name.endswith(".webm")
    with default_storage.open(name) as stored:
        assert stored.read() == AUDIO
    # Deleting the interview deletes its recordings, files included.
    assert session_delete(user=candidate, session_id=session.pk)
    assert not AnswerRecording.objects.exists()
    assert not default_storage.exists(name)


def test_refusals_come_in_korean_on_a_korean_page(candidate, start_session, transcriber):
    from django.utils import translation

    session = start_session(candidate)
    client = _client(candidate)
    client.cookies["django_language"] = "ko"
    response = _upload(client, session, session.turns.get(), audio=b"")
    with translation.override("ko"):
        expected = str(MESSAGES[R.NO_AUDIO])
    assert response.json()["message"] == expected
    assert expected != "The recording was empty. Please try again."
