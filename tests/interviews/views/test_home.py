"""`/`: the product page for visitors, the candidate's home when signed in (resume,
practise, scores, new staff comments), and the navigation's unread badge."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from interviews.models import Turn, TurnReview
from tests.factories import InterviewSessionFactory, TurnFactory

pytestmark = pytest.mark.django_db

BADGE = 'id="nav-new-comments"'


def _interview(user, bank, *, score=60, status="completed", i=0):
    session = InterviewSessionFactory(candidate=user, track=bank["track"], status=status)
    turn = TurnFactory(
        session=session,
        answer="An answer",
        evaluation_status=Turn.EvaluationStatus.DONE,
        score=score,
        topic=bank["topics"][i % 2],
        key_point_results=[{"text": "functools.wraps keeps metadata", "status": "missed"}],
    )
    return session, turn


def test_a_visitor_gets_the_product_page(client):
    html = client.get(reverse("home")).content.decode()
    assert reverse("account_signup") in html
    assert "home-scores" not in html and BADGE not in html


def test_a_new_candidate_is_welcomed_and_invited_to_start(client, candidate):
    client.force_login(candidate)
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Welcome, Candidate One" in html
    assert reverse("interviews:start") in html
    assert "Your scores appear here once you finish an interview." in html
    assert BADGE not in html


def test_a_returning_candidate_sees_resume_practise_scores_and_new_comments(
    client, candidate, other_candidate, cohort_staff, bank
):
    _interview(candidate, bank, score=40)
    _s, commented = _interview(candidate, bank, score=70)
    active, _t = _interview(candidate, bank, status="active")
    TurnReview.objects.create(turn=commented, reviewer=cohort_staff, comment="Mention <wraps>")
    _o, theirs = _interview(other_candidate, bank)
    TurnReview.objects.create(turn=theirs, reviewer=cohort_staff, comment="For someone else")

    client.force_login(candidate)
    html = client.get(reverse("home")).content.decode()
    assert "Welcome back, Candidate One" in html
    assert reverse("interviews:interview", args=[active.pk]) in html  # resume
    assert reverse("interviews:practise") in html and "Topic " in html
    assert "Latest interview: 70/100" in html and "up 30 points" in html
    assert "Mention &lt;wraps&gt;" in html  # escaped
    detail = reverse("interviews:history_detail", args=[commented.session_id])
    assert f'{detail}#turn-{commented.pk}"' in html
    assert "For someone else" not in html
    assert BADGE in html

    # The other candidate sees their own comment only, and their own badge.
    client.force_login(other_candidate)
    html = client.get(reverse("home")).content.decode()
    assert "For someone else" in html and "Mention" not in html


def test_opening_the_interview_clears_the_badge_and_shows_what_was_new(
    client, candidate, cohort_staff, bank
):
    session, turn = _interview(candidate, bank)
    TurnReview.objects.create(turn=turn, reviewer=cohort_staff, comment="Look at wraps")
    client.force_login(candidate)
    assert BADGE in client.get(reverse("interviews:history")).content.decode()

    detail = client.get(reverse("interviews:history_detail", args=[session.pk])).content.decode()
    assert "Look at wraps" in detail
    assert '<span class="badge warn">New</span>' in detail
    assert BADGE not in detail  # the badge counts after the page marked it read

    again = client.get(reverse("interviews:history_detail", args=[session.pk])).content.decode()
    assert '<span class="badge warn">New</span>' not in again
    assert "New comments from staff" not in client.get(reverse("home")).content.decode()


def test_another_candidate_opening_the_interview_marks_nothing(
    client, candidate, other_candidate, cohort_staff, bank
):
    session, turn = _interview(candidate, bank)
    TurnReview.objects.create(turn=turn, reviewer=cohort_staff, comment="Look at wraps")
    client.force_login(other_candidate)
    url = reverse("interviews:history_detail", args=[session.pk])
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    assert TurnReview.objects.get().read_at is None


def test_the_home_page_query_count_is_constant(
    client, candidate, cohort_staff, bank, django_assert_num_queries
):
    def add(n, start):
        for i in range(start, start + n):
            _s, turn = _interview(candidate, bank, score=30 + i, i=i)
            TurnReview.objects.create(turn=turn, reviewer=cohort_staff, comment=f"Note {i}")
        _interview(candidate, bank, status="active")

    client.force_login(candidate)
    add(2, 0)
    client.get(reverse("home"))  # the session and user are loaded the same way each time
    with django_assert_num_queries(15) as few:  # 14 + the open assignments
        assert client.get(reverse("home")).status_code == HTTPStatus.OK
    add(15, 2)
    with django_assert_num_queries(len(few.captured_queries)):
        html = client.get(reverse("home")).content.decode()
    assert html.count("home-comment-text") == 5


def test_the_home_page_in_korean(client, candidate, cohort_staff, bank):
    _interview(candidate, bank, score=40)
    _s, turn = _interview(candidate, bank, score=80)
    TurnReview.objects.create(turn=turn, reviewer=cohort_staff, comment="좋아요")
    candidate.preferred_language = "ko"
    candidate.save()
    client.force_login(candidate)
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="ko">' in html
    for english in ("Welcome back", "New comments from staff", "Your latest scores", "points on"):
        assert english not in html
