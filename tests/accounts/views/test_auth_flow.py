import re
from http import HTTPStatus

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db

STRONG_PASSWORD = "blue-lantern-orchard-77"


def _signup(client, **overrides):
    data = {
        "email": "new.person@example.com",
        "display_name": "New Person",
        "preferred_language": "en",
        "password1": STRONG_PASSWORD,
        "password2": STRONG_PASSWORD,
    }
    data.update(overrides)
    return client.post(reverse("account_signup"), data)


def test_signup_login_logout_round_trip(client):
    response = _signup(client)
    assert response.status_code == HTTPStatus.FOUND
    user = User.objects.get(email="new.person@example.com")
    assert user.display_name == "New Person"
    assert user.preferred_language == "en"

    home = client.get(reverse("home"))
    assert "New Person" in home.content.decode()
    assert reverse("account_logout") in home.content.decode()

    client.post(reverse("account_logout"))
    home = client.get(reverse("home"))
    assert "New Person" not in home.content.decode()
    assert reverse("account_login") in home.content.decode()

    response = client.post(
        reverse("account_login"),
        {"login": "new.person@example.com", "password": STRONG_PASSWORD},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert "New Person" in client.get(reverse("home")).content.decode()


def test_logout_by_get_does_not_log_out(client, candidate):
    client.force_login(candidate)
    client.get(reverse("account_logout"))
    assert candidate.display_name in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"email": "taken@example.com"}, "email"),
        ({"password2": "something-else-entirely-9"}, "password2"),
        ({"password1": "1234", "password2": "1234"}, "password1"),
        ({"display_name": "x" * 61}, "display_name"),
        ({"display_name": ""}, "display_name"),
        ({"email": ""}, "email"),
        ({"email": "not-an-email"}, "email"),
    ],
)
def test_bad_signup_rerenders_with_error_and_creates_nothing(client, overrides, field):
    User.objects.create_user(email="taken@example.com", password="x", display_name="Taken")
    before = User.objects.count()
    response = _signup(client, **overrides)
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors.get(field)
    assert User.objects.count() == before


def test_wrong_password_shows_error_and_locks_out(client, candidate, password):
    for _ in range(5):
        response = client.post(
            reverse("account_login"), {"login": candidate.email, "password": "wrong-password"}
        )
        assert response.status_code == HTTPStatus.OK
        assert response.context["form"].errors
    # After five failures even the right password is refused for a while.
    response = client.post(
        reverse("account_login"), {"login": candidate.email, "password": password}
    )
    assert response.status_code == HTTPStatus.OK
    assert "Too many failed login attempts" in str(response.context["form"].errors)
    assert "_auth_user_id" not in client.session


def test_rate_limit_breach_shows_friendly_429_page(client, candidate):
    statuses = [
        client.post(reverse("account_reset_password"), {"email": candidate.email}).status_code
        for _ in range(6)
    ]
    assert statuses[:5] == [HTTPStatus.FOUND] * 5
    assert statuses[5] == HTTPStatus.TOO_MANY_REQUESTS
    response = client.post(reverse("account_reset_password"), {"email": candidate.email})
    assert "Too many attempts" in response.content.decode()


def test_password_reset_mail_and_link(client, candidate):
    response = client.post(reverse("account_reset_password"), {"email": candidate.email})
    assert response.status_code == HTTPStatus.FOUND
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    response = client.get(link.group(1), follow=True)
    assert response.status_code == HTTPStatus.OK
    new_password = "fresh-meadow-lantern-31"
    response = client.post(
        response.redirect_chain[-1][0] if response.redirect_chain else link.group(1),
        {"password1": new_password, "password2": new_password},
    )
    assert response.status_code == HTTPStatus.FOUND
    candidate.refresh_from_db()
    assert candidate.check_password(new_password)


def test_password_change(client, candidate, password):
    client.force_login(candidate)
    new_password = "quiet-harbour-violet-58"
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": password, "password1": new_password, "password2": new_password},
    )
    assert response.status_code == HTTPStatus.FOUND
    candidate.refresh_from_db()
    assert candidate.check_password(new_password)


def test_post_without_csrf_token_is_refused(candidate):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("account_login"), {"login": candidate.email, "password": "whatever"}
    )
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_unknown_url_gives_friendly_404(client):
    response = client.get("/no/such/page/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Page not found" in response.content.decode()


def test_the_admin_login_cannot_bypass_the_lockout(client, curator, password):
    for _ in range(30):
        client.post(reverse("admin:login"), {"username": curator.email, "password": "wrong"})
    response = client.post(
        reverse("admin:login"), {"username": curator.email, "password": password}
    )

    # The admin's own form is not there to guess against: sign-in goes through allauth.
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(("page_language", "offered"), [("en", "en"), ("ko", "ko")])
def test_signup_offers_the_pages_language_as_preferred(client, page_language, offered):
    page = client.get(reverse("account_signup"), HTTP_ACCEPT_LANGUAGE=page_language)

    assert page.context["form"]["preferred_language"].value() == offered


@pytest.mark.parametrize(
    ("cookie", "accept", "expected"), [("en", "ko", "en"), ("ko", "en", "ko"), (None, "en", "en")]
)
def test_a_signup_as_the_browser_sends_it_keeps_the_pages_language(
    client, settings, cookie, accept, expected
):
    """The form posted as drawn (the language select left alone): the account's language
    is the signup page's, whether the switcher's cookie or the browser chose it."""
    if cookie:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie
    page = client.get(reverse("account_signup"), HTTP_ACCEPT_LANGUAGE=accept).content.decode()
    assert f'<html lang="{expected}">' in page
    select = re.search(r'<select name="preferred_language".*?</select>', page, re.S)
    assert select is not None
    chosen = re.findall(r'<option value="(\w+)" selected>', select.group(0))
    assert chosen == [expected]

    response = client.post(
        reverse("account_signup"),
        {
            "email": "from.the.page@example.com",
            "display_name": "From The Page",
            "preferred_language": chosen[0],
            "password1": STRONG_PASSWORD,
            "password2": STRONG_PASSWORD,
        },
        HTTP_ACCEPT_LANGUAGE=accept,
    )

    assert response.status_code == HTTPStatus.FOUND
    assert User.objects.get(email="from.the.page@example.com").preferred_language == expected
    home = client.get(response.url, HTTP_ACCEPT_LANGUAGE=accept).content.decode()
    assert f'<html lang="{expected}">' in home
