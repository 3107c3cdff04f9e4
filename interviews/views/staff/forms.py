"""Forms of the staff pages (input parsing only; the services validate again)."""

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts import services as account_services
from accounts.models import Cohort, OverBudget
from interviews.models import (
    Assignment,
    Difficulty,
    InterviewSession,
    Question,
    QuestionLanguage,
    QuestionStatus,
    Topic,
    Track,
)
from interviews.models.assignments import ASSIGNMENT_TITLE_MAX_LENGTH
from interviews.models.reviews import MAX_REVIEW_COMMENT_LENGTH
from interviews.models.sessions import MAX_QUESTIONS, MIN_QUESTIONS
from interviews.services import reviews as review_services
from interviews.services.assignments import AssignmentSpec


class CohortCreateForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Cohort name"), max_length=120)
    invite_valid_days = forms.IntegerField(
        label=gettext_lazy("Invite valid for (days)"),
        required=False,
        min_value=1,
        max_value=account_services.INVITE_DAYS_MAX,
        help_text=gettext_lazy("Leave empty for an invite that does not expire."),
    )


class InviteRenewForm(forms.Form):
    invite_valid_days = CohortCreateForm.base_fields["invite_valid_days"]


class TurnReviewForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_REVIEW_COMMENT_LENGTH}),
    )
    score = forms.IntegerField(
        label=gettext_lazy("Your score (0 to 100)"),
        required=False,
        widget=forms.NumberInput(attrs={"min": 0, "max": 100}),
        error_messages={"invalid": review_services.SCORE_OUT_OF_RANGE},
    )


class _QuestionChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        question = cast("Question", obj)
        text = question.text if len(question.text) <= 110 else question.text[:107] + "…"
        return f"[{question.language} · {question.get_difficulty_display()}] {text}"


class AssignmentForm(forms.Form):
    """An assignment's fields. Topics and questions are offered for one track: the one
    posted, else the assignment's, else the first; "Show this track" re-draws the form for
    another track without saving (the page needs no script)."""

    title = forms.CharField(label=gettext_lazy("Title"), max_length=ASSIGNMENT_TITLE_MAX_LENGTH)
    track = forms.ModelChoiceField(
        label=gettext_lazy("Track"), queryset=Track.objects.none(), empty_label=None
    )
    topics = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Topics (none: the whole track)"),
        queryset=Topic.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    questions = _QuestionChoice(
        label=gettext_lazy("Or hand-pick the questions (3 to 10; the interview asks these)"),
        queryset=Question.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    level = forms.ChoiceField(label=gettext_lazy("Level"), choices=Difficulty.choices)
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=QuestionLanguage.choices)
    mode = forms.ChoiceField(
        label=gettext_lazy("Mode"),
        choices=InterviewSession.Mode.choices,
        widget=forms.RadioSelect,
    )
    length = forms.IntegerField(
        label=gettext_lazy("Number of questions"),
        min_value=MIN_QUESTIONS,
        max_value=MAX_QUESTIONS,
        initial=5,
    )
    opens_on = forms.DateField(
        label=gettext_lazy("Opens on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    due_on = forms.DateField(
        label=gettext_lazy("Due on (end of the day)"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, assignment: Assignment | None = None, **kwargs: Any) -> None:
        if assignment is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": assignment.title,
                "track": assignment.track_id,
                "topics": list(assignment.topics.values_list("pk", flat=True)),
                "questions": list(assignment.questions.values_list("pk", flat=True)),
                "level": assignment.level,
                "language": assignment.language,
                "mode": assignment.mode,
                "length": assignment.length,
                "opens_on": assignment.opens_on,
                "due_on": assignment.due_on,
            }
        kwargs.setdefault(
            "initial", {"opens_on": timezone.localdate(), "mode": InterviewSession.Mode.PRACTICE}
        )
        super().__init__(*args, **kwargs)
        tracks = Track.objects.order_by("order", "name")
        cast("forms.ModelChoiceField[Track]", self.fields["track"]).queryset = tracks
        track = self._chosen_track(tracks)
        topics = cast("forms.ModelMultipleChoiceField[Topic]", self.fields["topics"])
        topics.queryset = Topic.objects.filter(track=track).order_by("name")
        questions = cast("forms.ModelMultipleChoiceField[Question]", self.fields["questions"])
        questions.queryset = Question.objects.filter(
            track=track, status=QuestionStatus.PUBLISHED
        ).order_by("language", "difficulty", "id")

    def _chosen_track(self, tracks: Any) -> Track | None:
        raw = self.data.get("track") if self.is_bound else self.initial.get("track")
        chosen = tracks.filter(pk=raw).first() if str(raw or "").isdigit() else None
        return chosen or tracks.first()

    def spec(self) -> AssignmentSpec:
        data = self.cleaned_data
        return AssignmentSpec(
            title=data["title"],
            track=data["track"],
            level=data["level"],
            language=data["language"],
            mode=data["mode"],
            length=data["length"],
            opens_on=data["opens_on"],
            due_on=data["due_on"],
            topics=list(data["topics"]),
            questions=list(data["questions"]),
        )


class CohortBudgetForm(forms.Form):
    llm_monthly_tokens = forms.IntegerField(
        label=gettext_lazy("Tokens per month for the cohort"),
        required=False,
        min_value=0,
        max_value=2**63 - 1,
        help_text=gettext_lazy("Empty: the site's setting. 0: no limit."),
    )
    llm_daily_tokens_per_user = forms.IntegerField(
        label=gettext_lazy("Tokens per candidate per day"),
        required=False,
        min_value=0,
        max_value=2**31 - 1,
        help_text=gettext_lazy("Empty: the site's setting. 0: no limit."),
    )
    llm_over_budget = forms.ChoiceField(
        label=gettext_lazy("Past a limit"), choices=OverBudget.choices, widget=forms.RadioSelect
    )

    @classmethod
    def for_cohort(cls, cohort: Cohort) -> "CohortBudgetForm":
        return cls(
            initial={
                "llm_monthly_tokens": cohort.llm_monthly_tokens,
                "llm_daily_tokens_per_user": cohort.llm_daily_tokens_per_user,
                "llm_over_budget": cohort.llm_over_budget,
            }
        )
