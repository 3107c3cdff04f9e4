"""The candidate home's reads: score trend, new staff comments (own answers only), and a
query count that stays the same however long the history is."""

import pytest

from interviews.models import Turn, TurnReview
from interviews.selectors.comments import (
    staff_comments_new_count_for_user,
    staff_comments_new_for_user,
)
from interviews.selectors.home import candidate_home_for_user, score_trend_for_user
from tests.factories import InterviewSessionFactory, TurnFactory

pytestmark = pytest.mark.django_db


def _interview(user, track, *, score, status="completed", topic=None):
    session = InterviewSessionFactory(candidate=user, track=track, status=status)
    turn = TurnFactory(
        session=session,
        answer="An answer",
        evaluation_status=Turn.EvaluationStatus.DONE,
        score=score,
        key_point_results=[{"text": "wraps the original", "status": "missed"}],
        **({"topic": topic} if topic else {}),
    )
    return session, turn


@pytest.mark.parametrize(
    ("scores", "change", "direction"),
    [
        ([40, 50, 75], 30, "up"),
        ([80, 70, 50], -25, "down"),
        ([60, 62, 61], 0, "steady"),
        ([55], None, ""),
    ],
)
def test_the_trend_compares_the_latest_interview_with_those_before(
    candidate, bank, scores, change, direction
):
    for score in scores:
        _interview(candidate, bank["track"], score=score)
    trend = score_trend_for_user(user=candidate)
    assert [i.score for i in trend.interviews] == scores  # oldest first
    assert trend.change == change
    assert trend.direction == direction
    assert trend.points == abs(change or 0)


def test_the_trend_leaves_out_unfinished_and_other_candidates_interviews(
    candidate, other_candidate, bank
):
    mine, _turn = _interview(candidate, bank["track"], score=70)
    _interview(candidate, bank["track"], score=10, status="active")
    _interview(other_candidate, bank["track"], score=99)
    trend = score_trend_for_user(user=candidate)
    assert [i.session.pk for i in trend.interviews] == [mine.pk]


def test_new_comments_are_the_candidates_own_unread_written_ones(
    candidate, other_candidate, cohort_staff, bank
):
    _session, turn = _interview(candidate, bank["track"], score=60)
    _other_session, other_turn = _interview(other_candidate, bank["track"], score=60)
    new = TurnReview.objects.create(turn=turn, reviewer=cohort_staff, comment="Look at wraps")
    TurnReview.objects.create(turn=other_turn, reviewer=cohort_staff, comment="Not yours")
    TurnReview.objects.create(
        turn=TurnFactory(session=turn.session, evaluation_status=Turn.EvaluationStatus.DONE),
        reviewer=cohort_staff,
        comment="",
        score=50,  # a score alone is no comment
    )
    assert staff_comments_new_for_user(user=candidate) == [new]
    assert staff_comments_new_count_for_user(user=candidate) == 1

    TurnReview.objects.filter(pk=new.pk).update(read_at=new.created_at)
    assert staff_comments_new_for_user(user=candidate) == []
    assert staff_comments_new_count_for_user(user=candidate) == 0
    assert staff_comments_new_count_for_user(user=other_candidate) == 1


def test_the_home_reads_a_fixed_number_of_queries(
    candidate, cohort_staff, bank, django_assert_num_queries
):
    def add_history(n):
        for i in range(n):
            _session, turn = _interview(
                candidate, bank["track"], score=30 + i, topic=bank["topics"][i % 2]
            )
            TurnReview.objects.create(turn=turn, reviewer=cohort_staff, comment=f"Note {i}")
        InterviewSessionFactory(candidate=candidate, track=bank["track"], status="active")

    add_history(2)
    with django_assert_num_queries(10) as few:
        home = candidate_home_for_user(user=candidate)
    assert home.practice_topics and home.scores.change is not None and home.new_comments
    add_history(12)
    with django_assert_num_queries(len(few.captured_queries)):
        home = candidate_home_for_user(user=candidate)
    assert len(home.new_comments) == 5 and len(home.unfinished) == 2
