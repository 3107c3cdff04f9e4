"""A candidate's progress: score over time, average per topic, weakest key points.

A fixed number of queries whatever the history's size: aggregates run in the
database, and key points are tallied from one narrow query.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from accounts.models import User
from interviews.models import InterviewSession, Topic, Turn

_DONE = Turn.EvaluationStatus.DONE
WEAK_KEY_POINTS_LIMIT = 8
SCORE_POINTS_LIMIT = 30
# Only recent turns count for the key points to review: old gaps may be closed.
KEY_POINT_TURNS_LIMIT = 300


@dataclass(frozen=True)
class WeakKeyPoint:
    text: str
    topic: str
    missed: int
    seen: int

    @property
    def miss_rate(self) -> int:
        return round(100 * self.missed / self.seen) if self.seen else 0


@dataclass(frozen=True)
class Progress:
    score_points: list[tuple[str, float | None]] = field(default_factory=list)
    topic_averages: list[tuple[str, float]] = field(default_factory=list)
    weak_key_points: list[WeakKeyPoint] = field(default_factory=list)
    weak_topic_ids: list[int] = field(default_factory=list)
    interviews: int = 0
    answered: int = 0

    @property
    def is_empty(self) -> bool:
        return self.answered == 0


def progress_for_user(*, user: User) -> Progress:
    turns = Turn.objects.filter(session__candidate=user, evaluation_status=_DONE)

    # Score over time: the average evaluated score per day (the latest days shown).
    local_tz = timezone.get_current_timezone()
    per_day = list(
        turns.annotate(day=TruncDate("evaluated_at", tzinfo=local_tz))
        .values("day")
        .annotate(avg=Avg("score"))
        .order_by("-day")[:SCORE_POINTS_LIMIT]
    )
    per_day.reverse()
    score_points = [
        (row["day"].strftime("%m-%d"), round(row["avg"], 1))
        for row in per_day
        if row["day"] is not None
    ]

    per_topic = list(
        turns.filter(topic__isnull=False)
        .values("topic_id")
        .annotate(avg=Avg("score"), n=Count("id"))
        .order_by("avg")
    )
    topics = Topic.objects.in_bulk([row["topic_id"] for row in per_topic])
    topic_averages = [
        (topics[row["topic_id"]].display_name, round(row["avg"], 1))
        for row in per_topic
        if row["topic_id"] in topics
    ]

    # Key points: tally covered/partly/missed over recent turns, weakest first.
    seen: dict[tuple[str, int | None], int] = defaultdict(int)
    missed: dict[tuple[str, int | None], float] = defaultdict(int)  # partly counts ½
    rows = turns.order_by("-evaluated_at").values_list(
        "pk", "parent_id", "topic_id", "key_point_results"
    )[:KEY_POINT_TURNS_LIMIT]
    # A key point a follow-up recovered counts as covered on its question ("after a
    # follow-up"); the follow-up turns themselves are not tallied again.
    recovered: dict[int, set[str]] = defaultdict(set)
    for _pk, parent_id, _topic_id, results in rows:
        if parent_id:
            recovered[parent_id].update(
                item.get("text", "") for item in results or () if item.get("status") == "covered"
            )
    for pk, parent_id, topic_id, results in rows:
        if parent_id:
            continue
        for item in results or ():
            key = (item.get("text", ""), topic_id)
            if not key[0]:
                continue
            seen[key] += 1
            if key[0] in recovered.get(pk, ()):
                continue
            if item.get("status") in ("missed", "contradicted"):
                missed[key] += 1
            elif item.get("status") == "partly":
                missed[key] += 0.5
    weakest = sorted(
        (key for key in missed if missed[key] > 0),
        key=lambda k: (-missed[k] / seen[k], -missed[k], k[0]),
    )[:WEAK_KEY_POINTS_LIMIT]
    names = {pk: topic.display_name for pk, topic in topics.items()}
    missing_topic_ids = {tid for _t, tid in weakest if tid and tid not in names}
    if missing_topic_ids:
        names.update(
            {pk: t.display_name for pk, t in Topic.objects.in_bulk(missing_topic_ids).items()}
        )
    weak_key_points = [
        WeakKeyPoint(
            text=text,
            topic=names.get(topic_id, ""),
            missed=round(missed[(text, topic_id)]),
            seen=seen[(text, topic_id)],
        )
        for text, topic_id in weakest
    ]
    weak_topic_ids = list(dict.fromkeys(tid for _t, tid in weakest if tid))

    # The join on turns repeats a session once per turn: count the sessions themselves.
    counts = InterviewSession.objects.filter(candidate=user).aggregate(
        interviews=Count("id", distinct=True),
        answered=Count("turns", filter=Q(turns__evaluation_status=_DONE)),
    )
    return Progress(
        score_points=score_points,
        topic_averages=topic_averages,
        weak_key_points=weak_key_points,
        weak_topic_ids=weak_topic_ids,
        interviews=counts["interviews"],
        answered=counts["answered"],
    )


def practice_plan_for_user(
    *, user: User, progress: Progress | None = None
) -> tuple[list[Topic], InterviewSession | None]:
    """The weakest topics to practise, and the latest interview (its track, level,
    language are reused) — or no plan when nothing was graded yet. A caller that already
    has the user's `progress` passes it, so it is not read twice."""
    if progress is None:
        progress = progress_for_user(user=user)
    latest = (
        InterviewSession.objects.filter(candidate=user)
        .select_related("track")
        .order_by("-started_at", "-id")
        .first()
    )
    if not progress.weak_topic_ids or latest is None:
        return [], latest
    topics = Topic.objects.in_bulk(progress.weak_topic_ids)
    ordered = [topics[pk] for pk in progress.weak_topic_ids if pk in topics]
    # A session has one track: practise the weak topics of the track most of them are in.
    by_track: dict[int, list[Topic]] = defaultdict(list)
    for topic in ordered:
        by_track[topic.track_id].append(topic)
    best_track = max(by_track, key=lambda tid: len(by_track[tid]))
    return by_track[best_track][:3], latest
