"""The curation pages in a real browser, under the site's CSP: no violations, no JS errors."""

import os
from pathlib import Path

import pytest

from tests.factories import TEST_PASSWORD, CuratorFactory, QuestionFactory, TrackFactory
from tests.interviews.importing.conftest import MESSY_NOTES, build_docx

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = os.environ.get("ADMIN_SCREENSHOTS", "")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def admin_server(django_db_setup, django_db_blocker):
    """A live server stopped before the pooled connections close, so the test database
    can be dropped at the end of the run."""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost")
    yield server
    server.stop()


@pytest.fixture
def page(monkeypatch):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(20_000)
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        # A CSP violation is reported as a console error; a missing favicon (404) is not one.
        page.on(
            "console",
            lambda msg: (
                errors.append(msg.text) if msg.type == "error" and "404" not in msg.text else None
            ),
        )
        page.errors = errors
        yield page
        browser.close()


def _shot(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


@pytest.fixture
def curation_data(admin_server, tmp_path):
    # Rows are made before the browser starts: once Playwright's event loop runs in this
    # thread, ORM calls get a connection that teardown cannot reach.
    curator = CuratorFactory(email="curator@example.com")
    TrackFactory(slug="python", name="Python")
    question = QuestionFactory(text="What is a decorator?")
    notes = tmp_path / "notes.docx"
    notes.write_bytes(build_docx(MESSY_NOTES))
    return {"email": curator.email, "question": question.pk, "notes": notes}


def test_curator_imports_notes_and_previews_a_question(admin_server, curation_data, page):
    notes = curation_data["notes"]
    # The admin's login sends the curator through allauth's (rate-limited) sign-in.
    page.goto(f"{admin_server.url}/admin/login/")
    page.fill("input[name=login]", curation_data["email"])
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("form:has(input[name=login]) button[type=submit]").click()
    page.wait_for_url("**/admin/")
    page.goto(f"{admin_server.url}/admin/interviews/question/")
    _shot(page, "changelist")
    page.click("text=Import questions")
    page.set_input_files("#id_file", str(notes))
    page.select_option("#id_track", "python")
    _shot(page, "import-form")
    page.click("input[type=submit]")
    page.wait_for_selector("#import-report")
    _shot(page, "import-report")
    assert "created 6, updated 0, skipped 0" in page.inner_text("#import-report")

    page.goto(f"{admin_server.url}/admin/interviews/question/{curation_data['question']}/change/")
    _shot(page, "change-form")
    page.click("text=Preview as candidate")
    page.wait_for_selector("#candidate-view")
    _shot(page, "preview")
    assert "What is a decorator?" in page.inner_text("#candidate-view")

    # Admin's own JavaScript runs under the CSP: the slug fills itself from the name.
    page.goto(f"{admin_server.url}/admin/interviews/track/add/")
    page.fill("#id_name", "Data Engineering")
    page.press("#id_name", "Tab")
    assert page.input_value("#id_slug") == "data-engineering"
    page.goto(f"{admin_server.url}/admin/interviews/interviewerpersona/add/")
    page.fill("#id_name", "Calm")
    page.fill("#id_instructions", "Be calm.")
    page.check("#id_active")
    page.click("input[name=_continue]")
    page.click("text=Preview prompt")
    page.wait_for_selector("#prompt-preview")
    _shot(page, "prompt-preview")
    assert "Be calm." in page.inner_text("#prompt-preview")
    assert page.errors == []
