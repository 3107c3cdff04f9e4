"""Reading interviews. Every selector takes the asking user: a candidate only ever
reaches their own interviews (anything else reads as "not found")."""

from django.db.models import Avg, Prefetch, Q, QuerySet

from accounts.models import User
from interviews.models import InterviewSession, Track, Turn, TurnReview

_Status = Turn.EvaluationStatus


def _own(user: User) -> QuerySet[InterviewSession]:
    if not user.is_authenticated:
        return InterviewSession.objects.none()
    return InterviewSession.objects.filter(candidate=user)


def session_get_for_user(*, user: User, session_id: int) -> InterviewSession | None:
    return _own(user).select_related("track").filter(pk=session_id).first()


def session_exists_for_user(*, user: User, session_id: int) -> bool:
    return _own(user).filter(pk=session_id).exists()


def session_transcript_for_user(
    *, user: User, session_id: int, with_reviews: bool = False
) -> tuple[InterviewSession, list[Turn]] | None:
    """The session and all its turns (topics, and staff reviews when asked for)."""
    session = session_get_for_user(user=user, session_id=session_id)
    if session is None:
        return None
    turns = session.turns.select_related("topic").order_by("order")
    if with_reviews:
        turns = turns.prefetch_related(
            Prefetch(
                "reviews",
                queryset=TurnReview.objects.select_related("reviewer").order_by("created_at"),
            )
        )
    return session, list(turns)


def session_list_for_user(
    *, user: User, track: str | None = None, status: str | None = None
) -> QuerySet[InterviewSession]:
    """Newest first, with the average score of the evaluated turns (one query a page)."""
    sessions = (
        _own(user)
        .select_related("track")
        .annotate(
            average_score=Avg("turns__score", filter=Q(turns__evaluation_status=_Status.DONE))
        )
        .order_by("-started_at", "-id")
    )
    if track:
        sessions = sessions.filter(track__slug=track)
    if status:
        sessions = sessions.filter(status=status)
    return sessions


def session_list_active_for_user(*, user: User, limit: int = 5) -> list[InterviewSession]:
    """Unfinished interviews to resume (home page and history)."""
    return list(
        _own(user)
        .filter(status=InterviewSession.Status.ACTIVE)
        .select_related("track")
        .order_by("-started_at", "-id")[:limit]
    )


def tracks_of_user(*, user: User) -> QuerySet[Track]:
    """Tracks the user has interviews in (the history filter)."""
    return Track.objects.filter(sessions__candidate=user).distinct().order_by("order", "name")
