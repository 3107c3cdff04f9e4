"""A new user's whole interview in Debian's Chromium, against a real Daphne process.

Daphne runs as a subprocess on the test database (the test is transactional, so the
rows written here are visible to it, and its rows to the test), with the offline
interviewer streaming at a visible pace.
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

import pytest
from django.conf import settings
from django.db import connection

from interviews.models import InterviewSession, Turn
from tests.factories import QuestionFactory, TopicFactory, TrackFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


@pytest.fixture
def daphne(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("the browser test serves the app from PostgreSQL")
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "interview_bot.settings",
        "DATABASE_URL": _database_url(),
        "REDIS_KEY_PREFIX": f"e2e{os.getpid()}",
        "INTERVIEWER_PROVIDER": "local",
        "RETRIEVER_BACKEND": "local",
        # Slow enough that the feedback visibly streams in over a second or two.
        "LOCAL_INTERVIEWER_CHARS_PER_SECOND": "300",
        "DJANGO_DEBUG": "true",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    for key in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
        env.pop(key, None)
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port),
         "interview_bot.asgi:application"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urlopen(base + "/", timeout=2):  # noqa: S310 - local test server
                break
        except (URLError, ConnectionError, TimeoutError):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"Daphne did not start: {process.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)
    yield base
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    # PostgreSQL ends the server's sessions a moment after the process exits; wait, so
    # the test database can be flushed and dropped.
    with connection.cursor() as cursor:
        for _ in range(50):
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                [connection.settings_dict["NAME"]],
            )
            if cursor.fetchone()[0] == 0:
                break
            time.sleep(0.1)


@pytest.fixture
def browser_page(monkeypatch):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the test
    # makes meanwhile are plain synchronous calls, which Django would otherwise refuse.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        context = browser.new_context(locale="en-US", viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.set_default_timeout(20_000)
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.errors = errors
        yield page
        context.close()
        browser.close()


def test_sign_up_interview_with_streamed_feedback_and_history(daphne, browser_page):
    track = TrackFactory(slug="python-e2e", name="Python E2E", name_ko="파이썬 E2E")
    topic = TopicFactory(track=track, slug="decorators", name="Decorators")
    for i in range(4):
        QuestionFactory(track=track, topic=topic, text=f"What does a decorator do? ({i})")
    page = browser_page

    # Sign up.
    page.goto(daphne + "/accounts/signup/")
    page.fill("input[name=email]", "new.candidate@example.com")
    page.fill("input[name=password1]", "a-long-unusual-passphrase-91")
    page.fill("input[name=password2]", "a-long-unusual-passphrase-91")
    if page.locator("input[name=display_name]").count():
        page.fill("input[name=display_name]", "New Candidate")
    if page.locator("select[name=preferred_language]").count():
        page.select_option("select[name=preferred_language]", "en")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()

    # Start an interview.
    page.goto(daphne + "/interviews/start/")
    page.select_option("select[name=track]", str(track.pk))
    page.select_option("select[name=level]", "junior")
    page.select_option("select[name=language]", "en")
    page.fill("input[name=length]", "3")
    page.check("input[name=mode][value=practice]")
    page.locator("form.start-form button[type=submit]").click()
    page.wait_for_url("**/interviews/*/")
    textarea = page.locator("#answer")
    page.wait_for_selector("#answer:not([disabled])")

    # Answer; the typing indicator shows at once and feedback streams in.
    textarea.fill(
        "A decorator takes a function and returns a new function that wraps the original "
        "to add behaviour such as logging. The @ syntax reassigns the name, and "
        "functools.wraps keeps the metadata."
    )
    assert page.locator(".counter [data-count]").inner_text() != "0"
    textarea.press("Enter")
    page.wait_for_selector(".feedback.is-streaming .typing", state="attached", timeout=2000)

    lengths: list[int] = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if page.locator(".evaluation-card").count():
            break
        # Read in one step in the page: the stream element is replaced by the card when
        # the evaluation lands, and a locator could wait on a node that is gone.
        length = page.evaluate(
            "() => (document.querySelector('[data-stream]')?.textContent || '').length"
        )
        if length and (not lengths or length != lengths[-1]):
            lengths.append(length)
        time.sleep(0.05)
    page.wait_for_selector(".evaluation-card")
    assert len(lengths) >= 3, f"feedback did not stream progressively: {lengths}"
    assert lengths == sorted(lengths)
    card = page.locator(".evaluation-card").first
    assert card.locator(".score-value").inner_text().isdigit()
    assert card.locator("details.model-answer").count() == 1

    # The next turn arrives (follow-up or question), then the candidate ends the interview.
    page.wait_for_selector("#answer:not([disabled])")
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("[data-action=end]")
    page.wait_for_selector("#summary")
    assert page.locator("#composer").is_hidden()

    session = InterviewSession.objects.get(candidate__email="new.candidate@example.com")
    assert session.status == InterviewSession.Status.COMPLETED
    first = session.turns.order_by("order").first()
    assert first.evaluation_status == Turn.EvaluationStatus.DONE
    assert first.feedback

    # Find it in history.
    page.goto(daphne + "/interviews/history/")
    row = page.locator(".history-row").first
    assert "Python E2E" in row.inner_text()
    row.locator("a.history-link").click()
    page.wait_for_selector(".evaluation-card")
    assert page.errors == [], page.errors
    assert settings.ALLOWED_HOSTS  # served under the app's own host rules
