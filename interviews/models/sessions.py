"""Interview sessions and their turns: the single source of truth for an interview."""

import math

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from interviews.models.bank import Difficulty, Question, QuestionLanguage, Topic, Track

MIN_QUESTIONS = 3
MAX_QUESTIONS = 10
MAX_ANSWER_LENGTH = 4000
# `Turn.error` of an answer the model did not grade because an LLM budget was spent.
TURN_OVER_BUDGET_ERROR = "llm budget"
# A timed mock interview's time per question, in seconds (the start page offers a few).
MAX_SECONDS_PER_QUESTION = 3600


class InterviewSession(models.Model):
    class Mode(models.TextChoices):
        PRACTICE = "practice", _("Practice (hints allowed)")
        MOCK = "mock", _("Strict mock interview")

    class Status(models.TextChoices):
        ACTIVE = "active", _("In progress")
        COMPLETED = "completed", _("Completed")
        ABANDONED = "abandoned", _("Abandoned")

    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="interview_sessions",
        verbose_name=_("candidate"),
    )
    track = models.ForeignKey(
        Track, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("track")
    )
    level = models.CharField(_("level"), max_length=10, choices=Difficulty.choices)
    language = models.CharField(_("language"), max_length=2, choices=QuestionLanguage.choices)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.PRACTICE)
    length = models.PositiveSmallIntegerField(_("number of questions"), default=5)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    # Set when the session targets specific weak key points ("practise these").
    focus_topics = models.ManyToManyField(
        Topic, blank=True, related_name="+", verbose_name=_("focus topics")
    )
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    overall_score = models.PositiveSmallIntegerField(_("overall score"), null=True, blank=True)
    questions_answered = models.PositiveSmallIntegerField(_("questions answered"), default=0)
    # Started from a cohort's assignment (kept if the assignment is deleted: the interview
    # stays in the candidate's history).
    assignment = models.ForeignKey(
        "interviews.Assignment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("assignment"),
    )
    # Mock interviews only: each question (follow-ups too) must be answered within this
    # many seconds of being asked. None: untimed.
    seconds_per_question = models.PositiveSmallIntegerField(
        _("time per question (seconds)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_SECONDS_PER_QUESTION)],
    )

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        indexes = [
            models.Index(fields=["candidate", "-started_at"]),
            models.Index(fields=["candidate", "status"]),
            models.Index(fields=["assignment", "candidate"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(length__gte=MIN_QUESTIONS, length__lte=MAX_QUESTIONS),
                name="session_length_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(overall_score__isnull=True) | models.Q(overall_score__lte=100),
                name="session_score_0_100",
            ),
            models.CheckConstraint(
                condition=models.Q(seconds_per_question__isnull=True)
                | models.Q(
                    mode="mock",
                    seconds_per_question__gte=1,
                    seconds_per_question__lte=MAX_SECONDS_PER_QUESTION,
                ),
                name="session_time_limit_mock_only",
                violation_error_message=_("Only mock interviews can have a time limit."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} · {self.track} · {self.started_at:%Y-%m-%d}"

    @property
    def time_limit_display(self) -> str:
        """ "3 minutes per question" (seconds when the limit is not whole minutes); "" if
        untimed."""
        seconds = self.seconds_per_question
        if seconds is None:
            return ""
        if seconds % 60 == 0:
            minutes = seconds // 60
            return ngettext(
                "%(count)d minute per question", "%(count)d minutes per question", minutes
            ) % {"count": minutes}
        return ngettext(
            "%(count)d second per question", "%(count)d seconds per question", seconds
        ) % {"count": seconds}


class Turn(models.Model):
    class Kind(models.TextChoices):
        QUESTION = "question", _("Question")
        FOLLOW_UP = "follow_up", _("Follow-up")

    class EvaluationStatus(models.TextChoices):
        AWAITING_ANSWER = "awaiting_answer", _("Waiting for the answer")
        PENDING = "pending", _("Answer saved, waiting for feedback")
        STREAMING = "streaming", _("Feedback streaming")
        DONE = "done", _("Evaluated")
        FAILED = "failed", _("Feedback failed (retry possible)")
        SKIPPED = "skipped", _("Skipped")

    class AnswerFlag(models.TextChoices):
        """Why an answer was not graded as an attempt (mirrors engine.types.AnswerFlag)."""

        NONE = "", _("None")
        EMPTY = "empty", _("Empty answer")
        JUNK = "junk", _("Not an answer")
        DONT_KNOW = "dont_know", _('No attempt ("I don\'t know")')
        COPIED_QUESTION = "copied_question", _("Question copied back")
        OFF_TOPIC = "off_topic", _("Does not address the question")
        INJECTION = "injection", _("Tried to steer the grading")

    session = models.ForeignKey(
        InterviewSession,
        on_delete=models.CASCADE,
        related_name="turns",
        verbose_name=_("interview"),
    )
    order = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.QUESTION)
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_up_turns",
        verbose_name=_("follows up on"),
    )
    question = models.ForeignKey(
        Question,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="turns",
        verbose_name=_("question"),
    )
    topic = models.ForeignKey(
        Topic,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="turns",
        verbose_name=_("topic"),
    )
    # Snapshots: the transcript and the grading stay true after curators edit the bank.
    question_text = models.TextField(_("question text"))
    model_answer = models.TextField(_("model answer"), blank=True)
    key_points = models.JSONField(_("key points"), default=list, blank=True)
    # [{"text": ..., "correction": ..., "key_point": key point text}]
    misconceptions = models.JSONField(_("misconceptions"), default=list, blank=True)
    hint = models.TextField(_("hint"), blank=True)
    hint_shown = models.BooleanField(_("hint shown"), default=False)

    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # A timed interview's deadline for this turn: when it was asked plus the time limit.
    answer_deadline = models.DateTimeField(_("answer due by"), null=True, blank=True)
    # The time ran out: the answer was sent as it stood when the clock reached zero, or
    # reached the server after the deadline and its grace.
    timed_out = models.BooleanField(_("time ran out"), default=False)
    evaluation_status = models.CharField(
        _("evaluation status"),
        max_length=16,
        choices=EvaluationStatus.choices,
        default=EvaluationStatus.AWAITING_ANSWER,
    )
    feedback = models.TextField(_("feedback"), blank=True)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    # [{"text", "status": covered|partly|missed|contradicted, "evidence", "reference", "note"}]
    key_point_results = models.JSONField(_("key point results"), default=list, blank=True)
    strengths = models.JSONField(_("strengths"), default=list, blank=True)
    improvements = models.JSONField(_("improvements"), default=list, blank=True)
    provider = models.CharField(_("provider"), max_length=40, blank=True)
    graded_offline = models.BooleanField(_("graded offline"), default=False)
    # Stored apart from the feedback: pages and reports read it without parsing prose.
    answer_flag = models.CharField(
        _("answer flag"), max_length=20, choices=AnswerFlag.choices, blank=True, default=""
    )
    flag_reason = models.CharField(_("why the score was capped"), max_length=300, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(_("generation attempts"), default=0)
    prompt_tokens = models.PositiveIntegerField(_("prompt tokens"), null=True, blank=True)
    completion_tokens = models.PositiveIntegerField(_("completion tokens"), null=True, blank=True)
    first_token_ms = models.PositiveIntegerField(
        _("time to first token (ms)"), null=True, blank=True
    )
    latency_ms = models.PositiveIntegerField(_("generation time (ms)"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    evaluated_at = models.DateTimeField(_("evaluated at"), null=True, blank=True)

    class Meta:
        ordering = ["session", "order"]
        verbose_name = _("turn")
        verbose_name_plural = _("turns")
        constraints = [
            models.UniqueConstraint(fields=["session", "order"], name="unique_turn_order"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__lte=100),
                name="turn_score_0_100",
            ),
        ]
        indexes = [models.Index(fields=["session", "evaluation_status"])]

    def __str__(self) -> str:
        return f"#{self.order} {self.question_text[:60]}"

    @property
    def refused_over_budget(self) -> bool:
        """Failed because an LLM budget was spent: the answer waits for a retry."""
        return (
            self.evaluation_status == self.EvaluationStatus.FAILED
            and self.error == TURN_OVER_BUDGET_ERROR
        )

    @property
    def seconds_left(self) -> int | None:
        """Whole seconds until the deadline (0 once past) while the turn waits for its
        answer; None for an untimed or answered turn."""
        if (
            self.answer_deadline is None
            or self.evaluation_status != self.EvaluationStatus.AWAITING_ANSWER
        ):
            return None
        left = (self.answer_deadline - timezone.now()).total_seconds()
        return max(0, math.ceil(left))
