"""A returning candidate's home in the browser: the unfinished interview and a new staff
comment greet them; opening the comment clears the navigation's badge
(`daphne`, `browser_page`: tests/e2e/conftest.py)."""

import pytest
from django.test import Client

from interviews.models import InterviewSession, Turn, TurnReview
from tests.factories import InterviewSessionFactory, StaffFactory, TurnFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_home_greets_a_returning_candidate_and_the_badge_clears_once_read(daphne, browser_page):
    user = UserFactory(display_name="Returning Candidate")
    done = InterviewSessionFactory(candidate=user, status=InterviewSession.Status.COMPLETED)
    turn = TurnFactory(
        session=done, answer="An answer", evaluation_status=Turn.EvaluationStatus.DONE, score=64
    )
    TurnReview.objects.create(
        turn=turn, reviewer=StaffFactory(display_name="Coach"), comment="Say what wraps keeps."
    )
    unfinished = InterviewSessionFactory(candidate=user, track=done.track)
    client = Client()
    client.force_login(user)
    page = browser_page
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": daphne}]
    )

    page.goto(f"{daphne}/")
    assert page.locator("h1").inner_text() == "Welcome back, Returning Candidate"
    resume = page.locator(".resume a.button")
    assert resume.get_attribute("href") == f"/interviews/{unfinished.pk}/"
    assert "Say what wraps keeps." in page.locator(".home-comments").inner_text()
    assert page.locator("#nav-new-comments").count() == 1

    page.locator(".home-comments a").click()
    page.wait_for_url(f"**/interviews/history/{done.pk}/#turn-{turn.pk}")
    review = page.locator(f"#turn-{turn.pk} .staff-review")
    assert "Say what wraps keeps." in review.inner_text()
    assert review.locator(".badge.warn").inner_text() == "New"
    assert page.locator("#nav-new-comments").count() == 0

    page.goto(f"{daphne}/")
    assert page.locator(".home-comments").count() == 0
    assert not page.errors
