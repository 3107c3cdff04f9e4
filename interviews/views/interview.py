"""Starting an interview and the live interview page (the chat runs over the socket)."""

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedHttpRequest
from interviews.markdown import attach_rendered
from interviews.models import Difficulty, InterviewSession, QuestionLanguage, Track
from interviews.models.sessions import MAX_ANSWER_LENGTH, MAX_QUESTIONS, MIN_QUESTIONS
from interviews.selectors.sessions import (
    session_list_active_for_user,
    session_transcript_for_user,
)
from interviews.services.sessions import (
    IfUnfinished,
    NoQuestionsError,
    UnfinishedInterviewError,
    session_start,
)
from interviews.services.sessions.timing import SECONDS_PER_QUESTION_CHOICES
from interviews.services.transcription import TranscriptionRefusal, voice_options
from interviews.views.voice import refusal_message

NO_QUESTIONS_MESSAGE = gettext_lazy(
    "There are no published questions for this track yet. Please choose another track."
)
TIMED_PRACTICE_MESSAGE = gettext_lazy(
    "Practice mode is untimed: choose mock mode for a time limit, or no time limit."
)
UNFINISHED_MESSAGE = gettext_lazy(
    "You have an unfinished interview. Resume it, or start a new one: that ends the "
    "unfinished one, and its answers stay in your history."
)


class StartForm(forms.Form):
    track = forms.ModelChoiceField(
        label=gettext_lazy("Track"),
        queryset=Track.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": gettext_lazy("Please choose one of the tracks.")},
    )
    level = forms.ChoiceField(
        label=gettext_lazy("Level"), choices=Difficulty.choices, initial=Difficulty.JUNIOR
    )
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=QuestionLanguage.choices)
    length = forms.IntegerField(
        label=gettext_lazy("Number of questions"),
        min_value=MIN_QUESTIONS,
        max_value=MAX_QUESTIONS,
        initial=5,
        help_text=gettext_lazy("From 3 to 10."),
    )
    mode = forms.ChoiceField(
        label=gettext_lazy("Mode"),
        choices=InterviewSession.Mode.choices,
        initial=InterviewSession.Mode.PRACTICE,
        widget=forms.RadioSelect,
    )
    time_limit = forms.TypedChoiceField(
        label=gettext_lazy("Time per question"),
        choices=(),  # set per request by __init__, in the page's language
        coerce=int,
        empty_value=None,
        required=False,
        help_text=gettext_lazy(
            "Mock mode only. When the time runs out, your answer is sent as it stands."
        ),
    )
    # Sent only by the "start a new interview" button shown beside an unfinished one.
    end_unfinished = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        track_field = cast("forms.ModelChoiceField[Track]", self.fields["track"])
        track_field.queryset = Track.objects.order_by("order", "name")
        current = (get_language() or "ko")[:2]
        self.fields["language"].initial = current if current in QuestionLanguage.values else "ko"
        time_field = cast("forms.TypedChoiceField", self.fields["time_limit"])
        time_field.choices = [
            ("", _("No time limit")),
            *(
                (
                    str(seconds),
                    ngettext("%(count)d minute", "%(count)d minutes", seconds // 60)
                    % {"count": seconds // 60},
                )
                for seconds in SECONDS_PER_QUESTION_CHOICES
            ),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("time_limit") and data.get("mode") != InterviewSession.Mode.MOCK:
            self.add_error("time_limit", TIMED_PRACTICE_MESSAGE)
        return data


@login_required
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = StartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = session_start(
                user=request.user,
                track=data["track"],
                level=data["level"],
                language=data["language"],
                length=data["length"],
                mode=data["mode"],
                seconds_per_question=data["time_limit"],
                if_unfinished=IfUnfinished.END if data["end_unfinished"] else IfUnfinished.REFUSE,
            )
        except NoQuestionsError:
            form.add_error("track", NO_QUESTIONS_MESSAGE)
        except UnfinishedInterviewError:
            form.add_error(None, UNFINISHED_MESSAGE)
        else:
            return redirect("interviews:interview", session_id=session.pk)
    return render(
        request,
        "interviews/start.html",
        {"form": form, "active_sessions": session_list_active_for_user(user=request.user)},
    )


@login_required
def interview(request: AuthenticatedHttpRequest, session_id: int) -> HttpResponse:
    found = session_transcript_for_user(user=request.user, session_id=session_id)
    if found is None:
        raise Http404
    session, turns = found
    attach_rendered(turns=turns)
    if session.status != InterviewSession.Status.ACTIVE and not turns:
        messages.info(request, _("This interview has ended."))
        return redirect("interviews:history")
    return render(
        request,
        "interviews/interview.html",
        {
            "session": session,
            "turns": turns,
            "current": turns[-1] if turns else None,
            "live": True,
            "max_answer_length": MAX_ANSWER_LENGTH,
            # Spoken answers: recorded and transcribed by the server when one is set up,
            # else the browser's own speech recognition where it has one (voice.js).
            "voice": voice_options(),
            "voice_too_large": refusal_message(TranscriptionRefusal.TOO_LARGE),
        },
    )
