"""How each bank question performs with candidates, for curators: attempts, mean score and
spread, the share of flagged answers and of answers that drew a follow-up, the key points
most often missed, and discrimination.

Discrimination is the correlation, over candidates, between a candidate's mean score on
the question and their mean score on the rest of the bank: near zero (or below) the
question does not separate strong candidates from weak ones. It is shown only from
DISCRIMINATION_MIN_CANDIDATES candidates who answered both.

Everything is aggregated by the database in one statement (common table expressions in
SQL that PostgreSQL and SQLite both run), kept in the cache for FIGURES_CACHE_SECONDS (a
periodic aggregate: about 0.2 s for 100,000 answers); the page then sorts the questions'
rows and reads the page's questions and their missed key points (two more queries).
"""

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypedDict

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connection
from django.utils import timezone

from accounts.models import User
from interviews.models import (
    InterviewSession,
    Question,
    QuestionLanguage,
    QuestionStatus,
    Track,
    Turn,
)
from interviews.selectors.curation import curator_check

DISCRIMINATION_MIN_CANDIDATES = 20
QUESTIONS_PER_PAGE = 50
MISSED_SHOWN = 3
MISSED_STATUSES = ("missed", "contradicted")
# Sort keys; a leading "-" sorts descending. Rows without the figure go last either way.
SORT_KEYS = ("text", "attempts", "mean", "spread", "flagged", "followed", "discrimination")
DEFAULT_SORT = "discrimination"  # the least discriminating first
FIGURES_CACHE_SECONDS = 300
FIGURES_CACHE_KEY = "bank-analytics:figures"

_TURN = Turn._meta.db_table
_SESSION = InterviewSession._meta.db_table

# One pass over the scored first answers (follow-ups aside) groups them per candidate and
# question; a window adds each candidate's totals, so their mean on the rest of the bank
# sits beside their mean on the question; a last pass sums those per question (the sums
# Pearson's r is computed from).
# Scores and counts are cast to floating point once: PostgreSQL's exact NUMERIC arithmetic,
# which integer sums and "* 1.0" bring in, took most of the time.
# Table names are our own models'; the only parameters are bound.
_STATS_SQL = f"""
WITH followed AS (
    SELECT DISTINCT parent_id FROM {_TURN} WHERE kind = %s AND parent_id IS NOT NULL
),
candidate_question AS (
    SELECT s.candidate_id, t.question_id,
           CAST(COUNT(*) AS DOUBLE PRECISION) AS answers,
           SUM(CAST(t.score AS DOUBLE PRECISION)) AS total,
           SUM(CAST(t.score AS DOUBLE PRECISION) * t.score) AS total_square,
           SUM(CASE WHEN t.answer_flag <> '' THEN 1 ELSE 0 END) AS flagged,
           SUM(CASE WHEN f.parent_id IS NULL THEN 0 ELSE 1 END) AS followed
    FROM {_TURN} t
    JOIN {_SESSION} s ON s.id = t.session_id
    LEFT JOIN followed f ON f.parent_id = t.id
    WHERE t.kind = %s AND t.question_id IS NOT NULL AND t.score IS NOT NULL
    GROUP BY s.candidate_id, t.question_id
),
with_candidate AS (
    SELECT cq.*, SUM(total) OVER by_candidate AS candidate_total,
           SUM(answers) OVER by_candidate AS candidate_answers
    FROM candidate_question cq WINDOW by_candidate AS (PARTITION BY candidate_id)
),
pairs AS (
    SELECT question_id, answers, total, total_square, flagged, followed,
           total / answers AS x,
           CASE WHEN candidate_answers > answers
                THEN (candidate_total - total) / (candidate_answers - answers) END AS y
    FROM with_candidate
)
SELECT question_id, SUM(answers), SUM(total), SUM(total_square), SUM(flagged), SUM(followed),
       COUNT(y), SUM(CASE WHEN y IS NULL THEN NULL ELSE x END), SUM(y),
       SUM(CASE WHEN y IS NULL THEN NULL ELSE x * x END), SUM(y * y), SUM(x * y)
FROM pairs GROUP BY question_id
"""  # noqa: S608 - table names from our models' Meta; values are bound parameters


@dataclass
class QuestionAnalytics:
    question_id: int
    text: str
    attempts: int = 0
    mean: float | None = None
    spread: float | None = None  # standard deviation of the scores
    flagged: float | None = None  # share of attempts, 0..1
    followed: float | None = None  # share of attempts that drew a follow-up, 0..1
    discrimination: float | None = None  # Pearson r, -1..1; None below the minimum sample
    discrimination_sample: int = 0  # candidates who answered it and something else
    missed: list[tuple[str, float]] = field(default_factory=list)  # (key point, share)
    question: Question | None = None  # the row itself, read for the rows of the page only

    @property
    def flagged_percent(self) -> float | None:
        return None if self.flagged is None else self.flagged * 100

    @property
    def followed_percent(self) -> float | None:
        return None if self.followed is None else self.followed * 100

    @property
    def missed_percent(self) -> list[tuple[str, float]]:
        return [(text, share * 100) for text, share in self.missed]


class _Figures(TypedDict, total=False):
    """A question's figures from the aggregate: fields of its `QuestionAnalytics` row (none
    for a question not yet answered, whose row keeps the defaults)."""

    attempts: int
    mean: float
    spread: float
    flagged: float
    followed: float
    discrimination_sample: int
    discrimination: float | None


