from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import CohortMembership
from interviews.selectors.progress import progress_for_user
from interviews.selectors.staff import candidate_progress_for_staff, cohort_progress_for_staff
from tests.factories import TopicFactory
from tests.interviews.staff.conftest import cohort_member, scored_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def varied(cohort, topic):
    """Improving, falling, inactive and stuck candidates."""
    improving = cohort_member(cohort, "Improving")
    for days, score in ((20, 50), (16, 55), (12, 60), (8, 70), (4, 75), (1, 85)):
        scored_session(improving, days_ago=days, score=score, topic=topic)
    falling = cohort_member(cohort, "Falling")
    for days, score in ((20, 85), (16, 82), (12, 80), (8, 65), (4, 60), (1, 55)):
        scored_session(falling, days_ago=days, score=score, topic=topic)
    inactive = cohort_member(cohort, "Inactive")
    for days in (25, 18, 10):
        scored_session(inactive, days_ago=days, score=70, topic=topic)
    stuck = cohort_member(cohort, "Stuck")
    hard = TopicFactory(track=topic.track, name="Concurrency")
    for days in (6, 3, 1):
        scored_session(stuck, days_ago=days, score=40, topic=hard, turn_scores=[40, 45])
    return {"improving": improving, "falling": falling, "inactive": inactive, "stuck": stuck}


def _rows(staff, cohort, **kwargs):
    data = cohort_progress_for_staff(staff=staff, cohort=cohort, **kwargs)
    return data, {r.candidate.display_name: r for r in data.rows}


def test_rows_have_activity_average_and_trend(cohort, cohort_staff, varied):
    _data, rows = _rows(cohort_staff, cohort)
    improving = rows["Improving"]
    assert improving.sessions_7d == 2
    assert improving.sessions_30d == 6
    assert improving.average == pytest.approx((50 + 55 + 60 + 70 + 75 + 85) / 6, abs=0.1)
    assert improving.trend == pytest.approx((85 + 75 + 70) / 3 - (60 + 55 + 50) / 3, abs=0.1)
    assert improving.trend_direction == "up"
    assert not improving.at_risk
    assert rows["Candidate One"].last_activity is None


def test_at_risk_flags_carry_their_reason(cohort, cohort_staff, varied):
    _data, rows = _rows(cohort_staff, cohort)
    assert any("falling" in r.lower() for r in rows["Falling"].risks)
    assert any("No practice for 10 days" in r for r in rows["Inactive"].risks)
    assert any("Concurrency" in r and "below 50" in r for r in rows["Stuck"].risks)
    assert rows["Candidate One"].risks == ["No practice yet"]


def test_heatmap_has_topic_by_candidate_averages(cohort, cohort_staff, varied):
    data, _rows_by_name = _rows(cohort_staff, cohort, sort="name")
    names = [t.name for t in data.topics]
    assert names == ["Concurrency", "Decorators"]
    stuck = next(h for h in data.heatmap if h.candidate.display_name == "Stuck")
    concurrency = stuck.cells[names.index("Concurrency")]
    assert concurrency.average == 43  # (40 + 45) * 3 / 6 = 42.5, shown rounded half up
    assert concurrency.answers == 6
    assert concurrency.band == "low"
    assert stuck.cells[names.index("Decorators")].band == "none"


def test_sort_and_filter_are_server_side(client, cohort, cohort_staff, varied):
    data, _ = _rows(cohort_staff, cohort, sort="-average")
    averages = [r.average for r in data.rows]
    present = [a for a in averages if a is not None]
    assert present == sorted(present, reverse=True)
    assert averages[-1] is None  # no score sorts last
    data, _ = _rows(cohort_staff, cohort, sort="name")
    assert data.rows[0].candidate.display_name == "Candidate One"
    data, _ = _rows(cohort_staff, cohort, filter="at_risk")
    assert {r.candidate.display_name for r in data.rows} == {
        "Falling",
        "Inactive",
        "Stuck",
        "Candidate One",
    }
    data, _ = _rows(cohort_staff, cohort, filter="on_track", query="impro")
    assert [r.candidate.display_name for r in data.rows] == ["Improving"]
    # Unknown values fall back instead of failing.
    data, _ = _rows(cohort_staff, cohort, sort="password", filter="nope")
    assert (data.sort, data.filter) == ("-risk", "all")

    client.force_login(cohort_staff)
    page = client.get(
        reverse("staff:dashboard", args=[cohort.pk]), {"show": "at_risk", "sort": "name"}
    ).content.decode()
    assert "Falling" in page
    assert "Improving</a>" not in page


