"""A candidate starts one of their cohort's assignments in one click (from the home page)."""

from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from interviews.selectors.assignments import assignment_get_for_candidate
from interviews.services.assignments import AssignmentNotOpenError, assignment_start
from interviews.services.sessions import IfUnfinished, NoQuestionsError, UnfinishedInterviewError
from interviews.views.interview import NO_QUESTIONS_MESSAGE, UNFINISHED_MESSAGE


@login_required
@require_POST
def start_assignment(request: AuthenticatedHttpRequest, assignment_id: int) -> HttpResponse:
    end = request.POST.get("end_unfinished") == "1"
    try:
        session = assignment_start(
            user=request.user,
            assignment_id=assignment_id,
            if_unfinished=IfUnfinished.END if end else IfUnfinished.REFUSE,
        )
    except UnfinishedInterviewError as exc:
        return render(
            request,
            "interviews/assignment_unfinished.html",
            {
                "assignment": assignment_get_for_candidate(
                    user=request.user, assignment_id=assignment_id
                ),
                "unfinished": exc.session,
                "message": UNFINISHED_MESSAGE,
            },
            status=HTTPStatus.CONFLICT,
        )
    except AssignmentNotOpenError as exc:
        messages.error(request, exc.message)
        return redirect("home")
    except NoQuestionsError:
        messages.error(request, NO_QUESTIONS_MESSAGE)
        return redirect("home")
    return redirect("interviews:interview", session_id=session.pk)
