"""The browser tests' servers: Daphne as a subprocess on the test database, and Debian's
Chromium driven by Playwright.

Daphne runs on the test database (the tests are transactional, so the rows a test
writes are visible to it, and its rows to the test), with the offline interviewer
streaming at a visible pace.
"""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

import pytest
from django.db import connection

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
def daphne_env() -> dict[str, str]:
    """Extra environment for the Daphne server; a test module overrides this fixture
    (to point the interviewer or the transcription at a local OpenAI-compatible server)."""
    return {}


@pytest.fixture
def browser_args() -> list[str]:
    """Extra Chromium flags; a test module overrides it (the voice test's fake microphone)."""
    return []


@pytest.fixture
def daphne(transactional_db, daphne_env):
    if connection.vendor != "postgresql":
        pytest.skip("the browser test serves the app from PostgreSQL")
    with daphne_server(daphne_env) as base:
        yield base


@contextmanager
def daphne_server(extra_env: dict[str, str] | None = None) -> Iterator[str]:
    """Daphne serving the test database at the URL it yields; stopped, and its database
    sessions gone, on exit (the `daphne` fixture's, and a module's shared server)."""
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
    for key in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_TRANSCRIPTION_MODEL"):
        env.pop(key, None)
    env.update(extra_env or {})
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port),
         "interview_bot.asgi:application"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    # Generous: on a loaded machine (2 cores, shared) Django alone can take half a minute.
    deadline = time.monotonic() + 90
    while True:
        try:
            with urlopen(base + "/", timeout=2):  # noqa: S310 - local test server
                break
        except (URLError, ConnectionError, TimeoutError):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                output = process.stderr.read().decode() if process.stderr else ""
                pytest.fail(f"Daphne did not start: {output[-2000:]}")
            time.sleep(0.2)
    try:
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        # PostgreSQL ends the server's sessions a moment after the process exits; wait,
        # so the test database can be flushed and dropped.
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
def browser_page(monkeypatch, browser_args):
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
                *browser_args,
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
