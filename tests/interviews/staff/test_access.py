"""Every staff page over every asking role: anonymous, candidate, cohort staff, other staff,
superuser. Staff of another cohort get 404 for anything of this one."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from accounts.models import CohortMembership
from interviews.models import TurnReview
from tests.factories import StaffFactory
from tests.interviews.staff.conftest import scored_session

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "candidate", "cohort_staff", "other_staff", "superuser"]
GET_PAGES = ["dashboard", "calibration", "export", "candidate", "transcript"]


def _url(name, cohort, candidate, session, turn):
    args = {
        "dashboard": [cohort.pk],
        "calibration": [cohort.pk],
        "export": [cohort.pk],
        "invite_renew": [cohort.pk],
        "candidate": [cohort.pk, candidate.pk],
        "transcript": [cohort.pk, session.pk],
        "turn_review": [cohort.pk, turn.pk],
    }[name]
    return reverse(f"staff:{name}", args=args)


def _login(client, request, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))


@pytest.mark.parametrize("page", GET_PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_get_pages_by_role(client, request, role, page, cohort, candidate, session, turn):
    request.getfixturevalue("cohort_staff")
    _login(client, request, role)
    response = client.get(_url(page, cohort, candidate, session, turn))
    expected = {
        "anonymous": HTTPStatus.FOUND,
        "candidate": HTTPStatus.NOT_FOUND,
        "cohort_staff": HTTPStatus.OK,
        "other_staff": HTTPStatus.NOT_FOUND,
        "superuser": HTTPStatus.OK,
    }[role]
    assert response.status_code == expected
    if role == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ROLES)
def test_review_post_by_role(client, request, role, cohort, candidate, session, turn):
    request.getfixturevalue("cohort_staff")
    _login(client, request, role)
    response = client.post(
        _url("turn_review", cohort, candidate, session, turn),
        {f"turn-{turn.pk}-comment": "Nice", f"turn-{turn.pk}-score": "70"},
    )
    written = TurnReview.objects.filter(turn=turn).exists()
    if role in ("cohort_staff", "superuser"):
        assert response.status_code == HTTPStatus.FOUND
        assert written
    else:
        assert response.status_code in (HTTPStatus.FOUND, HTTPStatus.NOT_FOUND)
        assert response.status_code == (
            HTTPStatus.FOUND if role == "anonymous" else HTTPStatus.NOT_FOUND
        )
        assert not written


@pytest.mark.parametrize("role", ROLES)
def test_invite_renew_by_role(client, request, role, cohort, candidate, session, turn):
    request.getfixturevalue("cohort_staff")
    old_code = cohort.invite_code
    _login(client, request, role)
    response = client.post(_url("invite_renew", cohort, candidate, session, turn), {})
    cohort.refresh_from_db()
    if role in ("cohort_staff", "superuser"):
        assert response.status_code == HTTPStatus.FOUND
        assert cohort.invite_code != old_code
    else:
        assert response.status_code == (
            HTTPStatus.FOUND if role == "anonymous" else HTTPStatus.NOT_FOUND
        )
        assert cohort.invite_code == old_code


@pytest.mark.parametrize("role", ROLES)
def test_cohort_list_shows_only_own_cohorts(client, request, role, cohort):
    request.getfixturevalue("cohort_staff")
    request.getfixturevalue("other_staff")
    _login(client, request, role)
    response = client.get(reverse("staff:cohorts"))
    if role == "anonymous":
        assert response.status_code == HTTPStatus.FOUND
        return
    if role == "candidate":
        assert response.status_code == HTTPStatus.NOT_FOUND
        return
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert ("Cohort A" in page) == (role in ("cohort_staff", "superuser"))
    assert ("Cohort B" in page) == (role in ("other_staff", "superuser"))


def test_staff_nav_link_shows_for_staff_only(client, cohort_staff, candidate):
    client.force_login(cohort_staff)
    assert reverse("staff:cohorts") in client.get(reverse("home")).content.decode()
    client.force_login(candidate)
    assert f'href="{reverse("staff:cohorts")}"' not in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("page", ["candidate", "transcript", "turn_review"])
def test_candidate_outside_the_cohort_is_404(client, cohort, cohort_staff, other_candidate, page):
    other_session = scored_session(other_candidate, days_ago=1, score=50)
    other_turn = other_session.turns.first()
    client.force_login(cohort_staff)
    url = _url(page, cohort, other_candidate, other_session, other_turn)
    if page == "turn_review":
        response = client.post(url, {f"turn-{other_turn.pk}-comment": "Sneaky"})
        assert not TurnReview.objects.exists()
    else:
        response = client.get(url)
    assert response.status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("page", ["candidate", "transcript", "turn_review"])
def test_staff_lose_access_when_candidate_leaves(
    client, cohort, cohort_staff, candidate, session, turn, page
):
    CohortMembership.objects.filter(cohort=cohort, user=candidate).delete()
    client.force_login(cohort_staff)
    url = _url(page, cohort, candidate, session, turn)
    if page == "turn_review":
        response = client.post(url, {f"turn-{turn.pk}-comment": "Too late"})
        assert not TurnReview.objects.exists()
    else:
        response = client.get(url)
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_transcript_url_of_cohort_b_through_cohort_a_is_404(
    client, cohort, cohort_staff, other_staff, other_candidate
):
    """Staff of B cannot reach A's candidate by putting B's cohort id in the URL."""
    cohort_b = other_staff.cohort_memberships.get().cohort
    session = scored_session(other_candidate, days_ago=1, score=50)
    CohortMembership.objects.create(cohort=cohort_b, user=other_candidate)
    client.force_login(cohort_staff)
    response = client.get(reverse("staff:transcript", args=[cohort_b.pk, session.pk]))
    assert response.status_code == HTTPStatus.NOT_FOUND
    response = client.get(reverse("staff:transcript", args=[cohort.pk, session.pk]))
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_group_member_without_membership_sees_no_cohort(client, cohort, session):
    client.force_login(StaffFactory())
    response = client.get(reverse("staff:dashboard", args=[cohort.pk]))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert client.get(reverse("staff:cohorts")).status_code == HTTPStatus.OK
