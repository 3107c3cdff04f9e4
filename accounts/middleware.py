from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from accounts.models import User


def activate_preferred_language(request: HttpRequest, user: User) -> None:
    """Shows the rest of the request in the user's preferred language, unless an explicit
    choice made with the language switcher (the language cookie) says otherwise."""
    if settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        return
    translation.activate(user.preferred_language)
    request.LANGUAGE_CODE = user.preferred_language


class PreferredLanguageMiddleware:
    """Shows a logged-in user's pages in their preferred language.

    An explicit choice made with the language switcher (the language cookie) wins;
    otherwise the profile's language replaces the browser's Accept-Language guess.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            activate_preferred_language(request, user)
        return self.get_response(request)
