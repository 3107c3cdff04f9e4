"""Creating and editing a cohort's assignments (their completion is on the dashboard)."""

from http import HTTPStatus

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.models import Cohort
from interviews.models import Assignment
from interviews.selectors import staff as selectors
from interviews.services import assignments as assignment_services

from .access import cohort_for_staff, staff_required
from .forms import AssignmentForm


@staff_required
def assignment_new(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    cohort = cohort_for_staff(request, cohort_id)
    return _form_page(request, cohort, None)


@staff_required
def assignment_edit(
    request: AuthenticatedHttpRequest, cohort_id: int, assignment_id: int
) -> HttpResponse:
    cohort = cohort_for_staff(request, cohort_id)
    assignment = selectors.assignment_for_staff(
        staff=request.user, cohort=cohort, assignment_id=assignment_id
    )
    return _form_page(request, cohort, assignment)


@require_POST
@staff_required
def assignment_delete(
    request: AuthenticatedHttpRequest, cohort_id: int, assignment_id: int
) -> HttpResponse:
    cohort = cohort_for_staff(request, cohort_id)
    assignment = selectors.assignment_for_staff(
        staff=request.user, cohort=cohort, assignment_id=assignment_id
    )
    title = assignment_services.assignment_delete(staff=request.user, assignment_id=assignment.pk)
    messages.success(request, _("Assignment %(title)s deleted.") % {"title": title})
    return redirect(reverse("staff:dashboard", args=[cohort.pk]) + "#assignments")


def _form_page(
    request: AuthenticatedHttpRequest, cohort: Cohort, assignment: Assignment | None
) -> HttpResponse:
    if request.method != "POST":
        form = AssignmentForm(assignment=assignment)
        return _render(request, cohort, assignment, form)
    form = AssignmentForm(request.POST, assignment=assignment)
    if "choose_track" in request.POST:  # re-drawn for another track; nothing saved
        form = AssignmentForm(initial=_redrawn(request), assignment=assignment)
        return _render(request, cohort, assignment, form)
    if form.is_valid():
        try:
            if assignment is None:
                saved = assignment_services.assignment_create(
                    staff=request.user, cohort_id=cohort.pk, spec=form.spec()
                )
            else:
                saved = assignment_services.assignment_update(
                    staff=request.user, assignment_id=assignment.pk, spec=form.spec()
                )
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(name if name in form.fields else None, error)
        else:
            messages.success(request, _("Assignment %(title)s saved.") % {"title": saved.title})
            return redirect(reverse("staff:dashboard", args=[cohort.pk]) + "#assignments")
    return _render(request, cohort, assignment, form, status=HTTPStatus.BAD_REQUEST)


def _redrawn(request: AuthenticatedHttpRequest) -> dict[str, object]:
    """What was typed, kept when the form is re-drawn for another track (its topics and
    questions are the new track's, so none is chosen yet)."""
    keep = ("title", "track", "level", "language", "mode", "length", "opens_on", "due_on")
    return {name: request.POST.get(name) for name in keep if request.POST.get(name)}


def _render(
    request: AuthenticatedHttpRequest,
    cohort: Cohort,
    assignment: Assignment | None,
    form: AssignmentForm,
    status: int = HTTPStatus.OK,
) -> HttpResponse:
    return render(
        request,
        "staff/assignment_form.html",
        {"cohort": cohort, "assignment": assignment, "form": form},
        status=status,
    )
