"""Spoken answers in the browser: Chromium's fake microphone plays a WAV that espeak-ng
speaks, the page records it and uploads it to the app, which asks the local
OpenAI-compatible transcription server; the transcript lands in the answer box, the
candidate corrects it and sends it. Also: a failing server's message, the browser's own
speech recognition without a server, and the reason shown when neither exists.
(`daphne` and `browser_page`: tests/e2e/conftest.py.)"""

import shutil
import subprocess

import pytest
from django.test import Client

from interviews.models import Turn
from interviews.services.sessions import session_start
from interviews.services.transcription import TranscriptionRefusal
from interviews.views.voice import MESSAGES
from tests.factories import QuestionFactory, TopicFactory, TrackFactory, UserFactory
from tests.fakes.openai_server import FakeOpenAIServer, Reply

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SPOKEN = "A decorator takes a function and returns a new function."
HEARD = "A decorator takes a function and returns a new function"  # as a server might write it
CORRECTION = ", keeping its name with functools.wraps."
MODEL = "whisper-e2e"


@pytest.fixture
def transcriber():
    with FakeOpenAIServer(transcription_model=MODEL) as server:
        yield server


@pytest.fixture
def daphne_env(transcriber) -> dict[str, str]:
    return {
        "OPENAI_API_KEY": "test-key",
        "OPENAI_BASE_URL": transcriber.url,
        "OPENAI_TRANSCRIPTION_MODEL": MODEL,
        "OPENAI_MAX_RETRIES": "0",
    }


@pytest.fixture
def spoken_wav(tmp_path) -> str:
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        pytest.skip("espeak-ng is not installed (apt-get install espeak-ng)")
    wav = tmp_path / "answer.wav"
    subprocess.run([espeak, "-v", "en-us", "-w", str(wav), SPOKEN], check=True)  # noqa: S603
    return str(wav)


@pytest.fixture
def browser_args(spoken_wav) -> list[str]:
    # The microphone is allowed without a prompt and fed from the WAV.
    return [
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-audio-capture={spoken_wav}",
    ]


def _open_interview(page, base: str, slug: str) -> Turn:
    track = TrackFactory.create(slug=slug, name=slug)
    topic = TopicFactory(track=track, slug="decorators", name="Decorators")
    for i in range(3):
        QuestionFactory(track=track, topic=topic, text=f"What does a decorator do? ({i})")
    user = UserFactory.create()
    session = session_start(
        user=user, track=track, level="junior", language="en", length=3, mode="practice"
    )
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}]
    )
    page.goto(f"{base}/interviews/{session.pk}/")
    page.wait_for_selector("#answer:not([disabled])")
    return session.turns.get()


def _record(page, seconds: float) -> None:
    button = page.locator("#voice-button")
    button.click()
    page.wait_for_selector("#voice-button[aria-pressed='true']")
    assert "Recording" in page.locator("#voice-status").inner_text()
    page.wait_for_timeout(seconds * 1000)
    button.click()  # Stop recording


def test_a_spoken_answer_is_transcribed_corrected_and_sent(daphne, browser_page, transcriber):
    page = browser_page
    transcriber.transcripts.extend([Reply.error(500), Reply(HEARD)])
    turn = _open_interview(page, daphne, "voice-e2e")
    assert page.locator("#voice-button").is_enabled()

    # The first upload meets a failing server: its message, and the box stays as it was.
    _record(page, 1.5)
    page.wait_for_selector("#interview-error:not([hidden])")
    assert page.locator("#interview-error").inner_text() == str(
        MESSAGES[TranscriptionRefusal.FAILED]
    )
    assert page.locator("#answer").input_value() == ""

    # The second is transcribed: the text lands in the box, and nothing is sent by itself.
    _record(page, 2.5)
    page.wait_for_function("(text) => document.getElementById('answer').value === text", arg=HEARD)
    assert "correct it" in page.locator("#voice-status").inner_text()
    turn.refresh_from_db()
    assert (turn.answer, turn.evaluation_status) == ("", Turn.EvaluationStatus.AWAITING_ANSWER)
    first, second = transcriber.transcriptions
    for upload in (first, second):
        assert upload["form"]["model"] == MODEL
        assert upload["form"]["language"] == "en"
        audio = upload["files"]["file"]
        assert audio.content_type == "audio/webm"
        assert audio.data[:4] == b"\x1a\x45\xdf\xa3"  # a WebM (Matroska) recording
    assert len(second["files"]["file"].data) > 2_000  # 2.5 s of recorded sound

    # The candidate corrects the transcript, then sends it.
    page.locator("#answer").press("End")
    page.locator("#answer").press_sequentially(CORRECTION)
    page.locator("#answer").press("Enter")
    page.wait_for_selector(f"#turn-{turn.pk} .evaluation-card")
    turn.refresh_from_db()
    assert turn.answer == HEARD + CORRECTION
    # Chromium logs the failed upload's 502 on the console; nothing else went wrong.
    others = [error for error in page.errors if "status of 502" not in error]
    assert others == [], page.errors


FAKE_RECOGNITION = """
window.SpeechRecognition = undefined;
window.webkitSpeechRecognition = class {
  constructor() { this.listeners = {}; }
  addEventListener(type, listener) { (this.listeners[type] ||= []).push(listener); }
  emit(type, event) { for (const l of this.listeners[type] || []) l(event); }
  start() {
    window.recognitionLang = this.lang;
    setTimeout(() => {
      this.emit("result", { resultIndex: 0, results: [
        Object.assign([{ transcript: "A decorator wraps " }], { isFinal: true }),
        Object.assign([{ transcript: "a function" }], { isFinal: true }),
      ] });
      window.recognitionSpoke = true;
    }, 50);
  }
  stop() { setTimeout(() => this.emit("end", {}), 10); }
};
"""

NO_RECOGNITION = "delete window.SpeechRecognition; delete window.webkitSpeechRecognition;"


@pytest.mark.parametrize("daphne_env", [{}], ids=["no transcription server"])
def test_without_a_server_the_browsers_recognition_fills_the_box(daphne, browser_page):
    page = browser_page
    page.add_init_script(FAKE_RECOGNITION)
    turn = _open_interview(page, daphne, "voice-browser-e2e")
    page.locator("#voice-button").click()
    page.wait_for_selector("#voice-button[aria-pressed='true']")
    # Stopped after the candidate has spoken: a stop within the fake's first 50 ms ended
    # the recognition before any result, and the page rightly said nothing was heard.
    page.wait_for_function("() => window.recognitionSpoke === true")
    page.locator("#voice-button").click()  # stop: the final results go into the box
    page.wait_for_function(
        "() => document.getElementById('answer').value === 'A decorator wraps a function'"
    )
    assert page.evaluate("window.recognitionLang") == "en-US"
    turn.refresh_from_db()
    assert turn.answer == ""
    assert page.errors == [], page.errors


@pytest.mark.parametrize("daphne_env", [{}], ids=["no transcription server"])
def test_with_neither_the_button_is_off_and_says_why(daphne, browser_page):
    page = browser_page
    page.add_init_script(NO_RECOGNITION)
    _open_interview(page, daphne, "voice-none-e2e")
    button = page.locator("#voice-button")
    assert button.is_disabled()
    reason = page.locator("#voice-status")
    assert reason.is_visible()
    assert reason.inner_text() == button.get_attribute("data-text-no-voice")
    assert "transcription server" in reason.inner_text()
    assert page.errors == [], page.errors
