from http import HTTPStatus

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from interviews.views.home import candidate_home


def home(request: HttpRequest) -> HttpResponse:
    """A signed-in user's home (interviews/views/home.py); the product page for visitors."""
    if request.user.is_authenticated:
        return candidate_home(request)  # type: ignore[arg-type]  # authenticated: a User
    return render(request, "home.html")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=HTTPStatus.FORBIDDEN)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=HTTPStatus.NOT_FOUND)


def server_error(request: HttpRequest) -> HttpResponse:
    # No request context: whatever broke may be in a context processor.
    return HttpResponse(
        render_to_string("errors/500.html"), status=HTTPStatus.INTERNAL_SERVER_ERROR
    )


def rate_limited(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/429.html", status=HTTPStatus.TOO_MANY_REQUESTS)
