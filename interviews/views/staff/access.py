"""Who may open a staff page, and the cohort it is about."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse

from accounts import selectors as account_selectors
from accounts.http import AuthenticatedHttpRequest
from accounts.models import Cohort


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def wrapper(request: AuthenticatedHttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not request.user.is_bootcamp_staff:
            raise Http404("Staff pages are for bootcamp staff.")
        return view(request, *args, **kwargs)

    return wrapper


def cohort_for_staff(request: AuthenticatedHttpRequest, cohort_id: int) -> Cohort:
    """The cohort the page is about; Http404 unless the asking staff member follows it."""
    return account_selectors.cohort_get_for_staff(staff=request.user, cohort_id=cohort_id)
