"""The candidate's home page: what to pick up, what to practise, how the scores go, and
what staff said. A fixed number of queries however long the history is."""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypedDict, cast

from django.db.models import Q

from accounts.models import User
from interviews.models import InterviewSession, Topic, TurnReview
from interviews.selectors.comments import staff_comments_new_for_user
from interviews.selectors.progress import practice_plan_for_user, progress_for_user
from interviews.selectors.sessions import session_list_active_for_user, session_list_for_user

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

LATEST_SCORES_LIMIT = 8
# A change of less than this many points between the latest interview and the ones
# before it reads as "steady": one answer more or less moves an average that much.
STEADY_POINTS = 3


class _AverageScore(TypedDict):
    average_score: float  # session_list_for_user's annotation


@dataclass(frozen=True)
class ScoredInterview:
    session: InterviewSession
    score: int


@dataclass(frozen=True)
class ScoreTrend:
    """The latest interviews' average scores, oldest first, and how the newest compares
    with the mean of those before it (None with fewer than two)."""

    interviews: list[ScoredInterview] = field(default_factory=list)
    change: int | None = None

    @property
    def direction(self) -> str:
        if self.change is None:
            return ""
        if abs(self.change) < STEADY_POINTS:
            return "steady"
        return "up" if self.change > 0 else "down"

    @property
    def points(self) -> int:
        """The size of the change, for "up 8 points" / "down 8 points"."""
        return abs(self.change or 0)

    @property
    def latest(self) -> ScoredInterview | None:
        return self.interviews[-1] if self.interviews else None


@dataclass(frozen=True)
class CandidateHome:
    unfinished: list[InterviewSession]
    practice_topics: list[Topic]
    scores: ScoreTrend
    # Their number is the navigation's badge (interviews/context_processors.py).
    new_comments: list[TurnReview]

    @property
    def is_new(self) -> bool:
        """Nothing done yet: the page invites a first interview."""
        return not (self.unfinished or self.scores.interviews or self.new_comments)


def score_trend_for_user(*, user: User, limit: int = LATEST_SCORES_LIMIT) -> ScoreTrend:
    """The user's latest ended interviews with a graded answer, and the trend (one query).
    An unfinished one is left out: its average still moves with each answer."""
    newest_first = cast(
        "list[WithAnnotations[InterviewSession, _AverageScore]]",
        list(
            session_list_for_user(user=user)
            .exclude(status=InterviewSession.Status.ACTIVE)
            .filter(Q(average_score__isnull=False))[:limit]
        ),
    )
    interviews = [
        ScoredInterview(session=s, score=round(s.average_score)) for s in reversed(newest_first)
    ]
    if len(interviews) < 2:
        return ScoreTrend(interviews=interviews)
    # From the unrounded averages: the rounded scores shown could be a point off.
    *earlier, latest = [s.average_score for s in reversed(newest_first)]
    return ScoreTrend(interviews=interviews, change=round(latest - sum(earlier) / len(earlier)))


def candidate_home_for_user(*, user: User) -> CandidateHome:
    progress = progress_for_user(user=user)
    topics, _latest = practice_plan_for_user(user=user, progress=progress)
    return CandidateHome(
        unfinished=session_list_active_for_user(user=user),
        practice_topics=topics,
        scores=score_trend_for_user(user=user),
        new_comments=staff_comments_new_for_user(user=user),
    )
