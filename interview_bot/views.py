from http import HTTPStatus

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from interviews.selectors.assignments import assignment_list_open_for_candidate
from interviews.selectors.sessions import session_list_active_for_user


def home(request: HttpRequest) -> HttpResponse:
    active_sessions = (
        session_list_active_for_user(user=request.user) if request.user.is_authenticated else []
    )
    return render(
        request,
        "home.html",
        {
            "active_sessions": active_sessions,
            "assignments": (
                assignment_list_open_for_candidate(user=request.user)
                if request.user.is_authenticated
                else []
            ),
        },
    )


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
