"""The staff pages' numbers agree: the cohort list counts the candidates the dashboard
lists, and every at-risk threshold is judged on the whole number of points shown."""

from decimal import ROUND_HALF_UP, Decimal
from http import HTTPStatus

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import CohortMembership
from interviews.selectors.staff import (
    cohort_list_for_staff,
    cohort_progress_for_staff,
    whole_points,
)
from tests.factories import CohortMembershipFactory, TopicFactory
from tests.interviews.staff.conftest import cohort_member, scored_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def six_candidates(cohort, cohort_staff):
    """Cohort A: its fixture candidate and five more; one who left; its staff member."""
    for n in range(5):
        cohort_member(cohort, f"Member {n}")
    gone = cohort_member(cohort, "Gone")
    CohortMembership.objects.filter(cohort=cohort, user=gone).delete()
    return cohort


@pytest.mark.parametrize("role", ["cohort_staff", "superuser"])
def test_cohort_list_counts_the_candidates_the_dashboard_lists(
    client, request, role, six_candidates
):
    staff = request.getfixturevalue(role)
    cohort = six_candidates
    (summary,) = [s for s in cohort_list_for_staff(staff=staff) if s.cohort == cohort]
    dashboard = cohort_progress_for_staff(staff=staff, cohort=cohort)
    assert summary.candidates == dashboard.total_candidates == len(dashboard.rows) == 6

    client.force_login(staff)
    page = client.get(reverse("staff:cohorts")).content.decode()
    row = page[page.index("Cohort A") :]
    assert "<td>6</td>" in row[: row.index("</tr>")]


def test_cohort_list_counts_each_cohort_apart(client, cohort, cohort_staff, other_staff):
    """A staff member of two cohorts: each row has its own cohort's candidates."""
    cohort_b = other_staff.cohort_memberships.get().cohort
    CohortMembershipFactory(cohort=cohort_b, user=cohort_staff, role="staff")
    for n in range(3):
        cohort_member(cohort_b, f"B {n}")
    counts = {s.cohort.name: s.candidates for s in cohort_list_for_staff(staff=cohort_staff)}
    assert counts == {"Cohort A": 1, "Cohort B": 3}
    assert [s.cohort.name for s in cohort_list_for_staff(staff=other_staff)] == ["Cohort B"]


def test_cohort_list_query_count_is_constant(
    client, cohort, cohort_staff, django_assert_max_num_queries
):
    client.force_login(cohort_staff)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("staff:cohorts"))
    for n in range(4):
        cohort_n = CohortMembershipFactory(user=cohort_staff, role="staff").cohort
        cohort_member(cohort_n, f"Extra {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("staff:cohorts"))


@pytest.mark.parametrize(
    ("value", "points"),
    [
        (42.5, 43),
        (43.5, 44),
        (49.5, 50),
        (49.49, 49),
        (-9.5, -10),
        (-9.4, -9),
        (0.0, 0),
        # Just under a half: adding 0.5 rounds up to 1.0 in floating point.
        (0.49999999999999994, 0),
        (-0.49999999999999994, 0),
    ],
)
def test_whole_points_rounds_halves_away_from_zero(value, points):
    assert whole_points(value) == points


@given(st.floats(min_value=-1000, max_value=1000, allow_nan=False))
def test_whole_points_is_the_shown_decimal_rounded_half_up(value):
    """The number a page shows is the value as printed, rounded half up: the same as
    rounding its decimal form."""
    shown = Decimal(repr(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    assert whole_points(value) == int(shown)


def _rows(staff, cohort):
    data = cohort_progress_for_staff(staff=staff, cohort=cohort, sort="name")
    return data, {r.candidate.display_name: r for r in data.rows}


def test_a_topic_averaging_just_under_the_threshold_shown_as_it_is_not_stuck(
    cohort, cohort_staff, topic
):
    """49.6 shows as 50: it is not "stuck below 50"; 49.4 shows as 49 and is."""
    near = cohort_member(cohort, "Near")
    hard = TopicFactory(track=topic.track, name="Concurrency")
    scored_session(near, days_ago=2, score=50, topic=hard, turn_scores=[49, 50, 50, 50, 49])
    under = cohort_member(cohort, "Under")
    scored_session(under, days_ago=2, score=49, topic=hard, turn_scores=[49, 49, 50, 49, 50])

    data, rows = _rows(cohort_staff, cohort)

    assert not any("Stuck" in r for r in rows["Near"].risks)
    (reason,) = [r for r in rows["Under"].risks if "Stuck" in r]
    assert reason == "Stuck below 50 in Concurrency (average 49)"
    cells = {h.candidate.display_name: h.cells[0] for h in data.heatmap}
    assert (cells["Near"].average, cells["Near"].band) == (50, "mid")
    assert (cells["Under"].average, cells["Under"].band) == (49, "low")


@pytest.mark.parametrize(
    ("newer", "falling", "label"),
    [((70, 70, 71), True, "-10"), ((70, 71, 71), False, "-9")],
)
def test_falling_is_judged_on_the_trend_shown(cohort, cohort_staff, topic, newer, falling, label):
    """Older sessions 80, newer ones averaging 70.3 (trend -9.7, shown -10) or 70.7 (-9.3)."""
    someone = cohort_member(cohort, "Someone")
    for days, score in zip((12, 11, 10, 3, 2, 1), (80, 80, 80, *newer), strict=True):
        scored_session(someone, days_ago=days, score=score, topic=topic)

    _data, rows = _rows(cohort_staff, cohort)

    row = rows["Someone"]
    assert row.trend_label == label
    assert row.falling is falling
    reasons = [r for r in row.risks if "falling" in r]
    assert reasons == (["Scores falling (10 points over the last sessions)"] if falling else [])


def test_dashboard_and_candidate_page_show_the_same_rounded_average(
    client, cohort, cohort_staff, candidate, topic
):
    for days, score in ((3, 42), (2, 43)):
        scored_session(candidate, days_ago=days, score=score, topic=topic)
    client.force_login(cohort_staff)

    dashboard = client.get(reverse("staff:dashboard", args=[cohort.pk])).content.decode()
    detail = client.get(reverse("staff:candidate", args=[cohort.pk, candidate.pk]))

    assert "<td>43</td>" in dashboard
    assert detail.status_code == HTTPStatus.OK
    html = detail.content.decode()
    average = html[html.index("Average score") :]
    assert "43" in average[: average.index("</strong>")]
