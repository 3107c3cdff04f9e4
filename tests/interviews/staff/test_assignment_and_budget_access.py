"""The assignment and LLM budget pages over every asking role: anonymous, candidate, cohort
staff, staff of another cohort, superuser. Staff of another cohort get 404 and change
nothing; the usage overview lists only the cohorts the asker follows (a superuser: all)."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Cohort
from interviews.models import Assignment
from tests.factories import AssignmentFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "candidate", "cohort_staff", "other_staff", "superuser"]
ALLOWED = ("cohort_staff", "superuser")


def _login(client, request, role):
    request.getfixturevalue("cohort_staff")
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))


def _expected(role, ok=HTTPStatus.OK):
    if role == "anonymous":
        return HTTPStatus.FOUND
    return ok if role in ALLOWED else HTTPStatus.NOT_FOUND


def _assignment_post(assignment, title):
    today = timezone.localdate()
    return {
        "title": title,
        "track": assignment.track_id,
        "level": "junior",
        "language": "en",
        "mode": "practice",
        "length": 4,
        "opens_on": today.isoformat(),
        "due_on": (today + timedelta(days=3)).isoformat(),
    }


@pytest.mark.parametrize("role", ROLES)
def test_assignment_pages_by_role(client, request, role, cohort):
    assignment = AssignmentFactory(cohort=cohort, title="Original")
    _login(client, request, role)
    new_url = reverse("staff:assignment_new", args=[cohort.pk])
    edit_url = reverse("staff:assignment_edit", args=[cohort.pk, assignment.pk])
    assert client.get(new_url).status_code == _expected(role)
    assert client.get(edit_url).status_code == _expected(role)

    created = client.post(new_url, _assignment_post(assignment, "Created"))
    assert created.status_code == _expected(role, HTTPStatus.FOUND)
    assert Assignment.objects.filter(title="Created").exists() == (role in ALLOWED)
    edited = client.post(edit_url, _assignment_post(assignment, "Edited"))
    assert edited.status_code == _expected(role, HTTPStatus.FOUND)
    assignment.refresh_from_db()
    assert (assignment.title == "Edited") == (role in ALLOWED)
    if role == "anonymous":
        assert created["Location"].startswith(reverse("account_login"))


def test_an_assignment_is_not_reachable_through_another_cohorts_url(
    client, cohort, cohort_staff, other_staff
):
    """Staff of B cannot edit A's assignment by putting B's cohort id in the URL."""
    assignment = AssignmentFactory(cohort=cohort, title="A's set")
    cohort_b = other_staff.cohort_memberships.get().cohort
    client.force_login(other_staff)
    url = reverse("staff:assignment_edit", args=[cohort_b.pk, assignment.pk])
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    assert client.post(url, _assignment_post(assignment, "Hijacked")).status_code == 404
    # Nor A's staff through A's id with B's assignment.
    theirs = AssignmentFactory(cohort=cohort_b, title="B's set")
    client.force_login(cohort_staff)
    url = reverse("staff:assignment_edit", args=[cohort.pk, theirs.pk])
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    assignment.refresh_from_db()
    theirs.refresh_from_db()
    assert (assignment.title, theirs.title) == ("A's set", "B's set")


def test_the_dashboard_shows_only_the_cohorts_own_assignments(
    client, cohort, cohort_staff, other_staff
):
    AssignmentFactory(cohort=cohort, title="Ours")
    AssignmentFactory(cohort=other_staff.cohort_memberships.get().cohort, title="Theirs")
    client.force_login(cohort_staff)
    page = client.get(reverse("staff:dashboard", args=[cohort.pk])).content.decode()
    assert "Ours" in page and "Theirs" not in page


@pytest.mark.parametrize("role", ROLES)
def test_budget_page_by_role(client, request, role, cohort):
    _login(client, request, role)
    url = reverse("staff:budget", args=[cohort.pk])
    assert client.get(url).status_code == _expected(role)
    response = client.post(
        url,
        {
            "llm_monthly_tokens": "1000",
            "llm_daily_tokens_per_user": "",
            "llm_over_budget": "offline",
        },
    )
    assert response.status_code == _expected(role, HTTPStatus.FOUND)
    cohort.refresh_from_db()
    changed = (cohort.llm_monthly_tokens, cohort.llm_over_budget) == (1000, "offline")
    assert changed == (role in ALLOWED)


def test_bad_budget_input_is_refused_and_nothing_written(client, cohort, cohort_staff):
    client.force_login(cohort_staff)
    response = client.post(
        reverse("staff:budget", args=[cohort.pk]),
        {"llm_monthly_tokens": "-5", "llm_over_budget": "whatever"},
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert set(response.context["form"].errors) == {"llm_monthly_tokens", "llm_over_budget"}
    cohort.refresh_from_db()
    assert cohort.llm_monthly_tokens is None and cohort.llm_over_budget == "refuse"


@pytest.mark.parametrize("role", ROLES)
def test_usage_overview_lists_the_cohorts_the_asker_follows(client, request, role, cohort):
    request.getfixturevalue("other_staff")
    _login(client, request, role)
    response = client.get(reverse("staff:usage"))
    if role in ("anonymous", "candidate"):
        assert response.status_code == (
            HTTPStatus.FOUND if role == "anonymous" else HTTPStatus.NOT_FOUND
        )
        return
    assert response.status_code == HTTPStatus.OK
    shown = {u.cohort.name for u in response.context["usages"]}
    expected = {
        "cohort_staff": {"Cohort A"},
        "other_staff": {"Cohort B"},
        "superuser": set(Cohort.objects.values_list("name", flat=True)),
    }[role]
    assert shown == expected


@pytest.mark.parametrize("role", ROLES)
def test_deleting_an_assignment_by_role(client, request, role, cohort):
    assignment = AssignmentFactory(cohort=cohort, title="Doomed")
    _login(client, request, role)
    url = reverse("staff:assignment_delete", args=[cohort.pk, assignment.pk])
    if role in ALLOWED:
        assert client.get(url).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    response = client.post(url)
    assert response.status_code == _expected(role, HTTPStatus.FOUND)
    assert Assignment.objects.filter(pk=assignment.pk).exists() == (role not in ALLOWED)


def test_an_assignment_is_not_deleted_through_another_cohorts_url(cohort, client, other_staff):
    assignment = AssignmentFactory(cohort=cohort, title="A's set")
    cohort_b = other_staff.cohort_memberships.get().cohort
    client.force_login(other_staff)
    url = reverse("staff:assignment_delete", args=[cohort_b.pk, assignment.pk])
    assert client.post(url).status_code == HTTPStatus.NOT_FOUND
    assert Assignment.objects.filter(pk=assignment.pk).exists()
