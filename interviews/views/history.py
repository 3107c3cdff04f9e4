"""The candidate's interview history: list, detail, delete, Markdown export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedHttpRequest
from interviews.markdown import attach_rendered
from interviews.models import InterviewSession
from interviews.selectors.sessions import (
    session_get_for_user,
    session_list_active_for_user,
    session_list_for_user,
    session_transcript_for_user,
    tracks_of_user,
)
from interviews.services.reviews import turn_reviews_mark_read
from interviews.services.sessions import session_delete

PAGE_SIZE = 20


@login_required
def history(request: AuthenticatedHttpRequest) -> HttpResponse:
    tracks = list(tracks_of_user(user=request.user))
    track = request.GET.get("track", "")
    if track not in {t.slug for t in tracks}:
        track = ""
    status = request.GET.get("status", "")
    if status not in InterviewSession.Status.values:
        status = ""
    sessions = session_list_for_user(user=request.user, track=track or None, status=status or None)
    page = Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "interviews/history.html",
        {
            "page": page,
            "tracks": tracks,
            "statuses": InterviewSession.Status.choices,
            "track": track,
            "status": status,
            "active_sessions": session_list_active_for_user(user=request.user)
            if page.number == 1
            else [],
        },
    )


@login_required
def history_detail(request: AuthenticatedHttpRequest, session_id: int) -> HttpResponse:
    found = session_transcript_for_user(user=request.user, session_id=session_id, with_reviews=True)
    if found is None:
        raise Http404
    session, turns = found
    attach_rendered(turns=turns)
    # Opened: its staff comments are no longer new (the page shows which were).
    newly_read = turn_reviews_mark_read(candidate=request.user, session_id=session.pk)
    return render(
        request,
        "interviews/history_detail.html",
        {
            "session": session,
            "turns": turns,
            "show_reviews": True,
            "live": False,
            "newly_read": newly_read,
        },
    )


@login_required
def history_delete(request: AuthenticatedHttpRequest, session_id: int) -> HttpResponse:
    session = session_get_for_user(user=request.user, session_id=session_id)
    if session is None:
        raise Http404
    if request.method == "POST":
        session_delete(user=request.user, session_id=session_id)
        messages.success(request, _("The interview was deleted."))
        return redirect("interviews:history")
    return render(request, "interviews/confirm_delete.html", {"session": session})


@login_required
def history_export(request: AuthenticatedHttpRequest, session_id: int) -> HttpResponse:
    found = session_transcript_for_user(user=request.user, session_id=session_id, with_reviews=True)
    if found is None:
        raise Http404
    session, turns = found
    text = render_to_string(
        "interviews/export.md", {"session": session, "turns": turns}, request=request
    )
    day = timezone.localtime(session.started_at).strftime("%Y-%m-%d")
    response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="interview-{day}-{session.track.slug}-{session.pk}.md"'
    )
    return response
