"""Signal receivers of the accounts app (connected in `AccountsConfig.ready`)."""

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from accounts.middleware import activate_preferred_language
from accounts.models import User


@receiver(user_logged_in, dispatch_uid="accounts.login_language")
def login_in_preferred_language(
    sender: type, request: HttpRequest | None, user: User, **kwargs: Any
) -> None:
    # The login request began in the login page's language; the next page is in the
    # user's. allauth writes its "Successfully signed in" message after this signal, so
    # switching here puts that message in the language of the page that shows it.
    if request is not None:
        activate_preferred_language(request, user)
