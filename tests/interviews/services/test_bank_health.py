"""The bank invariant: every published starter question's model answer meets its own
rubric (>= 90, nothing contradicted, each key point met by its own wording)."""

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from interviews.engine import misconceptions, rubric
from interviews.engine.types import KeyPointSpec, QuestionSpec
from interviews.models import FollowUp, Misconception, Question
from interviews.services.bank import starter_bank_load
from interviews.services.bank.health import MODEL_ANSWER_MIN, bank_health
from interviews.services.bank.questions import question_spec
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

    counts = Question.objects.annotate(n=Count("misconceptions")).values_list("n", flat=True)
    assert result.misconceptions == Misconception.objects.count()
    assert min(counts) >= 1, "every question has a misconception"
    assert sum(1 for n in counts if n >= 2) * 2 >= len(counts), "half have two or more"
    assert not Misconception.objects.filter(key_point__isnull=True).exists()
    assert result.follow_up_rubrics == FollowUp.objects.exclude(key_points=[]).count() > 0


def test_no_starter_misconception_is_asserted_by_its_own_model_answer():
    starter_bank_load()
    asserted_by_model_answer = []
    for question in Question.objects.prefetch_related("key_points", "misconceptions"):
        spec = question_spec(question)
        hits = misconceptions.asserted(spec, spec.model_answer)
        asserted_by_model_answer += [(question.external_id, hit.text) for hit in hits]
    assert asserted_by_model_answer == []


def test_every_curated_follow_up_meets_its_own_rubric():
    starter_bank_load()
    low = []
    for follow_up in FollowUp.objects.exclude(key_points=[]).select_related("question"):
        spec = QuestionSpec(
            text=follow_up.text,
            language=follow_up.question.language,
            model_answer=follow_up.model_answer,
            key_points=tuple(
                KeyPointSpec(kp["text"], tuple(kp.get("synonyms", ())))
                for kp in follow_up.key_points
            ),
        )
        score = rubric.grade(spec, spec.model_answer).score
        if score < MODEL_ANSWER_MIN:
            low.append((follow_up.question.external_id, follow_up.text, score))
    assert low == []


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
