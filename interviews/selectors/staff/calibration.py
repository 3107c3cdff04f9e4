"""Calibration: how far the AI's scores are from staff scores on a cohort's answers."""

from dataclasses import dataclass

from django.db.models import Avg, Count, F
from django.db.models.functions import Abs

from accounts.models import Cohort, User
from accounts.selectors import cohort_candidate_ids
from interviews.models import Topic, TurnReview

from .cohorts import cohort_check_for_staff
from .reviews import reviews_by_cohort_staff

CALIBRATION_TOLERANCE = 5  # mean signed difference within ± this is "about right"


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
    """How far the AI's scores are from the scores of this cohort's staff on its answers."""
    cohort_check_for_staff(staff=staff, cohort=cohort)
    reviews = (
        reviews_by_cohort_staff(cohort=cohort)
        .filter(
            turn__session__candidate_id__in=cohort_candidate_ids(cohort=cohort),
            score__isnull=False,
            ai_score__isnull=False,
        )
        .annotate(diff=F("ai_score") - F("score"))
    )
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
    largest: list[TurnReview] = list(
        reviews.annotate(gap=Abs(F("diff")))
        .select_related("turn__session__candidate", "turn__topic", "reviewer")
        .order_by("-gap", "-updated_at")[:10]
    )
    return Calibration(cohort=cohort, overall=overall, by_topic=by_topic, largest_gaps=largest)
