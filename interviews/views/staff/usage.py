"""LLM usage and estimated cost: every cohort the staff member follows (a superuser:
all), and one cohort's budgets, which its staff may override."""

from http import HTTPStatus

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts import services as account_services
from accounts.http import AuthenticatedHttpRequest
from interviews.selectors import staff as selectors

from .access import cohort_for_staff, staff_required
from .forms import CohortBudgetForm


@staff_required
@require_GET
def usage_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "staff/usage_list.html",
        {
            "usages": selectors.cohort_usage_list_for_staff(staff=request.user),
            "period": selectors.usage_period(),
        },
    )


@staff_required
def cohort_budget(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    cohort = cohort_for_staff(request, cohort_id)
    form = CohortBudgetForm(request.POST) if request.method == "POST" else None
    if form is not None and form.is_valid():
        try:
            account_services.cohort_budget_update(
                staff=request.user,
                cohort_id=cohort.pk,
                monthly_tokens=form.cleaned_data["llm_monthly_tokens"],
                daily_tokens_per_user=form.cleaned_data["llm_daily_tokens_per_user"],
                over_budget=form.cleaned_data["llm_over_budget"],
            )
        except ValidationError as exc:
            for error in exc.messages:
                form.add_error(None, error)
        else:
            messages.success(request, _("The cohort's LLM budget was saved."))
            return redirect("staff:budget", cohort_id=cohort.pk)
    return render(
        request,
        "staff/budget.html",
        {
            "cohort": cohort,
            "usage": selectors.cohort_usage_for_staff(staff=request.user, cohort=cohort),
            "period": selectors.usage_period(),
            "form": form or CohortBudgetForm.for_cohort(cohort),
        },
        status=HTTPStatus.BAD_REQUEST if form is not None else HTTPStatus.OK,
    )
