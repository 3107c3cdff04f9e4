import csv
import io
from http import HTTPStatus

import pytest
from django.urls import reverse

from interviews.views.staff import csv_safe
from tests.factories import TopicFactory
from tests.interviews.staff.conftest import scored_session

pytestmark = pytest.mark.django_db


def _rows(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_export_is_one_row_per_candidate_per_topic(client, cohort, cohort_staff, candidate, topic):
    other_topic = TopicFactory(track=topic.track, name="Generators")
    scored_session(candidate, days_ago=2, score=60, topic=topic)
    scored_session(candidate, days_ago=1, score=40, topic=other_topic)
    client.force_login(cohort_staff)
    response = client.get(reverse("staff:export", args=[cohort.pk]))
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    header, *rows = _rows(response)
    assert header[:4] == ["Candidate", "Email", "Track", "Topic"]
    assert [(r[0], r[3], r[5]) for r in rows] == [
        ("Candidate One", "Decorators", "60"),
        ("Candidate One", "Generators", "40"),
    ]


def test_candidate_without_answers_gets_one_blank_row(client, cohort, cohort_staff):
    client.force_login(cohort_staff)
    _header, *rows = _rows(client.get(reverse("staff:export", args=[cohort.pk])))
    assert len(rows) == 1
    assert rows[0][0] == "Candidate One" and rows[0][3] == ""


def test_formula_in_a_name_is_defused(client, cohort, cohort_staff, candidate, topic):
    candidate.display_name = '=HYPERLINK("http://evil.example","x")'
    candidate.save()
    scored_session(candidate, days_ago=1, score=50, topic=topic)
    client.force_login(cohort_staff)
    _header, row = _rows(client.get(reverse("staff:export", args=[cohort.pk])))
    assert row[0] == "'" + candidate.display_name


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_csv_safe_prefixes_formula_starts(value):
    assert csv_safe(value) == "'" + value


def test_csv_safe_leaves_plain_values():
    assert csv_safe("Kim") == "Kim"
    assert csv_safe(-3) == -3
    assert csv_safe("") == ""