@dataclass(frozen=True)
class BankAnalytics:
    rows: list[QuestionAnalytics]
    page: Page
    sort: str
    tracks: list[Track]
    track: str
    language: str
    status: str
    min_attempts: int
    computed_at: datetime  # when the figures were aggregated


def bank_analytics_for_curator(
    *,
    curator: User,
    sort: str = DEFAULT_SORT,
    track: str = "",
    language: str = "",
    status: str = "",
    min_attempts: int = 0,
    page: int | str = 1,
    fresh: bool = False,
) -> BankAnalytics:
    """Every question (filtered by track slug, language, status, a minimum of attempts),
    sorted by `sort`, one page of them with their most-missed key points.

    The figures are a periodic aggregate: computed at most every FIGURES_CACHE_SECONDS
    (sooner with `fresh`), so opening, sorting and paging the list does not run it again.
    """
    curator_check(user=curator)
    if sort.lstrip("-") not in SORT_KEYS:
        sort = DEFAULT_SORT
    questions = Question.objects.order_by("id")
    tracks = list(Track.objects.order_by("order", "name"))
    if track in {t.slug for t in tracks}:
        questions = questions.filter(track__slug=track)
    else:
        track = ""
    if language in QuestionLanguage.values:
        questions = questions.filter(language=language)
    else:
        language = ""
    if status in QuestionStatus.values:
        questions = questions.filter(status=status)
    else:
        status = ""
    min_attempts = max(0, min_attempts)

    computed_at, figures = _question_figures(fresh=fresh)
    rows = [
        QuestionAnalytics(question_id=pk, text=text, **figures.get(pk, {}))
        for pk, text in questions.values_list("pk", "text")
    ]
    rows = [r for r in rows if r.attempts >= min_attempts]
    current = Paginator(_sorted(rows, sort), QUESTIONS_PER_PAGE).get_page(page)
    shown = list(current.object_list)
    by_id = Question.objects.select_related("track").in_bulk([r.question_id for r in shown])
    for row in shown:
        row.question = by_id[row.question_id]
    _add_missed_key_points(shown)
    return BankAnalytics(
        rows=shown,
        page=current,
        sort=sort,
        tracks=tracks,
        track=track,
        language=language,
        status=status,
        min_attempts=min_attempts,
        computed_at=computed_at,
    )


def _question_figures(*, fresh: bool) -> tuple[datetime, dict[int, _Figures]]:
    """(when, every answered question's figures by question id), from the cache unless
    `fresh` or older than FIGURES_CACHE_SECONDS."""
    cached = None if fresh else cache.get(FIGURES_CACHE_KEY)
    if cached is None:
        cached = (timezone.now(), _aggregate_figures())
        cache.set(FIGURES_CACHE_KEY, cached, FIGURES_CACHE_SECONDS)
    return cached


def _aggregate_figures() -> dict[int, _Figures]:
    """Every answered question's figures, by question id, from one aggregate statement."""
    kinds = [Turn.Kind.FOLLOW_UP.value, Turn.Kind.QUESTION.value]
    with connection.cursor() as cursor:
        cursor.execute(_STATS_SQL, kinds)
        result = cursor.fetchall()
    figures: dict[int, _Figures] = {}
    for question_id, attempts, total, total_square, flagged, followed, *sums in result:
        attempts = int(attempts)
        mean = float(total) / attempts
        figures[question_id] = {
            "attempts": attempts,
            "mean": mean,
            "spread": math.sqrt(max(0.0, float(total_square) / attempts - mean * mean)),
            "flagged": int(flagged) / attempts,
            "followed": int(followed) / attempts,
            "discrimination_sample": sums[0] or 0,
            "discrimination": _correlation(*sums),
        }
    return figures


def _correlation(n, sx, sy, sxx, syy, sxy) -> float | None:
    """Pearson's r from the sums, or None below the minimum sample or without spread."""
    if not n or n < DISCRIMINATION_MIN_CANDIDATES:
        return None
    sx, sy, sxx, syy, sxy = (float(v) for v in (sx, sy, sxx, syy, sxy))
    cov = n * sxy - sx * sy
    var_x, var_y = n * sxx - sx * sx, n * syy - sy * sy
    if var_x <= 1e-9 or var_y <= 1e-9:
        return None
    return max(-1.0, min(1.0, cov / math.sqrt(var_x * var_y)))


def _sorted(rows: list[QuestionAnalytics], sort: str) -> list[QuestionAnalytics]:
    descending, key = sort.startswith("-"), sort.lstrip("-")
    if key == "text":
        return sorted(rows, key=lambda r: r.text.casefold(), reverse=descending)
    present = [r for r in rows if getattr(r, key) is not None]
    missing = [r for r in rows if getattr(r, key) is None]
    present.sort(key=lambda r: (getattr(r, key), r.question_id), reverse=descending)
    return present + missing


def _add_missed_key_points(rows: list[QuestionAnalytics]) -> None:
    """Each row's key points most often missed or contradicted, as a share of attempts."""
    by_id = {r.question_id: r for r in rows if r.attempts}
    missed: dict[int, Counter] = defaultdict(Counter)
    results = Turn.objects.filter(
        question_id__in=list(by_id), kind=Turn.Kind.QUESTION, score__isnull=False
    ).values_list("question_id", "key_point_results")
    for question_id, points in results:
        for point in points or ():
            if isinstance(point, dict) and point.get("status") in MISSED_STATUSES:
                missed[question_id][point.get("text", "")] += 1
    for question_id, counts in missed.items():
        row = by_id[question_id]
        row.missed = [(text, n / row.attempts) for text, n in counts.most_common(MISSED_SHOWN)]
