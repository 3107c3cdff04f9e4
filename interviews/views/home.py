"""The signed-in candidate's home: resume, practise, scores with their trend, new staff
comments, and the assignments staff set for the candidate's cohorts."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedHttpRequest
from interviews.charts import line_chart_svg
from interviews.selectors.assignments import assignment_list_open_for_candidate
from interviews.selectors.home import candidate_home_for_user


def candidate_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    home = candidate_home_for_user(user=request.user)
    points = [
        (timezone.localtime(scored.session.started_at).strftime("%m-%d"), scored.score)
        for scored in home.scores.interviews
    ]
    return render(
        request,
        "interviews/home/home.html",
        {
            "home": home,
            "active_sessions": home.unfinished,  # the name interviews/_resume.html reads
            "assignments": assignment_list_open_for_candidate(user=request.user),
            "score_chart": (
                line_chart_svg(points, label=_("Your latest interviews' scores"), height=160)
                if len(points) > 1
                else ""
            ),
        },
    )
