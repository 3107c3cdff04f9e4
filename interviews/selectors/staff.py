"""What bootcamp staff read about their cohorts. Every function takes the asking staff member.

Access in one place: `cohort_get_for_staff` (accounts.selectors) decides which cohorts a
staff member follows, and everything below reaches candidates only through the cohort's
*current* candidate memberships, so a candidate who leaves disappears from every page at once.
Anything outside that raises Http404, which hides whether it exists.

The dashboard runs a fixed number of queries whatever the cohort's size: aggregates are
computed by the database and grouped per candidate in Python.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Avg, Count, F, Max, Q, QuerySet
from django.db.models.expressions import Window
from django.db.models.functions import Abs, RowNumber, TruncWeek
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Cohort, CohortMembership, User
from accounts.selectors import cohort_candidate_ids, cohorts_for_staff
from interviews.models import InterviewSession, Topic, Turn, TurnReview
from interviews.selectors.progress import Progress, progress_for_user

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
TIMELINE_WEEKS = 12
CALIBRATION_TOLERANCE = 5  # mean signed difference within ± this is "about right"

SORT_KEYS = (
    "name",
    "sessions_7d",
    "sessions_30d",
    "average",
    "trend",
    "last_activity",
    "risk",
)
FILTERS = ("all", "at_risk", "on_track")


# --- Cohorts ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class CohortSummary:
    cohort: Cohort
    candidates: int


def cohort_list_for_staff(*, staff: User) -> list[CohortSummary]:
    cohorts = cohorts_for_staff(staff=staff).annotate(
        candidate_count=Count(
            "memberships", filter=Q(memberships__role=CohortMembership.Role.CANDIDATE)
        )
    )
    return [CohortSummary(cohort=c, candidates=c.candidate_count) for c in cohorts]


def _check_cohort(staff: User, cohort: Cohort) -> None:
    if not cohorts_for_staff(staff=staff).filter(pk=cohort.pk).exists():
        raise Http404("No such cohort.")


def cohort_staff_members(*, staff: User, cohort: Cohort) -> list[User]:
    """The staff of a cohort `staff` follows (shown beside the invite)."""
    _check_cohort(staff, cohort)
    return [
        m.user
        for m in cohort.memberships.filter(role=CohortMembership.Role.STAFF).select_related("user")
    ]


def _candidates(cohort: Cohort) -> QuerySet[User]:
    return User.objects.filter(pk__in=cohort_candidate_ids(cohort=cohort))


def candidate_get_for_staff(*, staff: User, cohort: Cohort, candidate_id: int) -> User:
    """A current candidate of `cohort`, which `staff` must follow; Http404 otherwise."""
    _check_cohort(staff, cohort)
    candidate = _candidates(cohort).filter(pk=candidate_id).first()
    if candidate is None:
        raise Http404("No such candidate in this cohort.")
    return candidate


# --- Dashboard --------------------------------------------------------------------------------
@dataclass
class CandidateRow:
    candidate: User
    sessions_7d: int = 0
    sessions_30d: int = 0
    average: float | None = None  # mean session score, last 30 days
    trend: float | None = None  # mean of the last sessions minus the ones before
    last_activity: datetime | None = None
    risks: list[str] = field(default_factory=list)

    @property
    def at_risk(self) -> bool:
        return bool(self.risks)

    @property
    def average_rounded(self) -> int | None:
        return None if self.average is None else round(self.average)

    @property
    def trend_label(self) -> str:
        """The trend as signed whole points ("+7", "-20", "0")."""
        return "" if self.trend is None else f"{round(self.trend):+d}".replace("+0", "0")

    @property
    def last_activity_day(self) -> str:
        """The local date of the last interview, ISO formatted (read alike in both languages)."""
        if self.last_activity is None:
            return ""
        return timezone.localtime(self.last_activity).date().isoformat()

    @property
    def trend_direction(self) -> str:
        if self.trend is None:
            return "none"
        if self.trend >= FALLING_DROP / 2:
            return "up"
        if self.trend <= -FALLING_DROP / 2:
            return "down"
        return "flat"


@dataclass(frozen=True)
class TopicCell:
    average: float | None
    answers: int

    @property
    def title(self) -> str:
        # Built here rather than with {% blocktranslate %}: a big cohort has thousands of cells.
        if not self.answers:
            return _("no answers")
        return ngettext("%(n)d answer", "%(n)d answers", self.answers) % {"n": self.answers}

    @property
    def band(self) -> str:
        """A CSS class for the heatmap (score bands; `none` when never answered)."""
        if self.average is None:
            return "none"
        if self.average < STUCK_BELOW:
            return "low"
        if self.average < 70:
            return "mid"
        if self.average < 85:
            return "good"
        return "top"


@dataclass(frozen=True)
class HeatmapRow:
    candidate: User
    cells: list[TopicCell]


@dataclass
class CohortDashboard:
    cohort: Cohort
    rows: list[CandidateRow]
    topics: list[Topic]
    heatmap: list[HeatmapRow]
    timeline: list[tuple[str, float | None]]
    sort: str
    filter: str
    query: str
    total_candidates: int
    at_risk_count: int


@dataclass
class _TopicStat:
    average: float
    answers: int


def _topic_stats(
    candidate_ids: CandidateIds, since: datetime
) -> tuple[dict[int, dict[int, _TopicStat]], dict[int, dict[int, float]]]:
    """Per candidate and topic, over the scored answers since `since`, in one aggregate:
    ({candidate id: {topic id: average and count}}, {candidate id: {topic id: average}} of
    the "stuck" topics: at least STUCK_MIN_ANSWERS answers averaging below STUCK_BELOW, and
    still below it over the last STUCK_RECENT_DAYS if the topic was answered then).

    One hash aggregate rather than "the last N answers" by window function: on a big cohort
    the window's sort cost as much as the rest of the dashboard.
    """
    recent = Q(created_at__gte=timezone.now() - timedelta(days=STUCK_RECENT_DAYS))
    stats: dict[int, dict[int, _TopicStat]] = defaultdict(dict)
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
        stats[candidate_id][topic_id] = _TopicStat(average=average, answers=row["answers"])
        recent_average = row["recent_average"]
        if (
            row["answers"] >= STUCK_MIN_ANSWERS
            and average < STUCK_BELOW
            and (recent_average is None or recent_average < STUCK_BELOW)
        ):
            stuck[candidate_id][topic_id] = average
    return stats, stuck


def _candidate_rows(
    candidates: Sequence[User],
    ids: CandidateIds,
    stuck: dict[int, dict[int, float]],
    topics: dict[int, Topic],
) -> list[CandidateRow]:
    """Activity, average, trend and at-risk reasons for each candidate (two queries).

    `ids` selects the same candidates in SQL; `stuck` comes from `_topic_stats`; `topics`
    maps the topic ids it names to topics.
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
        row.average = round(float(agg["average"]), 1) if agg["average"] is not None else None

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
        recent[candidate_id].append(score)

    for row in rows.values():
        scores = recent.get(row.candidate.pk, [])
        half = min(TREND_WINDOW, len(scores) // 2)
        if half:
            newer, older = scores[:half], scores[half : 2 * half]
            row.trend = round(sum(newer) / half - sum(older) / half, 1)
        row.risks = _risks(row, stuck.get(row.candidate.pk, {}), topics, now)
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
    if row.trend is not None and row.trend <= -FALLING_DROP:
        reasons.append(
            _("Scores falling (%(drop).0f points over the last sessions)") % {"drop": row.trend}
        )
    for topic_id, mean in sorted(stuck.items(), key=lambda item: item[1]):
        if topic_id in topics:
            reasons.append(
                _("Stuck below %(limit)d in %(topic)s (average %(mean).0f)")
                % {"limit": STUCK_BELOW, "topic": topics[topic_id].display_name, "mean": mean}
            )
    return reasons


def _sort_rows(rows: list[CandidateRow], sort: str) -> list[CandidateRow]:
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key == "name":
        return sorted(rows, key=lambda r: str(r.candidate).casefold(), reverse=descending)
    if key == "risk":
        return sorted(
            rows, key=lambda r: (len(r.risks), str(r.candidate).casefold()), reverse=descending
        )
    # Rows without a value go last in either direction.
    present = [r for r in rows if getattr(r, key) is not None]
    missing = [r for r in rows if getattr(r, key) is None]
    present.sort(key=lambda r: getattr(r, key), reverse=descending)
    return present + sorted(missing, key=lambda r: str(r.candidate).casefold())


def _cohort_timeline(candidate_ids: CandidateIds) -> list[tuple[str, float | None]]:
    """The cohort's mean session score per week, for the last TIMELINE_WEEKS weeks."""
    now = timezone.localtime()
    this_week = (now - timedelta(days=now.weekday())).date()
    weeks = [this_week - timedelta(weeks=n) for n in range(TIMELINE_WEEKS - 1, -1, -1)]
    averages: dict = {}
    for row in (
        InterviewSession.objects.filter(
            candidate_id__in=candidate_ids,
            status=InterviewSession.Status.COMPLETED,
            overall_score__isnull=False,
            started_at__gte=timezone.make_aware(datetime.combine(weeks[0], datetime.min.time())),
        )
        .annotate(week=TruncWeek("started_at"))
        .values("week")
        .annotate(average=Avg("overall_score"))
        .order_by()
    ):
        week = row["week"]
        week = timezone.localtime(week).date() if isinstance(week, datetime) else week
        averages[week] = round(float(row["average"]), 1)
    return [(week.strftime("%m-%d"), averages.get(week)) for week in weeks]


def cohort_progress_for_staff(
    *, staff: User, cohort: Cohort, sort: str = "-risk", filter: str = "all", query: str = ""
) -> CohortDashboard:
    """The cohort dashboard: one row per current candidate, a topic heatmap, a timeline."""
    _check_cohort(staff, cohort)
    if sort.lstrip("-") not in SORT_KEYS:
        sort = "-risk"
    if filter not in FILTERS:
        filter = "all"
    query = query.strip()[:100]

    candidates = list(_candidates(cohort).only("id", "email", "display_name"))
    # A subquery rather than a list of ids: a big cohort's id list made every query long
    # to send and parse.
    ids = cohort_candidate_ids(cohort=cohort)
    since = timezone.now() - timedelta(days=TOPIC_WINDOW_DAYS)
    stats, stuck = _topic_stats(ids, since)
    topic_ids = {topic_id for per in stats.values() for topic_id in per}
    topics = {t.pk: t for t in Topic.objects.filter(pk__in=topic_ids).select_related("track")}
    all_rows = _candidate_rows(candidates, ids, stuck, topics)

    rows = all_rows
    if query:
        needle = query.casefold()
        rows = [
            r
            for r in rows
            if needle in r.candidate.display_name.casefold()
            or needle in r.candidate.email.casefold()
        ]
    if filter == "at_risk":
        rows = [r for r in rows if r.at_risk]
    elif filter == "on_track":
        rows = [r for r in rows if not r.at_risk]
    rows = _sort_rows(rows, sort)

    ordered_topics = sorted(
        topics.values(), key=lambda t: (t.track.order, t.track.name, t.display_name)
    )
    heatmap = []
    for row in rows:
        per = stats.get(row.candidate.pk, {})
        heatmap.append(
            HeatmapRow(
                candidate=row.candidate,
                cells=[
                    TopicCell(average=round(per[t.pk].average), answers=per[t.pk].answers)
                    if t.pk in per
                    else TopicCell(average=None, answers=0)
                    for t in ordered_topics
                ],
            )
        )
    return CohortDashboard(
        cohort=cohort,
        rows=rows,
        topics=ordered_topics,
        heatmap=heatmap,
        timeline=_cohort_timeline(ids),
        sort=sort,
        filter=filter,
        query=query,
        total_candidates=len(all_rows),
        at_risk_count=sum(1 for r in all_rows if r.at_risk),
    )


# --- One candidate ----------------------------------------------------------------------------
@dataclass
class CandidateProgress:
    cohort: Cohort
    candidate: User
    row: CandidateRow
    sessions: list[InterviewSession]
    # The same figures the candidate sees on their own progress page.
    charts: Progress


CANDIDATE_SESSIONS_SHOWN = 50


def candidate_progress_for_staff(
    *, staff: User, cohort: Cohort, candidate_id: int
) -> CandidateProgress:
    candidate = candidate_get_for_staff(staff=staff, cohort=cohort, candidate_id=candidate_id)
    since = timezone.now() - timedelta(days=TOPIC_WINDOW_DAYS)
    stats, stuck = _topic_stats([candidate.pk], since)
    topics = {
        t.pk: t
        for t in Topic.objects.filter(pk__in=list(stats.get(candidate.pk, {}))).select_related(
            "track"
        )
    }
    (row,) = _candidate_rows([candidate], [candidate.pk], stuck, topics)
    sessions = list(
        InterviewSession.objects.filter(candidate=candidate)
        .select_related("track")
        .order_by("-started_at", "-id")[:CANDIDATE_SESSIONS_SHOWN]
    )
    return CandidateProgress(
        cohort=cohort,
        candidate=candidate,
        row=row,
        sessions=sessions,
        charts=progress_for_user(user=candidate),
    )


# --- Transcript and reviews ---------------------------------------------------------------------
def session_get_for_staff(*, staff: User, cohort: Cohort, session_id: int) -> InterviewSession:
    """An interview of a current candidate of `cohort`, with its turns and their reviews."""
    _check_cohort(staff, cohort)
    session = (
        InterviewSession.objects.filter(
            pk=session_id, candidate_id__in=cohort_candidate_ids(cohort=cohort)
        )
        .select_related("candidate", "track")
        .first()
    )
    if session is None:
        raise Http404("No such interview in this cohort.")
    return session


def session_turns_for_staff(
    *, staff: User, session: InterviewSession
) -> list[tuple[Turn, list[TurnReview], TurnReview | None]]:
    """Each turn of a session with all its reviews and the asking staff member's own one.

    `session` comes from `session_get_for_staff`, which has checked access.
    """
    turns = list(
        Turn.objects.filter(session=session)
        .select_related("topic")
        .prefetch_related("reviews__reviewer")
        .order_by("order")
    )
    result = []
    for turn in turns:
        reviews = list(turn.reviews.all())
        own = next((r for r in reviews if r.reviewer_id == staff.pk), None)
        result.append((turn, reviews, own))
    return result


def turn_get_for_staff(*, staff: User, cohort: Cohort, turn_id: int) -> Turn:
    """A turn of a current candidate of `cohort`, which `staff` follows; Http404 otherwise."""
    _check_cohort(staff, cohort)
    turn = (
        Turn.objects.filter(
            pk=turn_id, session__candidate_id__in=cohort_candidate_ids(cohort=cohort)
        )
        .select_related("session")
        .first()
    )
    if turn is None:
        raise Http404("No such answer in this cohort.")
    return turn


# --- Calibration ------------------------------------------------------------------------------
@dataclass(frozen=True)
class CalibrationStat:
    reviews: int
    mean_absolute_difference: float | None
    mean_difference: float | None  # AI minus staff: above zero, the AI is more generous

    @property
    def direction(self) -> str:
        if self.mean_difference is None:
            return "none"
        if self.mean_difference > CALIBRATION_TOLERANCE:
            return "lenient"
        if self.mean_difference < -CALIBRATION_TOLERANCE:
            return "strict"
        return "calibrated"


@dataclass
class Calibration:
    cohort: Cohort
    overall: CalibrationStat
    by_topic: list[tuple[Topic | None, CalibrationStat]]
    largest_gaps: list[TurnReview]


def _stat(row: dict) -> CalibrationStat:
    return CalibrationStat(
        reviews=row["reviews"],
        mean_absolute_difference=round(float(row["mad"]), 1) if row["mad"] is not None else None,
        mean_difference=round(float(row["bias"]), 1) if row["bias"] is not None else None,
    )


def cohort_calibration_for_staff(*, staff: User, cohort: Cohort) -> Calibration:
    """How far the AI's scores are from staff scores on this cohort's answers."""
    _check_cohort(staff, cohort)
    reviews = TurnReview.objects.filter(
        turn__session__candidate_id__in=cohort_candidate_ids(cohort=cohort),
        score__isnull=False,
        ai_score__isnull=False,
    ).annotate(diff=F("ai_score") - F("score"))
    aggregates = {
        "reviews": Count("id"),
        "mad": Avg(Abs(F("diff"))),
        "bias": Avg(F("diff")),
    }
    overall = _stat(reviews.aggregate(**aggregates))
    per_topic = list(reviews.values("turn__topic_id").annotate(**aggregates).order_by())
    topics = Topic.objects.in_bulk([r["turn__topic_id"] for r in per_topic if r["turn__topic_id"]])
    by_topic = sorted(
        ((topics.get(r["turn__topic_id"]), _stat(r)) for r in per_topic),
        key=lambda item: -(item[1].mean_absolute_difference or 0),
    )
    largest = list(
        reviews.annotate(gap=Abs(F("diff")))
        .select_related("turn__session__candidate", "turn__topic", "reviewer")
        .order_by("-gap", "-updated_at")[:10]
    )
    return Calibration(cohort=cohort, overall=overall, by_topic=by_topic, largest_gaps=largest)


# --- Export -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class ExportRow:
    candidate: User
    track: str
    topic: str
    answers: int
    topic_average: float | None
    sessions_30d: int
    average_30d: float | None
    last_activity: datetime | None
    risks: list[str]


def cohort_export_rows_for_staff(*, staff: User, cohort: Cohort) -> Iterable[ExportRow]:
    """One row per candidate per topic answered (a candidate with none gets one blank row)."""
    dashboard = cohort_progress_for_staff(staff=staff, cohort=cohort, sort="name")
    for row, heat in zip(dashboard.rows, dashboard.heatmap, strict=True):
        cells = [(t, c) for t, c in zip(dashboard.topics, heat.cells, strict=True) if c.answers]
        if not cells:
            cells = [(None, TopicCell(average=None, answers=0))]
        for topic, cell in cells:
            yield ExportRow(
                candidate=row.candidate,
                track=topic.track.display_name if topic else "",
                topic=topic.display_name if topic else "",
                answers=cell.answers,
                topic_average=cell.average,
                sessions_30d=row.sessions_30d,
                average_30d=row.average,
                last_activity=row.last_activity,
                risks=row.risks,
            )
