"""The Hint button is disabled, with the reason beside it, when the question has no hint
or its hint is already shown (`daphne` and `browser_page`: tests/e2e/conftest.py)."""

import pytest
from django.test import Client

from interviews.models import Turn
from interviews.services.sessions import session_start
from tests.factories import QuestionFactory, TopicFactory, TrackFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_hint_button_says_why_it_is_disabled(daphne, browser_page):
    track = TrackFactory(slug="hints-e2e", name="Hints E2E")
    topic = TopicFactory(track=track, slug="decorators", name="Decorators")
    QuestionFactory(track=track, topic=topic, text="What does a decorator do?")
    user = UserFactory()
    session = session_start(
        user=user, track=track, level="junior", language="en", length=3, mode="practice"
    )
    turn = session.turns.get()
    Turn.objects.filter(pk=turn.pk).update(hint="")
    client = Client()
    client.force_login(user)
    page = browser_page
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": daphne}]
    )
    hint = page.locator("[data-action=hint]")
    reason = page.locator("#hint-reason")

    page.goto(f"{daphne}/interviews/{session.pk}/")
    page.wait_for_selector("#answer:not([disabled])")
    assert hint.is_disabled()
    assert reason.inner_text() == "This question has no hint."

    Turn.objects.filter(pk=turn.pk).update(hint="Think of what @ stands for.")
    page.reload()
    page.wait_for_selector("#answer:not([disabled])")
    assert hint.is_enabled()
    assert reason.is_hidden()

    hint.click()
    page.wait_for_selector(f"#turn-{turn.pk} .hint")
    page.wait_for_selector("#hint-reason:not([hidden])")
    assert hint.is_disabled()
    assert reason.inner_text() == "The hint is shown above."
    assert page.errors == [], page.errors
