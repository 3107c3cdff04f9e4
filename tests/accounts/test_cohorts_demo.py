"""The demo cohort: enough varied activity for the staff pages, loaded idempotently."""

from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Cohort, User
from interviews.demo import DEMO_COHORT_CANDIDATES
from interviews.models import InterviewSession, Track, Turn, TurnReview
from interviews.selectors.staff import cohort_progress_for_staff

pytestmark = pytest.mark.django_db


def _dashboard():
    staff = User.objects.get(email="staff@example.com")
    cohort = Cohort.objects.get()
    return staff, cohort, cohort_progress_for_staff(staff=staff, cohort=cohort)


def test_demo_cohort_has_varied_candidates_and_is_idempotent(client):
    call_command("load_demo_data")
    counts = (InterviewSession.objects.count(), Turn.objects.count(), TurnReview.objects.count())
    call_command("load_demo_data")
    assert counts == (
        InterviewSession.objects.count(),
        Turn.objects.count(),
        TurnReview.objects.count(),
    )
    assert Track.objects.exists()

    staff, cohort, data = _dashboard()
    rows = {r.candidate.email: r for r in data.rows}
    assert set(rows) == {c.email for c in DEMO_COHORT_CANDIDATES}
    assert not Turn.objects.filter(score__isnull=True).exists()
    assert Turn.objects.exclude(key_point_results=[]).exists()
    assert any("falling" in r.lower() for r in rows["minji@example.com"].risks)
    assert any("10 days" in r for r in rows["yuna@example.com"].risks)
    assert any("below 50" in r for r in rows["haneul@example.com"].risks)
    assert rows["seojun@example.com"].trend > 10 and not rows["seojun@example.com"].risks
    assert len(data.topics) >= 2
    assert TurnReview.objects.filter(reviewer=staff, score__isnull=False).exists()

    client.force_login(staff)
    response = client.get(reverse("staff:dashboard", args=[cohort.pk]))
    assert response.status_code == HTTPStatus.OK
    assert "최유나" in response.content.decode()


def test_demo_uses_the_loaded_bank(client):
    call_command("load_starter_bank")
    call_command("load_demo_data")
    slugs = set(Turn.objects.values_list("topic__track__slug", flat=True))
    assert slugs <= set(Track.objects.values_list("slug", flat=True))
    assert not Turn.objects.filter(question__external_id__startswith="demo-").exists()
