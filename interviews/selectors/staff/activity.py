"""Per-candidate figures shared by the dashboard, the candidate page and the export:
activity, average, trend, topic averages, and the at-risk rules.

Aggregates are computed by the database and grouped per candidate in Python, so the
number of queries does not grow with the cohort.
"""

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Avg, Count, F, Max, Q, QuerySet
from django.db.models.expressions import Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from interviews.models import Assignment, InterviewSession, Topic, Turn

# Candidate ids as a list or as a subquery (QuerySet of one column).
CandidateIds = Sequence[int] | QuerySet

# At-risk rules, in one place so the page can explain them.
INACTIVE_DAYS = 7
FALLING_DROP = 10  # points between the mean of the last sessions and the ones before
TREND_WINDOW = 3  # sessions on each side of the trend comparison
STUCK_BELOW = 50
STUCK_MIN_ANSWERS = 3
STUCK_RECENT_DAYS = 14
TOPIC_WINDOW_DAYS = 90  # the heatmap and "stuck" look at this many days of answers


def whole_points(value: float) -> int:
    """A score, average or difference as the whole number of points the pages show.

    Every at-risk threshold is tested on this same number, so a reason never reads
    "below 50 … (average 50)". Halves round away from zero, as the templates'
    `floatformat` does (Python's `round` would send 42.5 to 42 but 43.5 to 44).
    """
    magnitude = abs(value)
    points = math.floor(magnitude + 0.5)
    if magnitude < points - 0.5:  # the + 0.5 itself rounded up (0.49999999999999994)
        points -= 1
    return -points if value < 0 else points


@dataclass
class CandidateRow:
    candidate: User
    sessions_7d: int = 0
    sessions_30d: int = 0
    average: float | None = None  # mean session score, last 30 days (unrounded)
    trend: float | None = None  # mean of the last sessions minus the ones before (unrounded)
    last_activity: datetime | None = None
    risks: list[str] = field(default_factory=list)

    @property
    def at_risk(self) -> bool:
        return bool(self.risks)

    @property
    def average_rounded(self) -> int | None:
        return None if self.average is None else whole_points(self.average)

    @property
    def trend_rounded(self) -> int | None:
        return None if self.trend is None else whole_points(self.trend)

    @property
    def trend_label(self) -> str:
        """The trend as signed whole points ("+7", "-20", "0")."""
        trend = self.trend_rounded
        return "" if trend is None else f"{trend:+d}".replace("+0", "0")

    @property
    def last_activity_day(self) -> str:
        """The local date of the last interview, ISO formatted (read alike in both languages)."""
        if self.last_activity is None:
            return ""
        return timezone.localtime(self.last_activity).date().isoformat()

    @property
    def trend_direction(self) -> str:
        trend = self.trend_rounded
        if trend is None:
            return "none"
        if trend >= FALLING_DROP / 2:
            return "up"
        if trend <= -FALLING_DROP / 2:
            return "down"
        return "flat"

    @property
    def falling(self) -> bool:
        trend = self.trend_rounded
        return trend is not None and trend <= -FALLING_DROP


@dataclass
class TopicStat:
    average: float
    answers: int


def topic_stats(
    candidate_ids: CandidateIds, since: datetime
) -> tuple[dict[int, dict[int, TopicStat]], dict[int, dict[int, float]]]:
    """Per candidate and topic, over the scored answers since `since`, in one aggregate:
    ({candidate id: {topic id: average and count}}, {candidate id: {topic id: average}} of
    the "stuck" topics: at least STUCK_MIN_ANSWERS answers averaging below STUCK_BELOW, and
    still below it over the last STUCK_RECENT_DAYS if the topic was answered then; both
    averages compared in `whole_points`, as they are shown).

    One hash aggregate rather than "the last N answers" by window function: on a big cohort
    the window's sort cost as much as the rest of the dashboard.
    """
    recent = Q(created_at__gte=timezone.now() - timedelta(days=STUCK_RECENT_DAYS))
    stats: dict[int, dict[int, TopicStat]] = defaultdict(dict)
    stuck: dict[int, dict[int, float]] = defaultdict(dict)
    for row in (
        Turn.objects.filter(
            session__candidate_id__in=candidate_ids,
            score__isnull=False,
            topic__isnull=False,
            created_at__gte=since,
        )
        .values("session__candidate_id", "topic_id")
        .annotate(
            average=Avg("score"),
            answers=Count("id"),
            recent_average=Avg("score", filter=recent),
        )
        .order_by()
    ):
        candidate_id, topic_id = row["session__candidate_id"], row["topic_id"]
        average = float(row["average"])
        stats[candidate_id][topic_id] = TopicStat(average=average, answers=row["answers"])
        recent_average = row["recent_average"]
        if (
            row["answers"] >= STUCK_MIN_ANSWERS
            and whole_points(average) < STUCK_BELOW
            and (recent_average is None or whole_points(float(recent_average)) < STUCK_BELOW)
        ):
            stuck[candidate_id][topic_id] = average
    return stats, stuck


