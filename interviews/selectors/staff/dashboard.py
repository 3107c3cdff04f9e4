"""The cohort dashboard: one row per current candidate, a topic heatmap, a timeline and
each assignment's completion.

It runs a fixed number of queries whatever the cohort's size.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Avg
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Cohort, User
from accounts.selectors import cohort_candidate_ids
from interviews.models import InterviewSession, Topic

from .activity import (
    STUCK_BELOW,
    TOPIC_WINDOW_DAYS,
    CandidateIds,
    CandidateRow,
    candidate_rows,
    topic_stats,
    whole_points,
)
from .assignments import CohortAssignments, cohort_assignments
from .cohorts import cohort_candidates, cohort_check_for_staff

TIMELINE_WEEKS = 12

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


@dataclass(frozen=True)
class TopicCell:
    average: int | None  # whole points (`whole_points`), as shown and as "stuck" is judged
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
    assignments: CohortAssignments


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
    cohort_check_for_staff(staff=staff, cohort=cohort)
    if sort.lstrip("-") not in SORT_KEYS:
        sort = "-risk"
    if filter not in FILTERS:
        filter = "all"
    query = query.strip()[:100]

    candidates = list(cohort_candidates(cohort=cohort).only("id", "email", "display_name"))
    # A subquery rather than a list of ids: a big cohort's id list made every query long
    # to send and parse.
    ids = cohort_candidate_ids(cohort=cohort)
    since = timezone.now() - timedelta(days=TOPIC_WINDOW_DAYS)
    stats, stuck = topic_stats(ids, since)
    topic_ids = {topic_id for per in stats.values() for topic_id in per}
    topics = {t.pk: t for t in Topic.objects.filter(pk__in=topic_ids).select_related("track")}
    assignments = cohort_assignments(cohort, candidates, ids)
    all_rows = candidate_rows(candidates, ids, stuck, topics, assignments.overdue)

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
                    TopicCell(average=whole_points(per[t.pk].average), answers=per[t.pk].answers)
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
        assignments=assignments,
    )
