"""The question bank's analytics page: per-question figures from aggregates, discrimination
against the rest of the bank with a minimum sample, sorting, filters, curators only."""

import random
import statistics
from http import HTTPStatus

import pytest
from django.urls import reverse

from interviews.models import InterviewSession, Turn
from interviews.selectors.bank_analytics import (
    DISCRIMINATION_MIN_CANDIDATES,
    bank_analytics_for_curator,
)
from tests.factories import InterviewSessionFactory, QuestionFactory, TrackFactory, UserFactory

pytestmark = pytest.mark.django_db

ANALYTICS = "bank_analytics"
CANDIDATES = DISCRIMINATION_MIN_CANDIDATES + 5


def _answer(session, question, score, *, order, flag="", missed=(), follow_up=False):
    turn = Turn.objects.create(
        session=session,
        order=order,
        question=question,
        question_text=question.text,
        answer="An answer.",
        evaluation_status=Turn.EvaluationStatus.DONE,
        score=score,
        answer_flag=flag,
        key_point_results=[
            {"text": k.text, "status": "missed" if k.text in missed else "covered"}
            for k in question.key_points.all()
        ],
    )
    if follow_up:
        Turn.objects.create(
            session=session,
            order=order + 1,
            kind=Turn.Kind.FOLLOW_UP,
            parent=turn,
            question=question,
            question_text="Why?",
            answer="Because.",
            evaluation_status=Turn.EvaluationStatus.DONE,
            score=10,  # a follow-up's score is not the question's
        )
    return turn


@pytest.fixture
def bank():
    """`sharp` tracks ability, `blunt` does not, `rare` has too few answers; `rest`
    questions give each candidate a mean on the rest of the bank equal to their ability."""
    rng = random.Random(3)
    track = TrackFactory(slug="python", name="Python")
    sharp = QuestionFactory(track=track, text="Sharp question")
    blunt = QuestionFactory(track=track, text="Blunt question", language="ko")
    rare = QuestionFactory(track=track, text="Rare question", status="draft")
    rest = [QuestionFactory(track=track, text=f"Rest {n}") for n in range(2)]
    point = sharp.key_points.order_by("order").first().text
    abilities, blunt_scores = [], []
    for n in range(CANDIDATES):
        ability = 30 + 2 * n
        abilities.append(ability)
        session = InterviewSessionFactory(
            candidate=UserFactory(), track=track, status=InterviewSession.Status.COMPLETED
        )
        missed = {point} if n < 10 else ()
        _answer(session, sharp, ability + 5, order=1, missed=missed, follow_up=n % 5 == 0)
        blunt_scores.append(rng.randint(40, 60))
        _answer(session, blunt, blunt_scores[-1], order=3, flag="dont_know" if n < 5 else "")
        for order, question in enumerate(rest, start=4):
            _answer(session, question, ability, order=order)
        if n < 5:
            _answer(session, rare, 50, order=9)
    return {
        "sharp": sharp,
        "blunt": blunt,
        "rare": rare,
        "rest": rest,
        "abilities": abilities,
        "blunt_scores": blunt_scores,
        "point": point,
    }


def _rows(curator, **kwargs):
    data = bank_analytics_for_curator(curator=curator, **kwargs)
    return data, {r.text: r for r in data.rows}


def test_per_question_figures(curator, bank):
    _data, rows = _rows(curator)

    sharp = rows["Sharp question"]
    scores = [a + 5 for a in bank["abilities"]]
    assert sharp.attempts == CANDIDATES  # follow-ups are not attempts
    assert sharp.mean == pytest.approx(statistics.fmean(scores))
    assert sharp.spread == pytest.approx(statistics.pstdev(scores))
    assert sharp.flagged == 0
    assert sharp.followed == pytest.approx(5 / CANDIDATES)
    assert sharp.missed == [(bank["point"], pytest.approx(10 / CANDIDATES))]
    blunt = rows["Blunt question"]
    assert blunt.flagged == pytest.approx(5 / CANDIDATES)
    assert blunt.missed == []


def _pearson_by_hand(question) -> float:
    """The definition, computed directly from every candidate's first answers."""
    scores: dict[int, list[tuple[int, int]]] = {}
    for candidate, question_id, score in Turn.objects.filter(
        kind=Turn.Kind.QUESTION, score__isnull=False
    ).values_list("session__candidate_id", "question_id", "score"):
        assert score is not None  # the filter above; the type allows None
        scores.setdefault(candidate, []).append((question_id, score))
    xs, ys = [], []
    for answers in scores.values():
        own = [s for q, s in answers if q == question.pk]
        rest = [s for q, s in answers if q != question.pk]
        if own and rest:
            xs.append(statistics.fmean(own))
            ys.append(statistics.fmean(rest))
    return statistics.correlation(xs, ys)


