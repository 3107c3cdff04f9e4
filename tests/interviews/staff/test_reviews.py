from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from interviews.models import Turn, TurnReview
from interviews.models.reviews import MAX_REVIEW_COMMENT_LENGTH
from interviews.selectors.staff import cohort_calibration_for_staff
from interviews.services.reviews import (
    COMMENT_TOO_LONG,
    REVIEW_EMPTY,
    SCORE_OUT_OF_RANGE,
    turn_review_save,
)
from tests.interviews.staff.conftest import scored_session

pytestmark = pytest.mark.django_db


def _post(client, cohort, turn, comment="", score=""):
    return client.post(
        reverse("staff:turn_review", args=[cohort.pk, turn.pk]),
        {f"turn-{turn.pk}-comment": comment, f"turn-{turn.pk}-score": score},
    )


def test_review_keeps_the_ai_score_beside_the_staff_score(client, cohort, cohort_staff, turn):
    client.force_login(cohort_staff)
    response = _post(client, cohort, turn, "Mention functools.wraps.", "55")
    assert response.status_code == HTTPStatus.FOUND
    review = TurnReview.objects.get()
    assert (review.comment, review.score, review.ai_score) == ("Mention functools.wraps.", 55, 72)
    page = client.get(response["Location"]).content.decode()
    assert "Mention functools.wraps." in page
    assert "Your review was saved." in page


def test_re_scoring_updates_the_one_review(client, cohort, cohort_staff, turn):
    client.force_login(cohort_staff)
    _post(client, cohort, turn, "First", "55")
    Turn.objects.filter(pk=turn.pk).update(score=90)  # a regrade between reviews
    _post(client, cohort, turn, "Second", "60")
    review = TurnReview.objects.get()
    assert (review.comment, review.score, review.ai_score) == ("Second", 60, 90)


@pytest.mark.parametrize(
    ("comment", "score", "message"),
    [
        ("x" * (MAX_REVIEW_COMMENT_LENGTH + 1), "", COMMENT_TOO_LONG),
        ("ok", "101", SCORE_OUT_OF_RANGE),
        ("ok", "-1", SCORE_OUT_OF_RANGE),
        ("ok", "ninety", SCORE_OUT_OF_RANGE),
        ("   ", "", REVIEW_EMPTY),
    ],
)
def test_bad_review_input_is_refused_and_nothing_written(
    client, cohort, cohort_staff, turn, comment, score, message
):
    client.force_login(cohort_staff)
    response = _post(client, cohort, turn, comment, score)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert str(message) in response.content.decode()
    assert not TurnReview.objects.exists()


def test_a_bad_update_keeps_the_previous_review(client, cohort, cohort_staff, turn):
    client.force_login(cohort_staff)
    _post(client, cohort, turn, "Keep me", "50")
    _post(client, cohort, turn, "Changed", "500")
    review = TurnReview.objects.get()
    assert (review.comment, review.score) == ("Keep me", 50)


def test_service_refuses_bad_input_and_invisible_turns(cohort, cohort_staff, other_staff, turn):
    with pytest.raises(ValidationError):
        turn_review_save(
            reviewer=cohort_staff, cohort=cohort, turn_id=turn.pk, comment="", score=101
        )
    with pytest.raises(Http404):
        turn_review_save(reviewer=other_staff, cohort=cohort, turn_id=turn.pk, comment="x", score=1)
    cohort_b = other_staff.cohort_memberships.get().cohort
    with pytest.raises(Http404):
        turn_review_save(
            reviewer=other_staff, cohort=cohort_b, turn_id=turn.pk, comment="x", score=1
        )
    assert not TurnReview.objects.exists()


def test_calibration_measures_distance_and_direction(client, cohort, cohort_staff, topic):
    from accounts.models import Cohort

    session = scored_session(
        cohort.memberships.get(role="candidate").user,
        days_ago=1,
        score=80,
        topic=topic,
        turn_scores=[80, 90],
    )
    first, second = session.turns.order_by("order")
    client.force_login(cohort_staff)
    page = client.get(reverse("staff:calibration", args=[cohort.pk])).content.decode()
    assert "Not enough data" in page

    _post(client, cohort, first, "Too generous", "60")  # AI 80, staff 60: +20
    _post(client, cohort, second, "", "80")  # AI 90, staff 80: +10
    data = cohort_calibration_for_staff(staff=cohort_staff, cohort=Cohort.objects.get(pk=cohort.pk))
    assert data.overall.reviews == 2
    assert data.overall.mean_absolute_difference == 15
    assert data.overall.mean_difference == 15
    assert data.overall.direction == "lenient"
    ((by_topic, stat),) = data.by_topic
    assert by_topic == topic and stat.mean_absolute_difference == 15

    _post(client, cohort, first, "Actually fine", "95")  # now -15 and +10
    data = cohort_calibration_for_staff(staff=cohort_staff, cohort=cohort)
    assert data.overall.mean_absolute_difference == 12.5
    assert data.overall.mean_difference == -2.5
    assert data.overall.direction == "calibrated"
    page = client.get(reverse("staff:calibration", args=[cohort.pk])).content.decode()
    assert "About right" in page
    assert "12.5" in page


def test_comment_only_review_is_not_in_calibration(client, cohort, cohort_staff, turn):
    client.force_login(cohort_staff)
    _post(client, cohort, turn, "Just a note")
    assert cohort_calibration_for_staff(staff=cohort_staff, cohort=cohort).overall.reviews == 0


def test_largest_disagreements_link_to_the_answer(client, cohort, cohort_staff, candidate, topic):
    session = scored_session(candidate, days_ago=1, score=80, topic=topic, turn_scores=[80, 90])
    first, second = session.turns.order_by("order")
    Turn.objects.filter(pk=second.pk).update(question_text="What does functools.wraps keep?")
    client.force_login(cohort_staff)
    _post(client, cohort, first, "", "40")
    _post(client, cohort, second, "", "85")

    page = client.get(reverse("staff:calibration", args=[cohort.pk])).content.decode()

    transcript = reverse("staff:transcript", args=[cohort.pk, session.pk])
    assert f'href="{transcript}#turn-{first.pk}">{first.question_text}</a>' in page
    assert f'href="{transcript}#turn-{second.pk}">What does functools.wraps keep?</a>' in page
    # The candidate's name goes to the candidate, not to one of their answers.
    candidate_url = reverse("staff:candidate", args=[cohort.pk, candidate.pk])
    assert f'<a href="{candidate_url}">Candidate One</a>' in page
    assert f'href="{transcript}#turn-{first.pk}">Candidate One' not in page
    # The anchor is the turn's own on the transcript.
    transcript_page = client.get(transcript).content.decode()
    assert f'id="turn-{first.pk}"' in transcript_page
