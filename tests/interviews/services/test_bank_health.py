"""The bank invariant: every published starter question's model answer meets its own
rubric (>= 90, nothing contradicted, each key point met by its own wording)."""

import pytest
from django.core.management import CommandError, call_command

from interviews.models import Misconception, Question
from interviews.services.bank import starter_bank_load
from interviews.services.bank.health import MODEL_ANSWER_MIN, bank_health
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db


def test_every_starter_question_meets_its_own_rubric():
    starter_bank_load()
    rows = bank_health()
    assert len(rows) == Question.objects.filter(status="published").count() >= 90
    unhealthy = [
        (r.external_id, r.score, r.contradicted, r.unmatchable) for r in rows if not r.healthy
    ]
    assert unhealthy == []
    assert min(r.score for r in rows) >= MODEL_ANSWER_MIN


def test_the_starter_bank_loads_its_misconceptions_and_follow_up_rubrics():
    result = starter_bank_load()
    if not result.misconceptions:
        pytest.skip("no misconceptions.json in the starter bank")
    questions = Question.objects.filter(external_id__startswith="en-")
    assert Misconception.objects.filter(question__in=questions).exists()
    every = Question.objects.count()
    with_one = Question.objects.filter(misconceptions__isnull=False).distinct().count()
    assert with_one == every


def test_check_bank_lists_a_rubric_that_cannot_be_met(capsys):
    question = QuestionFactory(
        status="published",
        text="What does a load balancer do?",
        model_answer="A load balancer spreads requests over several servers.",
        key_points=[
            ("spreads requests over several servers", []),
            ("health checks remove dead backends", []),
        ],
    )
    with pytest.raises(CommandError):
        call_command("check_bank")
    out = capsys.readouterr().out
    assert question.external_id in out
    assert "health checks remove dead backends" in out
