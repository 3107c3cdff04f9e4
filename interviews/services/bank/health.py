"""Rubric health: can a question's rubric be met? Its own model answer must score at
least MODEL_ANSWER_MIN with no key point contradicted, and each key point's own text
must cover that key point. Curators run it after an import (`check_bank`)."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch

from interviews.engine import matching, rubric
from interviews.engine.types import KeyPointStatus
from interviews.models import KeyPoint, Misconception, Question, QuestionStatus
from interviews.services.bank.questions import question_spec

MODEL_ANSWER_MIN = 90


@dataclass(frozen=True)
class RubricHealth:
    question_id: int
    external_id: str
    text: str
    score: int
    contradicted: tuple[str, ...]  # key points its own model answer contradicts
    not_met: tuple[str, ...]  # key points the model answer does not cover
    unmatchable: tuple[str, ...]  # key points whose own text does not cover them

    @property
    def healthy(self) -> bool:
        return self.score >= MODEL_ANSWER_MIN and not self.contradicted and not self.unmatchable


def question_health(question: Question) -> RubricHealth:
    spec = question_spec(question)
    grade = rubric.grade(spec, spec.model_answer)
    question_terms = frozenset(matching.analyse(spec.text).terms)
    unmatchable = tuple(
        kp.text
        for kp in spec.key_points
        if rubric.grade_key_point(
            kp, kp.text, matching.analyse(kp.text).terms, question_terms
        ).status
        != KeyPointStatus.COVERED
    )
    return RubricHealth(
        question_id=question.pk,
        external_id=question.external_id,
        text=question.text,
        score=grade.score,
        contradicted=tuple(
            g.key_point.text for g in grade.key_points if g.status == KeyPointStatus.CONTRADICTED
        ),
        not_met=tuple(
            g.key_point.text for g in grade.key_points if g.status != KeyPointStatus.COVERED
        ),
        unmatchable=unmatchable,
    )


def bank_health(
    *, questions: Iterable[Question] | None = None, store: bool = True
) -> list[RubricHealth]:
    """Every given question's rubric health (default: every published question), stored
    on the questions (`rubric_score`, `rubric_healthy`) for the admin's column and filter."""
    if questions is None:
        questions = Question.objects.filter(status=QuestionStatus.PUBLISHED)
    queryset = (
        Question.objects.filter(pk__in=[q.pk for q in questions])
        .select_related("track", "topic")
        .prefetch_related(
            Prefetch("key_points", queryset=KeyPoint.objects.order_by("order", "id")),
            "follow_ups",
            Prefetch(
                "misconceptions",
                queryset=Misconception.objects.select_related("key_point").order_by("order", "id"),
            ),
        )
        .order_by("external_id")
    )
    rows = [question_health(q) for q in queryset]
    if store:
        by_id = {row.question_id: row for row in rows}
        checked = list(queryset)
        for question in checked:
            question.rubric_score = by_id[question.pk].score
            question.rubric_healthy = by_id[question.pk].healthy
        Question.objects.bulk_update(checked, ["rubric_score", "rubric_healthy"])
    return rows