def candidate_rows(
    candidates: Sequence[User],
    ids: CandidateIds,
    stuck: dict[int, dict[int, float]],
    topics: dict[int, Topic],
    overdue: dict[int, list[Assignment]] | None = None,
) -> list[CandidateRow]:
    """Activity, average, trend and at-risk reasons for each candidate (two queries).

    `ids` selects the same candidates in SQL; `stuck` comes from `topic_stats`; `topics`
    maps the topic ids it names to topics; `overdue` names each candidate's overdue
    assignments (`staff.assignments.cohort_assignments`).
    """
    now = timezone.now()
    rows = {c.pk: CandidateRow(candidate=c) for c in candidates}
    practised = InterviewSession.objects.filter(candidate_id__in=ids, questions_answered__gt=0)
    scored_30d = Q(
        status=InterviewSession.Status.COMPLETED,
        overall_score__isnull=False,
        started_at__gte=now - timedelta(days=30),
    )
    for agg in (
        practised.values("candidate_id")
        .annotate(
            last=Max("started_at"),
            n7=Count("id", filter=Q(started_at__gte=now - timedelta(days=7))),
            n30=Count("id", filter=Q(started_at__gte=now - timedelta(days=30))),
            average=Avg("overall_score", filter=scored_30d),
        )
        .order_by()
    ):
        row = rows[agg["candidate_id"]]
        row.last_activity = agg["last"]
        row.sessions_7d = agg["n7"]
        row.sessions_30d = agg["n30"]
        row.average = float(agg["average"]) if agg["average"] is not None else None

    # The last 2 * TREND_WINDOW scored sessions of each candidate, numbered newest first.
    recent: dict[int, list[int]] = defaultdict(list)
    for candidate_id, score in (
        InterviewSession.objects.filter(
            candidate_id__in=ids,
            status=InterviewSession.Status.COMPLETED,
            overall_score__isnull=False,
        )
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("candidate_id")],
                order_by=[F("started_at").desc(), F("id").desc()],
            )
        )
        .filter(rank__lte=2 * TREND_WINDOW)
        .order_by("candidate_id", "rank")
        .values_list("candidate_id", "overall_score")
    ):
        if score is not None:  # always set (the filter above); the type allows None
            recent[candidate_id].append(score)

    for row in rows.values():
        scores = recent.get(row.candidate.pk, [])
        half = min(TREND_WINDOW, len(scores) // 2)
        if half:
            newer, older = scores[:half], scores[half : 2 * half]
            row.trend = sum(newer) / half - sum(older) / half
        row.risks = _risks(row, stuck.get(row.candidate.pk, {}), topics, now)
        row.risks += [
            _("Assignment %(title)s overdue (due %(date)s)")
            % {"title": assignment.title, "date": assignment.due_on.isoformat()}
            for assignment in (overdue or {}).get(row.candidate.pk, ())
        ]
    return [rows[c.pk] for c in candidates]


def _risks(
    row: CandidateRow, stuck: dict[int, float], topics: dict[int, Topic], now: datetime
) -> list[str]:
    reasons = []
    if row.last_activity is None:
        reasons.append(_("No practice yet"))
    elif row.last_activity < now - timedelta(days=INACTIVE_DAYS):
        days = (now - row.last_activity).days
        reasons.append(_("No practice for %(days)d days") % {"days": days})
    if row.falling and row.trend_rounded is not None:  # falling implies a trend
        reasons.append(
            _("Scores falling (%(drop).0f points over the last sessions)")
            % {"drop": -row.trend_rounded}
        )
    for topic_id, mean in sorted(stuck.items(), key=lambda item: item[1]):
        if topic_id in topics:
            reasons.append(
                _("Stuck below %(limit)d in %(topic)s (average %(mean).0f)")
                % {
                    "limit": STUCK_BELOW,
                    "topic": topics[topic_id].display_name,
                    "mean": whole_points(mean),
                }
            )
    return reasons
