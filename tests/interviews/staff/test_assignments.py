"""Assignments as staff set and follow them: the form, completion per state on the
dashboard, overdue as an at-risk reason, the CSV columns, and a constant query count."""

import csv
import io
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import CohortMembership
from interviews.models import Assignment, InterviewSession
from interviews.services import assignments as assignment_services
from tests.factories import (
    AssignmentFactory,
    InterviewSessionFactory,
    QuestionFactory,
    TopicFactory,
    TrackFactory,
)
from tests.interviews.staff.conftest import cohort_member

pytestmark = pytest.mark.django_db


def _form(track, **overrides):
    today = timezone.localdate()
    data = {
        "title": "SQL set",
        "track": track.pk,
        "level": "junior",
        "language": "en",
        "mode": "practice",
        "length": 5,
        "opens_on": today.isoformat(),
        "due_on": (today + timedelta(days=4)).isoformat(),
    }
    data.update(overrides)
    return data


def test_staff_create_an_assignment_with_topics(client, cohort, cohort_staff):
    track = TrackFactory(slug="sql")
    joins, indexes = TopicFactory(track=track, name="Joins"), TopicFactory(track=track)
    client.force_login(cohort_staff)
    url = reverse("staff:assignment_new", args=[cohort.pk])
    page = client.get(url, {"track": track.pk})
    assert page.status_code == HTTPStatus.OK
    response = client.post(url, _form(track, topics=[joins.pk]))
    assert response.status_code == HTTPStatus.FOUND
    assignment = Assignment.objects.get()
    assert assignment.cohort == cohort and assignment.created_by == cohort_staff
    assert list(assignment.topics.all()) == [joins]
    assert indexes not in assignment.topics.all()
    assert assignment.length == 5


