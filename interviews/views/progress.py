"""The candidate's progress page, and "practise these" (a session on weak topics)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from interviews.charts import bar_chart_svg, line_chart_svg
from interviews.selectors.progress import practice_plan_for_user, progress_for_user
from interviews.services.sessions import (
    NoQuestionsError,
    UnfinishedInterviewError,
    session_start,
)

PRACTICE_LENGTH = 3


@login_required
def progress(request: AuthenticatedHttpRequest) -> HttpResponse:
    data = progress_for_user(user=request.user)
    return render(
        request,
        "interviews/progress.html",
        {
            "progress": data,
            "score_chart": line_chart_svg(data.score_points, label=_("Average score by day")),
            "topic_chart": bar_chart_svg(data.topic_averages, label=_("Average score by topic")),
        },
    )


@login_required
@require_POST
def practise(request: AuthenticatedHttpRequest) -> HttpResponse:
    topics, latest = practice_plan_for_user(user=request.user)
    if not topics or latest is None:
        messages.info(request, _("Answer a few questions first, then practise your weak spots."))
        return redirect("interviews:progress")
    try:
        session = session_start(
            user=request.user,
            track=topics[0].track,
            level=latest.level,
            language=latest.language,
            length=PRACTICE_LENGTH,
            mode=latest.mode,
            focus_topics=topics,
        )
    except NoQuestionsError:
        messages.error(request, _("There are no questions to practise these topics yet."))
        return redirect("interviews:progress")
    except UnfinishedInterviewError:
        # The start page offers to resume it, or to end it and start anew.
        messages.info(request, _("Resume or end your unfinished interview first."))
        return redirect("interviews:start")
    return redirect("interviews:interview", session_id=session.pk)
