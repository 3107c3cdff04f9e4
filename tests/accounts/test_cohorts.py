from datetime import timedelta
from http import HTTPStatus

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import CohortMembership
from accounts.selectors import INVITE_EXPIRED, INVITE_INVALID, cohorts_for_candidate
from tests.factories import CohortFactory

pytestmark = pytest.mark.django_db


def test_invite_link_shows_cohort_and_staff_then_joins(client, other_candidate, cohort_staff):
    cohort = cohort_staff.cohort_memberships.get().cohort
    client.force_login(other_candidate)
    url = reverse("accounts:join_cohort_code", args=[cohort.invite_code])
    page = client.get(url).content.decode()
    assert cohort.name in page
    assert "Cohort Staff" in page
    assert not CohortMembership.objects.filter(user=other_candidate).exists()  # GET writes nothing

    response = client.post(reverse("accounts:join_cohort"), {"code": cohort.invite_code})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("accounts:profile")
    membership = CohortMembership.objects.get(user=other_candidate)
    assert (membership.cohort, membership.role) == (cohort, "candidate")


def test_joining_twice_keeps_one_membership(client, candidate, cohort):
    client.force_login(candidate)
    response = client.post(reverse("accounts:join_cohort"), {"code": cohort.invite_code})
    assert response.status_code == HTTPStatus.FOUND
    assert CohortMembership.objects.filter(user=candidate).count() == 1


@pytest.mark.parametrize("code", ["nope", "", " "])
def test_invalid_code_is_refused(client, other_candidate, cohort, code):
    client.force_login(other_candidate)
    response = client.post(reverse("accounts:join_cohort"), {"code": code})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert str(INVITE_INVALID) in response.content.decode()
    assert not CohortMembership.objects.filter(user=other_candidate).exists()


def test_invalid_link_is_refused(client, other_candidate):
    client.force_login(other_candidate)
    response = client.get(reverse("accounts:join_cohort_code", args=["missing"]))
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert str(INVITE_INVALID) in response.content.decode()


def test_expired_code_is_refused(client, other_candidate):
    cohort = CohortFactory(invite_expires_at=timezone.now() - timedelta(minutes=1))
    client.force_login(other_candidate)
    for response in (
        client.get(reverse("accounts:join_cohort_code", args=[cohort.invite_code])),
        client.post(reverse("accounts:join_cohort"), {"code": cohort.invite_code}),
    ):
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert str(INVITE_EXPIRED) in response.content.decode()
    assert not CohortMembership.objects.filter(user=other_candidate).exists()


def test_staff_cannot_join_their_own_cohort_as_candidate(cohort, cohort_staff):
    with pytest.raises(services.CohortError):
        services.cohort_join(user=cohort_staff, code=cohort.invite_code)
    assert CohortMembership.objects.get(user=cohort_staff).role == "staff"


def test_anonymous_is_sent_to_login_and_back(client, cohort):
    url = reverse("accounts:join_cohort_code", args=[cohort.invite_code])
    response = client.get(url)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=" in response["Location"]


def test_profile_lists_cohorts_staff_and_leave(client, candidate, cohort, cohort_staff):
    client.force_login(candidate)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Cohort A" in page
    assert "Cohort Staff" in page
    assert reverse("accounts:leave_cohort", args=[cohort.pk]) in page


def test_profile_without_cohorts_offers_join(client, other_candidate):
    client.force_login(other_candidate)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("accounts:join_cohort") in page


def test_leave_removes_membership_and_staff_access(client, candidate, cohort, cohort_staff):
    client.force_login(candidate)
    assert client.get(reverse("accounts:leave_cohort", args=[cohort.pk])).status_code == (
        HTTPStatus.METHOD_NOT_ALLOWED
    )
    response = client.post(reverse("accounts:leave_cohort", args=[cohort.pk]))
    assert response.status_code == HTTPStatus.FOUND
    assert cohorts_for_candidate(user=candidate) == []
    client.force_login(cohort_staff)
    response = client.get(reverse("staff:candidate", args=[cohort.pk, candidate.pk]))
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_leave_a_cohort_one_is_not_in_is_404(client, other_candidate, cohort):
    client.force_login(other_candidate)
    response = client.post(reverse("accounts:leave_cohort", args=[cohort.pk]))
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_staff_cannot_leave_through_the_candidate_button(client, cohort, cohort_staff):
    client.force_login(cohort_staff)
    response = client.post(reverse("accounts:leave_cohort", args=[cohort.pk]))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert CohortMembership.objects.filter(user=cohort_staff).exists()


def test_only_bootcamp_staff_create_cohorts(candidate, cohort_staff):
    with pytest.raises(services.CohortError):
        services.cohort_create(creator=candidate, name="Mine")
    cohort = services.cohort_create(creator=cohort_staff, name="Evening", invite_valid_days=7)
    assert CohortMembership.objects.get(cohort=cohort, user=cohort_staff).role == "staff"
    assert cohort.invite_expires_at > timezone.now() + timedelta(days=6)


def test_renewing_the_invite_retires_the_old_code(cohort, cohort_staff, other_staff):
    old = cohort.invite_code
    with pytest.raises(Http404):
        services.cohort_invite_renew(staff=other_staff, cohort_id=cohort.pk)
    renewed = services.cohort_invite_renew(staff=cohort_staff, cohort_id=cohort.pk)
    assert renewed.invite_code != old
    with pytest.raises(services.CohortError):
        services.cohort_join(user=cohort_staff, code=old)
