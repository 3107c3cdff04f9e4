"""Bootcamp staff review a turn: a comment and, if they like, their own score; the
candidate opening the interview marks its comments read."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import Cohort, User
from interviews.models import TurnReview
from interviews.models.reviews import MAX_REVIEW_COMMENT_LENGTH
from interviews.selectors.staff import turn_get_for_staff

# User-facing error messages; the tests import them.
COMMENT_TOO_LONG = format_lazy(
    _("Keep the comment to {limit} characters or fewer."), limit=MAX_REVIEW_COMMENT_LENGTH
)
SCORE_OUT_OF_RANGE = _("A score is a whole number from 0 to 100.")
REVIEW_EMPTY = _("Write a comment or give a score.")


def turn_review_save(
    *, reviewer: User, cohort: Cohort, turn_id: int, comment: str, score: int | None
) -> TurnReview:
    """Creates or updates `reviewer`'s review of a turn of one of their cohort's candidates.

    The AI's score is copied onto the review now, so calibration compares the two scores
    as they stood when the staff member judged the answer, even if the turn is regraded.
    Raises Http404 when the reviewer may not see the turn, ValidationError on bad input;
    either way nothing is written.
    """
    comment = (comment or "").strip()
    errors: dict[str, list[str]] = {}
    if len(comment) > MAX_REVIEW_COMMENT_LENGTH:
        errors["comment"] = [str(COMMENT_TOO_LONG)]
    if score is not None and not (0 <= score <= 100):
        errors["score"] = [str(SCORE_OUT_OF_RANGE)]
    if not comment and score is None and not errors:
        errors["comment"] = [str(REVIEW_EMPTY)]
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        turn = turn_get_for_staff(staff=reviewer, cohort=cohort, turn_id=turn_id)
        review = TurnReview.objects.select_for_update().filter(
            turn=turn, reviewer=reviewer
        ).first() or TurnReview(turn=turn, reviewer=reviewer)
        if comment != review.comment:
            review.read_at = None  # a changed comment is new to the candidate again
        review.comment = comment
        review.score = score
        review.ai_score = turn.score
        review.full_clean()
        review.save()
    return review


def turn_reviews_mark_read(*, candidate: User, session_id: int) -> int:
    """Marks the staff comments on `candidate`'s interview as read now (the candidate
    opened it); returns how many were new. Reviews of anyone else's turns are untouched."""
    return (
        TurnReview.objects.filter(
            turn__session__candidate=candidate,
            turn__session_id=session_id,
            read_at__isnull=True,
        )
        .exclude(comment="")
        .update(read_at=timezone.now())
    )
