"""The staff member's cohorts: the list, creating one, renewing its invite."""

from http import HTTPStatus

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import services as account_services
from accounts.http import AuthenticatedHttpRequest
from interviews.selectors import staff as selectors

from .access import cohort_for_staff, staff_required
from .forms import CohortCreateForm, InviteRenewForm


@staff_required
def cohort_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = CohortCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cohort = account_services.cohort_create(
                creator=request.user,
                name=form.cleaned_data["name"],
                invite_valid_days=form.cleaned_data["invite_valid_days"],
            )
        except account_services.CohortError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            form.add_error(None, getattr(exc, "message", None) or exc.messages[0])
        else:
            messages.success(
                request,
                _("Cohort %(name)s created. Share its invite link with your candidates.")
                % {"name": cohort.name},
            )
            return redirect("staff:dashboard", cohort_id=cohort.pk)
    return render(
        request,
        "staff/cohort_list.html",
        {"cohorts": selectors.cohort_list_for_staff(staff=request.user), "form": form},
        status=HTTPStatus.BAD_REQUEST if form.errors else HTTPStatus.OK,
    )


@staff_required
@require_POST
def invite_renew(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    form = InviteRenewForm(request.POST)
    days = form.cleaned_data["invite_valid_days"] if form.is_valid() else None
    if not form.is_valid():
        cohort_for_staff(request, cohort_id)  # 404 first for a cohort the staff member may not see
        messages.error(request, _("Enter a number of days from 1 to 365, or leave it empty."))
        return redirect("staff:dashboard", cohort_id=cohort_id)
    account_services.cohort_invite_renew(
        staff=request.user, cohort_id=cohort_id, invite_valid_days=days
    )
    messages.success(request, _("A new invite link was made; the old one no longer works."))
    return redirect("staff:dashboard", cohort_id=cohort_id)