def test_dashboard_page_shows_reasons_heatmap_chart_and_invite(
    client, cohort, cohort_staff, varied
):
    client.force_login(cohort_staff)
    response = client.get(reverse("staff:dashboard", args=[cohort.pk]))
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "No practice for 10 days" in page
    assert 'class="heat heat-low"' in page
    assert "<svg" in page and "chart-line" in page
    assert cohort.invite_code in page
    assert reverse("accounts:join_cohort_code", args=[cohort.invite_code]) in page
    assert "style=" not in page  # the CSP forbids inline styles


def test_heatmap_cells_and_names_are_escaped(client, cohort, cohort_staff, topic):
    sneaky = cohort_member(cohort, '<img src=x onerror="alert(1)">')
    scored_session(sneaky, days_ago=1, score=92, topic=topic, turn_scores=[92])
    client.force_login(cohort_staff)

    page = client.get(reverse("staff:dashboard", args=[cohort.pk])).content.decode()

    assert "<img src=x" not in page
    assert '<th scope="row">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</th>' in page
    assert '<td class="heat heat-top" title="1 answer">92</td>' in page


def test_dashboard_query_count_is_constant_in_candidates(
    client, cohort, cohort_staff, topic, make_candidates
):
    client.force_login(cohort_staff)
    url = reverse("staff:dashboard", args=[cohort.pk])
    make_candidates(cohort, 3, topic)
    client.get(url)  # warm up (session, content types)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == HTTPStatus.OK
    make_candidates(cohort, 9, topic)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == HTTPStatus.OK
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_export_query_count_is_constant_in_candidates(
    client, cohort, cohort_staff, topic, make_candidates
):
    client.force_login(cohort_staff)
    url = reverse("staff:export", args=[cohort.pk])
    make_candidates(cohort, 3, topic)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    make_candidates(cohort, 9, topic)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_candidate_page_shows_charts_and_interviews(
    client, cohort, cohort_staff, candidate, session, turn
):
    client.force_login(cohort_staff)
    page = client.get(reverse("staff:candidate", args=[cohort.pk, candidate.pk])).content.decode()
    assert page.count("<svg") == 2
    assert reverse("staff:transcript", args=[cohort.pk, session.pk]) in page
    # Staff see the figures the candidate sees on their own progress page.
    charts = candidate_progress_for_staff(
        staff=cohort_staff, cohort=cohort, candidate_id=candidate.pk
    ).charts
    assert charts == progress_for_user(user=candidate)
    assert charts.topic_averages


def test_transcript_shows_answers_and_ai_evaluation(client, cohort, cohort_staff, session, turn):
    client.force_login(cohort_staff)
    page = client.get(reverse("staff:transcript", args=[cohort.pk, session.pk])).content.decode()
    assert turn.question_text in page
    assert "A decorator wraps a function." in page
    assert "Good start." in page
    assert 'class="ai-score">72<' in page
    assert "wraps a function" in page


def test_staff_create_a_cohort_and_become_its_staff(client, cohort_staff):
    client.force_login(cohort_staff)
    response = client.post(
        reverse("staff:cohorts"), {"name": "  Night   class ", "invite_valid_days": "14"}
    )
    cohort = cohort_staff.cohort_memberships.get(cohort__name="Night class").cohort
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("staff:dashboard", args=[cohort.pk])
    assert cohort.invite_is_valid and cohort.invite_expires_at is not None
    assert cohort.created_by == cohort_staff


def test_cohort_create_rejects_a_blank_name(client, cohort_staff):
    client.force_login(cohort_staff)
    response = client.post(reverse("staff:cohorts"), {"name": "", "invite_valid_days": "0"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert cohort_staff.cohort_memberships.count() == 1


def test_candidate_who_leaves_drops_off_the_dashboard(client, cohort, cohort_staff, candidate):
    client.force_login(cohort_staff)
    url = reverse("staff:dashboard", args=[cohort.pk])
    assert "Candidate One" in client.get(url).content.decode()
    CohortMembership.objects.filter(user=candidate).delete()
    assert "Candidate One" not in client.get(url).content.decode()


def test_trend_labels_are_signed_whole_points(cohort, cohort_staff, varied):
    _data, rows = _rows(cohort_staff, cohort)
    assert rows["Improving"].trend_label == "+22"
    assert rows["Falling"].trend_label == "-22"
    assert rows["Candidate One"].trend_label == ""
