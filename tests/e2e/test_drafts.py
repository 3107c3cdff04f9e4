"""A half-written answer survives a reload (kept in the browser's storage under its
turn's id) and is dropped once sent (`daphne` and `browser_page`: tests/e2e/conftest.py)."""

import pytest
from django.test import Client

from interviews.services.sessions import session_start
from tests.factories import QuestionFactory, TopicFactory, TrackFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DRAFT = "A decorator takes a function and returns a new one; the @ syntax"


def _log_in(page, base: str, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}]
    )


def _stored(page, key: str) -> str | None:
    return page.evaluate("(key) => localStorage.getItem(key)", key)


def _typing_a_draft(page, base, slug):
    """A candidate's new interview open in the browser, a draft typed into its first
    turn; the turn and the draft's storage key."""
    track = TrackFactory(slug=slug, name=slug)
    topic = TopicFactory(track=track, slug="decorators", name="Decorators")
    for i in range(3):
        QuestionFactory(track=track, topic=topic, text=f"What does a decorator do? ({i})")
    user = UserFactory()
    session = session_start(
        user=user, track=track, level="junior", language="en", length=3, mode="practice"
    )
    turn = session.turns.get()
    key = f"interview-draft:{turn.pk}"
    _log_in(page, base, user)
    page.goto(f"{base}/interviews/{session.pk}/")
    page.wait_for_selector("#answer:not([disabled])")
    page.locator("#answer").press_sequentially(DRAFT)
    assert DRAFT in _stored(page, key)
    return turn, key


def test_an_unsent_answer_survives_a_reload_and_is_dropped_once_sent(daphne, browser_page):
    page = browser_page
    turn, key = _typing_a_draft(page, daphne, "drafts-e2e")

    # A reload (or a tab closed by accident) brings the draft back, counter included.
    page.reload()
    page.wait_for_selector("#answer:not([disabled])")
    assert page.locator("#answer").input_value() == DRAFT
    assert page.locator(".counter [data-count]").inner_text() == str(len(DRAFT))

    # Sent: the server has the answer, so the draft goes, and a reload shows no stale text.
    page.locator("#answer").press("Enter")
    page.wait_for_function("(key) => localStorage.getItem(key) === null", arg=key)
    page.wait_for_selector(".evaluation-card")
    page.reload()
    page.wait_for_selector(".evaluation-card")
    assert page.locator("#answer").input_value() == ""
    turn.refresh_from_db()
    assert turn.answer == DRAFT
    assert page.errors == [], page.errors


def test_logging_out_forgets_the_drafts(daphne, browser_page):
    page = browser_page
    _turn, key = _typing_a_draft(page, daphne, "drafts-logout-e2e")

    # A shared computer: the next person must not find the answer in the box.
    # (The menu may be folded at this width: submit the navigation's logout form itself.)
    with page.expect_navigation():
        page.evaluate("document.querySelector('form[data-clears-drafts]').requestSubmit()")
    assert _stored(page, key) is None
