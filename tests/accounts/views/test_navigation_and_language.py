from http import HTTPStatus

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _nav(client) -> str:
    return client.get(reverse("home")).content.decode()


def test_anonymous_navigation_offers_login_and_signup(client):
    page = _nav(client)
    assert reverse("account_login") in page
    assert reverse("account_signup") in page
    assert reverse("admin:index") not in page


def test_candidate_navigation_has_no_admin_or_staff(client, candidate):
    client.force_login(candidate)
    page = _nav(client)
    assert candidate.display_name in page
    assert reverse("admin:index") not in page
    assert 'href="/staff/' not in page


def test_curator_navigation_links_the_admin(client, curator):
    client.force_login(curator)
    assert reverse("admin:index") in _nav(client)


def test_curator_can_open_question_admin_but_candidate_cannot(client, curator, candidate):
    client.force_login(curator)
    assert client.get(reverse("admin:interviews_question_changelist")).status_code == HTTPStatus.OK
    client.force_login(candidate)
    response = client.get(reverse("admin:interviews_question_changelist"))
    assert response.status_code == HTTPStatus.FOUND


def test_korean_browser_gets_korean_page(client):
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="ko-KR,ko;q=0.9").content.decode()
    assert '<html lang="ko">' in page
    assert "면접" in page


def test_language_switcher_sets_cookie_and_profile(client, candidate):
    client.force_login(candidate)
    response = client.post(
        reverse("accounts:set_language"), {"language": "ko", "next": reverse("home")}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("home")
    candidate.refresh_from_db()
    assert candidate.preferred_language == "ko"
    assert '<html lang="ko">' in _nav(client)


def test_language_switcher_refuses_offsite_redirect(client):
    response = client.post(
        reverse("accounts:set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_preferred_language_applies_after_login(client, candidate):
    candidate.preferred_language = "ko"
    candidate.save()
    client.force_login(candidate)
    assert '<html lang="ko">' in _nav(client)


def test_profile_edit_validates_and_saves(client, candidate):
    client.force_login(candidate)
    url = reverse("accounts:profile")
    response = client.post(url, {"display_name": "  ", "preferred_language": "en"})
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors["display_name"]
    response = client.post(url, {"display_name": "Renamed", "preferred_language": "en"})
    assert response.status_code == HTTPStatus.FOUND
    candidate.refresh_from_db()
    assert candidate.display_name == "Renamed"


def test_profile_requires_login(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == HTTPStatus.FOUND
    assert reverse("account_login") in response["Location"]


def test_the_sign_in_message_speaks_the_language_of_the_page_showing_it(client, password):
    from tests.factories import UserFactory

    user = UserFactory(preferred_language="ko")

    # Signed in from the English login page; the next page is in the profile's Korean.
    response = client.post(
        reverse("account_login"),
        {"login": user.email, "password": password},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )

    html = response.content.decode()
    assert '<html lang="ko">' in html
    assert "로그인 되었습니다" in html
    assert "Successfully signed in" not in html


def test_an_explicit_language_choice_keeps_the_sign_in_message_in_it(client, password):
    from tests.factories import UserFactory

    user = UserFactory(preferred_language="ko")
    client.cookies["django_language"] = "en"

    response = client.post(
        reverse("account_login"), {"login": user.email, "password": password}, follow=True
    )

    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Successfully signed in" in html
