"""The live view follows the stream while the candidate is at the bottom, stays put once
they scroll up (offering "jump to latest"), and the answer box shrinks while feedback
streams (`daphne` and `browser_page`: tests/e2e/conftest.py)."""

import pytest
from django.test import Client

from interviews.models import Turn
from interviews.services.sessions import session_start
from tests.factories import QuestionFactory, TopicFactory, TrackFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANSWER = (
    "A decorator takes a function and returns a new function that wraps the original to "
    "add behaviour such as logging. The @ syntax reassigns the name."
)
AT_BOTTOM = "() => innerHeight + scrollY >= document.documentElement.scrollHeight - 48"


def _interview_with_history(user):
    """Four answered questions above the one waiting: a page taller than the phone."""
    track = TrackFactory(slug="live-e2e", name="Live E2E")
    topic = TopicFactory(track=track, slug="decorators", name="Decorators")
    for i in range(6):
        QuestionFactory(track=track, topic=topic, text=f"What does a decorator do? ({i})")
    session = session_start(
        user=user, track=track, level="junior", language="en", length=6, mode="practice"
    )
    first = session.turns.get()
    Turn.objects.filter(pk=first.pk).update(order=5)
    for order in range(1, 5):
        Turn.objects.create(
            session=session,
            order=order,
            question_text=f"An earlier question ({order})",
            answer="An earlier answer. " * 20,
            evaluation_status=Turn.EvaluationStatus.DONE,
            feedback="Earlier feedback.\n\n" * 10,
            score=60,
        )
    return session


def test_the_page_follows_the_stream_until_the_candidate_scrolls_up(daphne, browser_page):
    user = UserFactory()
    session = _interview_with_history(user)
    client = Client()
    client.force_login(user)
    page = browser_page
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": daphne}]
    )
    jump = page.locator("#jump-latest")
    answer = page.locator("#answer")

    # A resumed interview opens on the question waiting for an answer.
    page.goto(f"{daphne}/interviews/{session.pk}/")
    page.wait_for_selector("#answer:not([disabled])")
    page.wait_for_function(AT_BOTTOM)
    assert jump.is_hidden()
    idle_height = answer.bounding_box()["height"]

    answer.fill(ANSWER)
    answer.press("Enter")
    page.wait_for_function(
        "() => (document.querySelector('[data-stream]')?.textContent || '').length > 0"
    )
    assert answer.bounding_box()["height"] < idle_height / 2  # shrunk while it streams
    page.wait_for_function(AT_BOTTOM)  # following the stream

    # Scrolled up to reread: the rest of the stream and the next question move nothing.
    page.mouse.wheel(0, -900)
    jump.wait_for(state="visible")
    reading_at = page.evaluate("scrollY")
    page.wait_for_selector(".evaluation-card")
    page.wait_for_selector("#answer:not([disabled])")  # the next turn arrived
    assert abs(page.evaluate("scrollY") - reading_at) < 4
    assert jump.is_visible()

    jump.click()
    page.wait_for_function(AT_BOTTOM)
    assert jump.is_hidden()
    assert answer.bounding_box()["height"] == pytest.approx(idle_height, abs=2)
    assert page.errors == [], page.errors
