"""A timed mock interview in the browser: the clock counts down, and when it reaches
zero the half-written answer is sent as it stands and graded (`daphne` and
`browser_page`: tests/e2e/conftest.py)."""

import pytest
from django.test import Client

from interviews.models import Turn
from interviews.services.sessions import session_start
from tests.factories import QuestionFactory, TopicFactory, TrackFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HALF_WRITTEN = "A decorator takes a function and"


def _log_in(page, base: str, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}]
    )


def test_when_the_time_runs_out_the_answer_is_sent_as_it_stands(daphne, browser_page):
    page = browser_page
    track = TrackFactory(slug="timed-e2e", name="Timed")
    topic = TopicFactory(track=track, slug="decorators", name="Decorators")
    for i in range(3):
        QuestionFactory(track=track, topic=topic, text=f"What does a decorator do? ({i})")
    user = UserFactory()
    # A few seconds a question (the start page offers minutes; the clock is the same).
    session = session_start(
        user=user,
        track=track,
        level="junior",
        language="en",
        length=3,
        mode="mock",
        seconds_per_question=8,
    )
    first = session.turns.get()
    _log_in(page, daphne, user)
    page.goto(f"{daphne}/interviews/{session.pk}/")
    page.wait_for_selector("#answer:not([disabled])")
    clock = page.locator("#time-left")
    assert clock.is_visible()
    assert "Time left 0:0" in clock.inner_text()
    page.locator("#answer").press_sequentially(HALF_WRITTEN)

    # Nobody presses Send: at zero the answer goes as it stands, and is graded.
    page.wait_for_selector(f"#turn-{first.pk} .evaluation-card", timeout=30_000)
    card = page.locator(f"#turn-{first.pk}")
    assert "Time ran out" in card.inner_text()
    assert HALF_WRITTEN in card.locator(".answer-text").inner_text()
    first.refresh_from_db()
    assert first.answer == HALF_WRITTEN
    assert first.timed_out is True
    assert first.evaluation_status == Turn.EvaluationStatus.DONE

    # The next question has a clock of its own, started when it was asked.
    page.wait_for_function(
        "(id) => { const turns = document.querySelectorAll('#transcript .turn');"
        " const last = turns[turns.length - 1];"
        " return last && Number(last.dataset.turn) !== id && last.dataset.secondsLeft; }",
        arg=first.pk,
    )
    assert clock.is_visible()
    assert page.errors == [], page.errors
