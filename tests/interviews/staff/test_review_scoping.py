"""A candidate in two cohorts: each cohort's staff pages show and count only the reviews of
that cohort's staff (and superusers); the candidate still sees every staff comment."""

import csv
import io
from http import HTTPStatus

import pytest
from django.urls import reverse

from accounts.models import CohortMembership
from interviews.selectors.staff import cohort_calibration_for_staff, session_turns_for_staff
from interviews.services.reviews import turn_review_save
from tests.factories import CohortMembershipFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort_b(other_staff, candidate):
    """Cohort B, followed by `other_staff`, which the cohort's candidate has also joined."""
    cohort_b = other_staff.cohort_memberships.get().cohort
    CohortMembershipFactory(cohort=cohort_b, user=candidate)
    return cohort_b


@pytest.fixture
def reviews(cohort, cohort_staff, cohort_b, other_staff, turn):
    """On one turn (AI score 72): cohort A's staff score 70, cohort B's staff score 10."""
    mine = turn_review_save(
        reviewer=cohort_staff, cohort=cohort, turn_id=turn.pk, comment="Note from A", score=70
    )
    theirs = turn_review_save(
        reviewer=other_staff, cohort=cohort_b, turn_id=turn.pk, comment="Note from B", score=10
    )
    return mine, theirs


def _transcript(client, user, cohort, session):
    client.force_login(user)
    response = client.get(reverse("staff:transcript", args=[cohort.pk, session.pk]))
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def test_each_cohorts_transcript_shows_only_its_staffs_reviews(
    client, cohort, cohort_staff, cohort_b, other_staff, session, reviews
):
    page_a = _transcript(client, cohort_staff, cohort, session)
    assert "Note from A" in page_a
    assert "Note from B" not in page_a and "Other Staff" not in page_a

    page_b = _transcript(client, other_staff, cohort_b, session)
    assert "Note from B" in page_b
    assert "Note from A" not in page_b and "Cohort Staff" not in page_b


def test_transcript_selector_is_scoped_to_the_cohort(
    cohort, cohort_staff, cohort_b, other_staff, session, turn, reviews
):
    mine, theirs = reviews
    by_turn = {
        t.pk: (shown, own)
        for t, shown, own in session_turns_for_staff(
            staff=cohort_staff, cohort=cohort, session=session
        )
    }
    assert by_turn[turn.pk] == ([mine], mine)
    by_turn = {
        t.pk: (shown, own)
        for t, shown, own in session_turns_for_staff(
            staff=other_staff, cohort=cohort_b, session=session
        )
    }
    assert by_turn[turn.pk] == ([theirs], theirs)


def test_calibration_of_a_ignores_cohort_b_reviews(
    client, cohort, cohort_staff, cohort_b, other_staff, reviews
):
    data = cohort_calibration_for_staff(staff=cohort_staff, cohort=cohort)
    assert data.overall.reviews == 1
    assert data.overall.mean_absolute_difference == 2  # AI 72, A's staff 70
    assert data.overall.direction == "calibrated"
    ((_topic, stat),) = data.by_topic
    assert stat.reviews == 1 and stat.mean_absolute_difference == 2
    assert [r.reviewer for r in data.largest_gaps] == [cohort_staff]

    data_b = cohort_calibration_for_staff(staff=other_staff, cohort=cohort_b)
    assert data_b.overall.reviews == 1
    assert data_b.overall.mean_difference == 62  # AI 72, B's staff 10
    assert [r.reviewer for r in data_b.largest_gaps] == [other_staff]

    client.force_login(cohort_staff)
    page = client.get(reverse("staff:calibration", args=[cohort.pk])).content.decode()
    assert "Other Staff" not in page


def test_superuser_and_shared_staff_reviews_count_in_both_cohorts(
    cohort, cohort_staff, cohort_b, other_staff, superuser, turn, reviews
):
    shared = StaffFactory(display_name="Shared Staff")
    for c in (cohort, cohort_b):
        CohortMembershipFactory(cohort=c, user=shared, role=CohortMembership.Role.STAFF)
    turn_review_save(reviewer=shared, cohort=cohort_b, turn_id=turn.pk, comment="", score=72)
    turn_review_save(reviewer=superuser, cohort=cohort, turn_id=turn.pk, comment="", score=72)

    assert cohort_calibration_for_staff(staff=cohort_staff, cohort=cohort).overall.reviews == 3
    assert cohort_calibration_for_staff(staff=other_staff, cohort=cohort_b).overall.reviews == 3


def test_staff_who_leave_the_cohort_no_longer_count_there(
    cohort, cohort_staff, cohort_b, other_staff, reviews
):
    CohortMembership.objects.filter(user=other_staff).delete()
    data_a = cohort_calibration_for_staff(staff=cohort_staff, cohort=cohort)
    assert [r.reviewer for r in data_a.largest_gaps] == [cohort_staff]


def test_cohort_export_has_no_other_cohorts_reviews(client, cohort, cohort_staff, reviews):
    client.force_login(cohort_staff)
    text = client.get(reverse("staff:export", args=[cohort.pk])).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 2  # the header and the candidate's one topic
    assert "Note from B" not in text and "Other Staff" not in text


def test_the_candidate_still_sees_every_staff_comment(client, candidate, session, reviews):
    client.force_login(candidate)
    response = client.get(reverse("interviews:history_detail", args=[session.pk]))
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "Note from A" in page and "Note from B" in page


def test_transcript_queries_do_not_grow_with_reviews(
    client, cohort, cohort_staff, cohort_b, session, turn, django_assert_max_num_queries
):
    client.force_login(cohort_staff)
    url = reverse("staff:transcript", args=[cohort.pk, session.pk])
    client.get(url)  # warm the caches (session, permissions)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for n in range(4):
        for c in (cohort, cohort_b):
            reviewer = StaffFactory()
            CohortMembershipFactory(cohort=c, user=reviewer, role=CohortMembership.Role.STAFF)
            turn_review_save(reviewer=reviewer, cohort=c, turn_id=turn.pk, comment=f"{n}", score=n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count('class="review"') == 4  # cohort A's four reviewers only
