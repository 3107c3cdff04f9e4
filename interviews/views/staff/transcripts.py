"""An interview's transcript for staff, and saving a staff review of one of its turns."""

from http import HTTPStatus

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.models import Cohort
from interviews.models import InterviewSession
from interviews.selectors import staff as selectors
from interviews.services import reviews as review_services

from .access import cohort_for_staff, staff_required
from .forms import TurnReviewForm


@staff_required
@require_GET
def transcript(request: AuthenticatedHttpRequest, cohort_id: int, session_id: int) -> HttpResponse:
    cohort = cohort_for_staff(request, cohort_id)
    session = selectors.session_get_for_staff(
        staff=request.user, cohort=cohort, session_id=session_id
    )
    return _render_transcript(request, cohort, session)


def _render_transcript(
    request: AuthenticatedHttpRequest,
    cohort: Cohort,
    session: InterviewSession,
    *,
    failed_turn_id: int | None = None,
    failed_form: TurnReviewForm | None = None,
) -> HttpResponse:
    turns = []
    for turn, reviews, own in selectors.session_turns_for_staff(
        staff=request.user, cohort=cohort, session=session
    ):
        if turn.pk == failed_turn_id:
            form = failed_form
        else:
            initial = {"comment": own.comment, "score": own.score} if own else {}
            form = TurnReviewForm(initial=initial, prefix=f"turn-{turn.pk}")
        turns.append({"turn": turn, "reviews": reviews, "own": own, "form": form})
    return render(
        request,
        "staff/transcript.html",
        {"cohort": cohort, "session": session, "turns": turns},
        status=HTTPStatus.BAD_REQUEST if failed_form is not None else HTTPStatus.OK,
    )


@staff_required
@require_POST
def turn_review(request: AuthenticatedHttpRequest, cohort_id: int, turn_id: int) -> HttpResponse:
    cohort = cohort_for_staff(request, cohort_id)
    turn = selectors.turn_get_for_staff(staff=request.user, cohort=cohort, turn_id=turn_id)
    form = TurnReviewForm(request.POST, prefix=f"turn-{turn.pk}")
    if form.is_valid():
        try:
            review_services.turn_review_save(
                reviewer=request.user,
                cohort=cohort,
                turn_id=turn.pk,
                comment=form.cleaned_data["comment"],
                score=form.cleaned_data["score"],
            )
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(name if name in form.fields else None, error)
        else:
            messages.success(request, _("Your review was saved."))
            url = reverse("staff:transcript", args=[cohort.pk, turn.session_id])
            return redirect(f"{url}#turn-{turn.pk}")
    return _render_transcript(
        request, cohort, turn.session, failed_turn_id=turn.pk, failed_form=form
    )