def test_discrimination_against_the_rest_of_the_bank(curator, bank):
    _data, rows = _rows(curator)

    sharp, blunt, rare = rows["Sharp question"], rows["Blunt question"], rows["Rare question"]
    assert sharp.discrimination == pytest.approx(_pearson_by_hand(bank["sharp"]))
    assert blunt.discrimination == pytest.approx(_pearson_by_hand(bank["blunt"]))
    assert sharp.discrimination > 0.9
    assert abs(blunt.discrimination) < 0.5
    assert blunt.discrimination_sample == CANDIDATES
    assert rare.attempts == 5
    assert rare.discrimination is None  # fewer candidates than the minimum
    assert rare.discrimination_sample == 5


def test_sorted_least_discriminating_first_without_a_figure_last(curator, bank):
    data, _rows_by_text = _rows(curator)
    texts = [r.text for r in data.rows]
    assert texts.index("Blunt question") < texts.index("Sharp question")
    assert texts[-1] == "Rare question"

    data, _ = _rows(curator, sort="-mean")
    means = [r.mean for r in data.rows]
    assert means == sorted(means, reverse=True)
    data, _ = _rows(curator, sort="bogus")
    assert data.sort == "discrimination"


def test_filters(curator, bank):
    TrackFactory(slug="sql", name="SQL")
    assert set(_rows(curator, language="ko")[1]) == {"Blunt question"}
    assert set(_rows(curator, status="draft")[1]) == {"Rare question"}
    assert "Rare question" not in _rows(curator, min_attempts=6)[1]
    assert _rows(curator, track="sql")[1] == {}
    assert len(_rows(curator, track="nonsense")[1]) == 5


def test_page_shows_figures_with_links(client, curator, bank):
    client.force_login(curator)

    response = client.get(reverse(ANALYTICS), {"sort": "-attempts"})

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    sharp = bank["sharp"]
    assert reverse("admin:interviews_question_change", args=[sharp.pk]) in html
    assert reverse("admin:interviews_question_history", args=[sharp.pk]) in html
    assert "too few (5)" in html
    assert f"{bank['point']} (40%)" in html
    assert 'class="sorted descending"' in html
    assert "<script" not in html.split('id="content-main"')[1]


def test_query_count_is_constant(client, curator, bank, django_assert_max_num_queries):
    client.force_login(curator)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse(ANALYTICS))
    session = InterviewSessionFactory(track=bank["sharp"].track)
    for n in range(8):
        _answer(session, QuestionFactory(track=bank["sharp"].track), 50, order=n + 1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse(ANALYTICS))


ROLES = ["anonymous", "candidate", "cohort_staff", "other_staff", "admin_non_curator"]


@pytest.fixture
def admin_non_curator(db):
    return UserFactory(is_staff=True)


@pytest.mark.parametrize("role", [*ROLES, "curator", "superuser"])
def test_the_page_is_for_curators_only(client, request, role):
    request.getfixturevalue("cohort_staff")
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))

    response = client.get(reverse(ANALYTICS))

    if role in ("curator", "superuser"):
        assert response.status_code == HTTPStatus.OK
    elif role == "admin_non_curator":
        assert response.status_code == HTTPStatus.FORBIDDEN
    else:
        assert response.status_code == HTTPStatus.FOUND
        assert response.url.startswith(reverse("admin:login"))


def test_figures_are_a_periodic_aggregate_recomputed_on_request(client, curator, bank):
    first = bank_analytics_for_curator(curator=curator, sort="-attempts")
    session = InterviewSessionFactory(track=bank["sharp"].track)
    _answer(session, bank["rare"], 90, order=1)

    cached = bank_analytics_for_curator(curator=curator, sort="-attempts")
    fresh = bank_analytics_for_curator(curator=curator, sort="-attempts", fresh=True)

    attempts = {r.text: r.attempts for r in cached.rows}
    assert attempts["Rare question"] == 5
    assert cached.computed_at == first.computed_at
    assert {r.text: r.attempts for r in fresh.rows}["Rare question"] == 6
    assert fresh.computed_at > first.computed_at
    client.force_login(curator)
    html = client.get(reverse(ANALYTICS), {"fresh": "1", "sort": "mean"}).content.decode()
    assert "Recompute now" in html
    assert "fresh=1" not in html.split("Recompute now")[1]  # sorting does not recompute
