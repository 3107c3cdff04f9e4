"""A new user's whole interview in Debian's Chromium, against a real Daphne process
(`daphne` and `browser_page` come from tests/e2e/conftest.py)."""

import time

import pytest
from django.conf import settings

from accounts.models import User
from interviews.models import InterviewSession, Turn
from tests.factories import QuestionFactory, TopicFactory, TrackFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
    page.fill("input[name=display_name]", "New Candidate")
    # The English page (the browser's locale is en-US) offers English: left as drawn.
    assert page.locator("select[name=preferred_language]").input_value() == "en"
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert User.objects.get(email="new.candidate@example.com").preferred_language == "en"

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
