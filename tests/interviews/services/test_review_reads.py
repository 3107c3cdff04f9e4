"""The candidate opening an interview marks its staff comments read; only their own, and
a comment staff then change is new to them again."""

import pytest

from interviews.models import Turn, TurnReview
from interviews.selectors.comments import staff_comments_new_count_for_user
from interviews.services.reviews import turn_review_save, turn_reviews_mark_read
from tests.factories import InterviewSessionFactory, TurnFactory

pytestmark = pytest.mark.django_db


def _evaluated_turn(user):
    session = InterviewSessionFactory(candidate=user)
    return TurnFactory(session=session, evaluation_status=Turn.EvaluationStatus.DONE, score=60)


def test_opening_an_interview_marks_only_its_own_comments_read(
    candidate, other_candidate, cohort_staff
):
    turn = _evaluated_turn(candidate)
    elsewhere = _evaluated_turn(candidate)
    theirs = _evaluated_turn(other_candidate)
    for t in (turn, elsewhere, theirs):
        TurnReview.objects.create(turn=t, reviewer=cohort_staff, comment="Have a look")

    # Another candidate naming this interview changes nothing.
    assert turn_reviews_mark_read(candidate=other_candidate, session_id=turn.session_id) == 0
    assert turn_reviews_mark_read(candidate=candidate, session_id=turn.session_id) == 1
    assert turn_reviews_mark_read(candidate=candidate, session_id=turn.session_id) == 0

    read = dict(TurnReview.objects.values_list("turn_id", "read_at"))
    assert read[turn.pk] is not None
    assert read[elsewhere.pk] is None and read[theirs.pk] is None
    assert staff_comments_new_count_for_user(user=candidate) == 1


def test_a_changed_comment_is_new_again_a_changed_score_is_not(candidate, cohort, cohort_staff):
    turn = _evaluated_turn(candidate)
    save = {"reviewer": cohort_staff, "cohort": cohort, "turn_id": turn.pk}
    turn_review_save(**save, comment="First thoughts", score=None)
    turn_reviews_mark_read(candidate=candidate, session_id=turn.session_id)

    turn_review_save(**save, comment="First thoughts", score=55)
    assert staff_comments_new_count_for_user(user=candidate) == 0
    turn_review_save(**save, comment="Second thoughts", score=55)
    assert staff_comments_new_count_for_user(user=candidate) == 1
