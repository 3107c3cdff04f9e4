"""The progress figures: interviews are counted once each, whatever their answers."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from interviews.models import Turn
from interviews.selectors.progress import progress_for_user
from tests.factories import InterviewSessionFactory, TurnFactory

pytestmark = pytest.mark.django_db


def _interview_with_answers(user, track, answers: int) -> None:
    session = InterviewSessionFactory(candidate=user, track=track, status="completed")
    for order in range(1, answers + 1):
        TurnFactory(
            session=session,
            order=order,
            answer="An answer",
            evaluation_status=Turn.EvaluationStatus.DONE,
            score=70,
        )


def test_interviews_are_counted_not_their_answers(client, candidate, other_candidate, bank):
    for answers in (5, 4, 0):
        _interview_with_answers(candidate, bank["track"], answers)
    _interview_with_answers(other_candidate, bank["track"], 3)

    progress = progress_for_user(user=candidate)
    client.force_login(candidate)
    response = client.get(reverse("interviews:progress"))

    assert (progress.interviews, progress.answered) == (3, 9)
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "3 interviews" in html
    assert "9 graded answers" in html
