"""Assignments as candidates meet them: listed on the home page (open ones, with the due
date), started in one click, linked to the interview, resumed rather than doubled."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import CohortMembership
from interviews.models import InterviewSession
from interviews.selectors.assignments import AssignmentState, assignment_list_open_for_candidate
from tests.factories import (
    AssignmentFactory,
    CohortFactory,
    InterviewSessionFactory,
    QuestionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def assignment(cohort, bank):
    return AssignmentFactory(cohort=cohort, track=bank["track"], title="SQL by Friday")


def test_home_lists_open_assignments_with_their_due_date(
    client, candidate, cohort, bank, assignment
):
    AssignmentFactory(
        cohort=cohort,
        track=bank["track"],
        title="Next month",
        opens_on=timezone.localdate() + timedelta(days=3),
        due_on=timezone.localdate() + timedelta(days=30),
    )
    AssignmentFactory(cohort=CohortFactory(), track=bank["track"], title="Not my cohort")
    client.force_login(candidate)
    page = client.get(reverse("home")).content.decode()
    assert "SQL by Friday" in page
    assert assignment.due_on.strftime("%m/%d") in page or assignment.due_on.isoformat() in page
    assert "Next month" not in page and "Not my cohort" not in page
    assert reverse("interviews:assignment_start", args=[assignment.pk]) in page


def test_one_click_starts_an_interview_linked_to_the_assignment(
    client, candidate, assignment, bank
):
    assignment.topics.set([bank["topics"][1]])
    client.force_login(candidate)
    response = client.post(reverse("interviews:assignment_start", args=[assignment.pk]))
    session = InterviewSession.objects.get(candidate=candidate)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("interviews:interview", args=[session.pk])
    assert session.assignment == assignment
    assert (session.track, session.length, session.mode) == (bank["track"], 3, "practice")
    assert session.turns.get().topic == bank["topics"][1]  # the assignment's topic first
    (item,) = assignment_list_open_for_candidate(user=candidate)
    assert item.state == AssignmentState.IN_PROGRESS
    assert item.active_session_id == session.pk

    again = client.post(reverse("interviews:assignment_start", args=[assignment.pk]))
    assert again["Location"] == response["Location"]  # resumed, not doubled
    assert InterviewSession.objects.filter(candidate=candidate).count() == 1


def test_hand_picked_questions_are_the_ones_asked(client, candidate, assignment, bank):
    # Senior questions for a junior interview: the bank's own choice would never ask them.
    picked = [QuestionFactory(track=bank["track"], difficulty="senior") for _ in range(3)]
    assignment.questions.set(picked)
    client.force_login(candidate)
    client.post(reverse("interviews:assignment_start", args=[assignment.pk]))
    session = InterviewSession.objects.get(candidate=candidate)
    assert session.turns.get().question in picked


def test_a_completed_assignment_is_done(candidate, assignment):
    InterviewSessionFactory(
        candidate=candidate, track=assignment.track, assignment=assignment, status="completed"
    )
    (item,) = assignment_list_open_for_candidate(user=candidate)
    assert item.state == AssignmentState.DONE and item.active_session_id is None


def test_another_unfinished_interview_asks_before_ending_it(client, candidate, assignment, bank):
    other = InterviewSessionFactory(candidate=candidate, track=bank["track"], status="active")
    client.force_login(candidate)
    url = reverse("interviews:assignment_start", args=[assignment.pk])
    response = client.post(url)
    assert response.status_code == HTTPStatus.CONFLICT
    assert reverse("interviews:interview", args=[other.pk]) in response.content.decode()
    assert not InterviewSession.objects.filter(assignment=assignment).exists()
    response = client.post(url, {"end_unfinished": "1"})
    assert response.status_code == HTTPStatus.FOUND
    other.refresh_from_db()
    assert other.status != "active"
    assert InterviewSession.objects.filter(assignment=assignment, candidate=candidate).exists()


@pytest.mark.parametrize("who", ["anonymous", "outsider", "leaver", "staff"])
def test_only_a_current_candidate_of_the_cohort_starts_it(
    client, who, candidate, other_candidate, cohort_staff, assignment
):
    if who == "outsider":
        client.force_login(other_candidate)
    elif who == "leaver":
        CohortMembership.objects.filter(user=candidate).delete()
        client.force_login(candidate)
    elif who == "staff":
        client.force_login(cohort_staff)
    response = client.post(reverse("interviews:assignment_start", args=[assignment.pk]))
    expected = HTTPStatus.FOUND if who == "anonymous" else HTTPStatus.NOT_FOUND
    assert response.status_code == expected
    assert not InterviewSession.objects.exists()
    if who == "leaver":
        assert assignment_list_open_for_candidate(user=candidate) == []


def test_an_assignment_not_yet_open_cannot_be_started(client, candidate, assignment):
    assignment.opens_on = timezone.localdate() + timedelta(days=2)
    assignment.due_on = assignment.opens_on + timedelta(days=2)
    assignment.save()
    client.force_login(candidate)
    response = client.post(reverse("interviews:assignment_start", args=[assignment.pk]))
    assert response.status_code == HTTPStatus.FOUND
    assert not InterviewSession.objects.exists()


def test_start_is_post_only(client, candidate, assignment):
    client.force_login(candidate)
    response = client.get(reverse("interviews:assignment_start", args=[assignment.pk]))
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
