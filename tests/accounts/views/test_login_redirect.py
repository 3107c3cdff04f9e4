"""Where each role lands after logging in: curators in the admin, everyone else at home."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from accounts.roles import CURATOR_GROUP, role_groups_ensure
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LANDING = {
    "candidate": "home",
    "cohort_staff": "home",
    "other_staff": "home",
    "curator": "admin:index",
    "superuser": "admin:index",
}


def _login(client, user, **query):
    url = reverse("account_login")
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return client.post(url, {"login": user.email, "password": TEST_PASSWORD})


@pytest.mark.parametrize("role", sorted(LANDING))
def test_each_role_lands_where_its_work_is(client, request, role):
    user = request.getfixturevalue(role)
    user.set_password(TEST_PASSWORD)
    user.save()

    response = _login(client, user)

    assert response.status_code == HTTPStatus.FOUND
    assert response.url == reverse(LANDING[role])
    if LANDING[role] == "admin:index":
        assert client.get(response.url).status_code == HTTPStatus.OK


def test_a_curators_group_member_who_cannot_open_the_admin_lands_at_home(client):
    user = UserFactory()
    user.groups.add(role_groups_ensure()[CURATOR_GROUP])

    response = _login(client, user)

    assert response.url == reverse("home")


def test_a_next_page_still_wins_for_a_curator(client, curator):
    target = reverse("interviews:history")
    response = _login(client, curator, next=target)
    assert response.url == target
