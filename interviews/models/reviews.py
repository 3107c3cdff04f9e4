"""Bootcamp staff's review of a turn, kept beside the AI's own evaluation."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from interviews.models.sessions import Turn

MAX_REVIEW_COMMENT_LENGTH = 2000


class TurnReview(models.Model):
    turn = models.ForeignKey(
        Turn, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("turn")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="turn_reviews",
        verbose_name=_("reviewer"),
    )
    comment = models.TextField(_("comment"), max_length=MAX_REVIEW_COMMENT_LENGTH, blank=True)
    score = models.PositiveSmallIntegerField(_("staff score"), null=True, blank=True)
    # The AI's score when the review was written, so calibration survives a regrade.
    ai_score = models.PositiveSmallIntegerField(_("AI score"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # When the candidate opened the comment (the interview's history page); null while
    # it is new to them, and again once its text is changed.
    read_at = models.DateTimeField(_("read by the candidate at"), null=True, blank=True)

    class Meta:
        ordering = ["turn", "created_at"]
        verbose_name = _("turn review")
        verbose_name_plural = _("turn reviews")
        constraints = [
            models.UniqueConstraint(fields=["turn", "reviewer"], name="one_review_per_staff"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__lte=100),
                name="review_score_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} on {self.turn}"
