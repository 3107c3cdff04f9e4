"""The request type of pages that only a logged-in user reaches."""

from django.http import HttpRequest

from accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """An `HttpRequest` behind `login_required` (or `staff_required`): its user is a `User`,
    never `AnonymousUser`. Only for type checking; Django builds the request as usual."""

    user: User
