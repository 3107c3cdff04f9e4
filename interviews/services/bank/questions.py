"""Bulk curation of bank questions, and the plain spec the engine takes."""

from django.db import transaction
from django.db.models import QuerySet

from interviews.engine.retrieval import mark_content_changed
from interviews.engine.types import KeyPointSpec, MisconceptionSpec, QuestionSpec
from interviews.models import KeyPoint, Question, QuestionStatus


def _update_with_history(rows: QuerySet[Question] | QuerySet[KeyPoint], **values: object) -> int:
    """One UPDATE for all `rows`, then their audit-trail snapshots in one INSERT
    (`QuerySet.update` sends no signals, so django-simple-history would miss it)."""
    model = rows.model
    ids = list(rows.order_by().values_list("pk", flat=True))
    if not ids:
        return 0
    changed = model.objects.filter(pk__in=ids).update(**values)
    model.history.bulk_history_create(list(model.objects.filter(pk__in=ids)), update=True)
    return changed


def questions_set_status(*, questions: QuerySet[Question], status: str) -> int:
    """Publishes, retires or drafts many questions in one statement."""
    if status not in QuestionStatus.values:
        raise ValueError(f"Unknown status {status!r}")
    with transaction.atomic():
        changed = _update_with_history(questions.exclude(status=status), status=status)
    if changed:
        mark_content_changed()
    return changed


def key_points_mark_reviewed(*, questions: QuerySet[Question]) -> int:
    with transaction.atomic():
        changed = _update_with_history(
            KeyPoint.objects.filter(question__in=questions, needs_review=True),
            needs_review=False,
        )
    if changed:
        mark_content_changed()
    return changed


def question_spec(question: Question) -> QuestionSpec:
    """The plain dataclass the engine takes, from a question row."""
    return QuestionSpec(
        text=question.text,
        language=question.language,
        model_answer=question.model_answer,
        key_points=tuple(
            KeyPointSpec(text=k.text, synonyms=tuple(k.synonyms or ()))
            for k in question.key_points.all()
        ),
        question_id=question.pk,
        track=question.track.slug if question.track_id else "",
        topic=question.topic.slug if question.topic is not None else "",
        difficulty=question.difficulty,
        hint=question.hint,
        follow_ups=tuple(f.text for f in question.follow_ups.all()),
        misconceptions=tuple(
            MisconceptionSpec(**item) for item in misconceptions_snapshot(question)
        ),
    )


def misconceptions_snapshot(question: Question) -> list[dict[str, str]]:
    """A question's misconceptions as plain data (the turn keeps a copy)."""
    return [
        {
            "text": m.text,
            "correction": m.correction,
            "key_point": m.key_point.text if m.key_point is not None else "",
        }
        for m in question.misconceptions.all()
    ]
