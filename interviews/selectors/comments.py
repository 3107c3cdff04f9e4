"""Staff comments on a candidate's own answers, as the candidate reads them.

A comment is new to the candidate until they open the interview it is on (its history
page): `TurnReview.read_at` is empty until then, and again once the comment is edited.
Every function takes the asking user and reaches only reviews of that user's turns.
"""

from django.db.models import QuerySet

from accounts.models import User
from interviews.models import TurnReview

NEW_COMMENTS_LIMIT = 5


def _comments_on_answers_of(user: User) -> QuerySet[TurnReview]:
    if not user.is_authenticated:
        return TurnReview.objects.none()
    # A review may be a score alone; only written comments are "comments".
    return TurnReview.objects.filter(turn__session__candidate=user).exclude(comment="")


def staff_comments_new_for_user(*, user: User, limit: int = NEW_COMMENTS_LIMIT) -> list[TurnReview]:
    """The newest unread comments, with their reviewer, turn, interview and track (one query)."""
    return list(
        _comments_on_answers_of(user)
        .filter(read_at__isnull=True)
        .select_related("reviewer", "turn__session__track")
        .order_by("-updated_at", "-id")[:limit]
    )


def staff_comments_new_count_for_user(*, user: User) -> int:
    """How many comments the user has not opened yet (the navigation's badge; one query)."""
    return _comments_on_answers_of(user).filter(read_at__isnull=True).count()
