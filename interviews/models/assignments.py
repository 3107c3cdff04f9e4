"""Practice sets that bootcamp staff assign to a cohort, with an opening and a due date."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Cohort
from interviews.models.bank import Difficulty, Question, QuestionLanguage, Topic, Track
from interviews.models.sessions import MAX_QUESTIONS, MIN_QUESTIONS, InterviewSession

ASSIGNMENT_TITLE_MAX_LENGTH = 120


class Assignment(models.Model):
    """A set for every current candidate of `cohort`: a track (narrowed to some topics, or
    to hand-picked questions) with the interview's length, level, language and mode.

    A candidate's interviews started from it link back (`InterviewSession.assignment`);
    it is done once one of them is completed. Due at the end of `due_on` (TIME_ZONE's day).
    """

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("cohort")
    )
    title = models.CharField(_("title"), max_length=ASSIGNMENT_TITLE_MAX_LENGTH)
    track = models.ForeignKey(
        Track, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("track")
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="assignments", verbose_name=_("topics")
    )
    questions = models.ManyToManyField(
        Question, blank=True, related_name="assignments", verbose_name=_("hand-picked questions")
    )
    level = models.CharField(
        _("level"), max_length=10, choices=Difficulty.choices, default=Difficulty.JUNIOR
    )
    language = models.CharField(_("language"), max_length=2, choices=QuestionLanguage.choices)
    mode = models.CharField(
        _("mode"),
        max_length=10,
        choices=InterviewSession.Mode.choices,
        default=InterviewSession.Mode.PRACTICE,
    )
    length = models.PositiveSmallIntegerField(_("number of questions"), default=5)
    opens_on = models.DateField(_("opens on"))
    due_on = models.DateField(_("due on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["due_on", "title", "id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        indexes = [models.Index(fields=["cohort", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("opens_on")),
                name="assignment_due_after_opening",
            ),
            models.CheckConstraint(
                condition=models.Q(length__gte=MIN_QUESTIONS, length__lte=MAX_QUESTIONS),
                name="assignment_length_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def due_at(self) -> datetime:
        """The moment it becomes overdue: the end of its due day, local time."""
        return _local_midnight(self.due_on + timedelta(days=1))

    def is_open(self, today: date | None = None) -> bool:
        return self.opens_on <= (today or timezone.localdate())

    def is_past_due(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.due_at


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))