def test_hand_picked_questions_set_the_length(client, cohort, cohort_staff):
    track = TrackFactory(slug="sql")
    picked = [QuestionFactory(track=track) for _ in range(3)]
    client.force_login(cohort_staff)
    response = client.post(
        reverse("staff:assignment_new", args=[cohort.pk]),
        _form(track, questions=[q.pk for q in picked], length=8),
    )
    assert response.status_code == HTTPStatus.FOUND
    assignment = Assignment.objects.get()
    assert assignment.length == 3
    assert set(assignment.questions.all()) == set(picked)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": "   "}, "title", None),
        ({"due_on": "2020-01-01"}, "due_on", assignment_services.DUE_BEFORE_OPENING),
        ({"length": 11}, "length", None),
        ({"opens_on": "not a date"}, "opens_on", None),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_written(
    client, cohort, cohort_staff, overrides, field, message
):
    track = TrackFactory(slug="sql")
    client.force_login(cohort_staff)
    response = client.post(
        reverse("staff:assignment_new", args=[cohort.pk]), _form(track, **overrides)
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.context["form"].errors[field]
    if message:
        assert str(message) in response.content.decode()
    assert not Assignment.objects.exists()


def test_another_tracks_topic_or_too_few_questions_are_refused(client, cohort, cohort_staff):
    track, other = TrackFactory(slug="sql"), TrackFactory(slug="web")
    foreign = TopicFactory(track=other)
    client.force_login(cohort_staff)
    url = reverse("staff:assignment_new", args=[cohort.pk])
    assert client.post(url, _form(track, topics=[foreign.pk])).status_code == 400
    two = [QuestionFactory(track=track).pk for _ in range(2)]
    response = client.post(url, _form(track, questions=two))
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert str(assignment_services.PICKED_COUNT) in response.content.decode()
    assert not Assignment.objects.exists()


def test_choosing_another_track_redraws_the_form_without_saving(client, cohort, cohort_staff):
    track = TrackFactory(slug="sql")
    TopicFactory(track=track, name="Window functions")
    client.force_login(cohort_staff)
    response = client.post(
        reverse("staff:assignment_new", args=[cohort.pk]),
        {**_form(track), "choose_track": "1"},
    )
    assert response.status_code == HTTPStatus.OK
    assert "Window functions" in response.content.decode()
    assert response.context["form"].initial["title"] == "SQL set"
    assert not Assignment.objects.exists()


def test_staff_edit_an_assignment(client, cohort, cohort_staff):
    assignment = AssignmentFactory(cohort=cohort)
    client.force_login(cohort_staff)
    url = reverse("staff:assignment_edit", args=[cohort.pk, assignment.pk])
    assert "Practice set" in client.get(url).content.decode()
    response = client.post(url, _form(assignment.track, title="Renamed"))
    assert response.status_code == HTTPStatus.FOUND
    assignment.refresh_from_db()
    assert assignment.title == "Renamed"


def _states(response, title):
    (item,) = [
        p for p in response.context["data"].assignments.progress if p.assignment.title == title
    ]
    return {str(state): sorted(str(u) for u in users) for state, users in item.states}


def test_dashboard_shows_completion_per_state_and_overdue_is_at_risk(
    client, cohort, cohort_staff, candidate
):
    done, going, idle = candidate, cohort_member(cohort, "Going"), cohort_member(cohort, "Idle")
    due = AssignmentFactory(cohort=cohort, title="Due Friday")
    late = AssignmentFactory(
        cohort=cohort,
        title="Last week",
        opens_on=timezone.localdate() - timedelta(days=10),
        due_on=timezone.localdate() - timedelta(days=1),
    )
    for assignment in (due, late):
        InterviewSessionFactory(
            candidate=done, track=assignment.track, assignment=assignment, status="completed"
        )
    InterviewSessionFactory(candidate=going, track=due.track, assignment=due, status="active")
    InterviewSessionFactory(candidate=going, track=late.track, assignment=late, status="active")
    # Another candidate's interview for it, outside the cohort, counts for nobody here.
    InterviewSessionFactory(track=due.track, assignment=due, status="completed")

    client.force_login(cohort_staff)
    response = client.get(reverse("staff:dashboard", args=[cohort.pk]))
    assert response.status_code == HTTPStatus.OK
    assert _states(response, "Due Friday") == {
        "done": ["Candidate One"],
        "in_progress": ["Going"],
        "not_started": ["Idle"],
        "overdue": [],
    }
    assert _states(response, "Last week") == {
        "done": ["Candidate One"],
        "in_progress": [],
        "not_started": [],
        "overdue": ["Going", "Idle"],
    }
    rows = {str(r.candidate): r.risks for r in response.context["data"].rows}
    overdue = f"Assignment Last week overdue (due {late.due_on.isoformat()})"
    assert overdue in rows["Going"] and overdue in rows["Idle"]
    assert not any("overdue" in reason for reason in rows["Candidate One"])
    page = response.content.decode()
    assert "Due Friday" in page and reverse("staff:assignment_new", args=[cohort.pk]) in page
    idle_link = f'<li><a href="{reverse("staff:candidate", args=[cohort.pk, idle.pk])}">Idle</a>'
    assert page.count(idle_link) == 2  # not started on one, overdue on the other


def test_names_in_the_assignment_lists_are_escaped(client, cohort, cohort_staff):
    cohort_member(cohort, "<b>Bold</b>")
    AssignmentFactory(cohort=cohort)
    client.force_login(cohort_staff)
    page = client.get(reverse("staff:dashboard", args=[cohort.pk])).content.decode()
    assert "&lt;b&gt;Bold&lt;/b&gt;</a></li>" in page and "<b>Bold</b>" not in page


def test_a_candidate_who_leaves_drops_out_of_the_assignment(
    client, cohort, cohort_staff, candidate
):
    assignment = AssignmentFactory(cohort=cohort, title="Set")
    InterviewSessionFactory(candidate=candidate, track=assignment.track, assignment=assignment)
    CohortMembership.objects.filter(user=candidate).delete()
    client.force_login(cohort_staff)
    response = client.get(reverse("staff:dashboard", args=[cohort.pk]))
    assert all(
        not users for _state, users in response.context["data"].assignments.progress[0].states
    )


def test_export_has_one_column_per_assignment(client, cohort, cohort_staff, candidate):
    assignment = AssignmentFactory(cohort=cohort, title="=SUM(A1)")
    InterviewSessionFactory(
        candidate=candidate, track=assignment.track, assignment=assignment, status="completed"
    )
    cohort_member(cohort, "Idle")
    client.force_login(cohort_staff)
    response = client.get(reverse("staff:export", args=[cohort.pk]))
    header, *rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header[-1] == f"Assignment: =SUM(A1) (due {assignment.due_on.isoformat()})"
    assert {r[0]: r[-1] for r in rows} == {"Candidate One": "Done", "Idle": "Not started"}


def test_dashboard_queries_stay_constant_with_assignments_and_candidates(
    client, cohort, cohort_staff, django_assert_max_num_queries
):
    AssignmentFactory(cohort=cohort)
    cohort_member(cohort, "A")
    client.force_login(cohort_staff)
    url = reverse("staff:dashboard", args=[cohort.pk])
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for n in range(5):
        assignment = AssignmentFactory(cohort=cohort, track=TrackFactory())
        member = cohort_member(cohort, f"More {n}")
        InterviewSessionFactory(
            candidate=member, track=assignment.track, assignment=assignment, status="completed"
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["data"].assignments.progress) == 6


def test_session_is_unaffected_when_its_assignment_is_deleted(cohort, candidate):
    assignment = AssignmentFactory(cohort=cohort)
    session = InterviewSessionFactory(candidate=candidate, assignment=assignment)
    assignment.delete()
    session.refresh_from_db()
    assert session.assignment is None
    assert InterviewSession.objects.filter(pk=session.pk).exists()


def test_deleting_an_assignment_keeps_the_interviews_started_from_it(client, cohort, cohort_staff):
    assignment = AssignmentFactory(cohort=cohort, title="Old set")
    candidate = cohort_member(cohort, "Mina")
    session = InterviewSessionFactory(candidate=candidate, assignment=assignment)
    client.force_login(cohort_staff)
    edit = client.get(reverse("staff:assignment_edit", args=[cohort.pk, assignment.pk]))
    assert "Delete assignment" in edit.content.decode()
    response = client.post(reverse("staff:assignment_delete", args=[cohort.pk, assignment.pk]))
    assert response.status_code == HTTPStatus.FOUND
    assert not Assignment.objects.exists()
    session.refresh_from_db()
    assert session.assignment is None and session.candidate == candidate
    page = client.get(response["Location"]).content.decode()
    assert "Old set" in page  # the "deleted" message; nothing else names it now
