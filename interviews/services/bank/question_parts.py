"""A question's key points, follow-ups and misconceptions, replaced in place on re-import.

Rows are written in bulk, with their audit-trail snapshots (django-simple-history's
`bulk_*_with_history`: one extra INSERT per batch, with the signed-in user when there is
one). Only rows whose values change are updated, so re-importing an unchanged file
records nothing new for them.
"""

from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from interviews.engine import matching
from interviews.importing.keypoints import draft_key_points
from interviews.models import FollowUp, KeyPoint, Misconception, Question

# How much of a key point's terms a misconception and its correction must share for the
# misconception to be taken as denying that key point.
DENIES_AT = 0.34
_MISCONCEPTION_MAX = Misconception._meta.get_field("text").max_length


def replace_key_points(
    question: Question, points: list[tuple[str, list[str]]], *, needs_review: bool
) -> None:
    """Updates key points in place by position, so follow-ups keep pointing at them."""
    existing = list(question.key_points.order_by("order", "id"))
    to_update, to_create = [], []
    for order, (text, synonyms) in enumerate(points):
        if order < len(existing):
            point = existing[order]
            values = (order, text, list(synonyms), needs_review)
            if (point.order, point.text, point.synonyms, point.needs_review) != values:
                point.order, point.text, point.synonyms, point.needs_review = values
                to_update.append(point)
        else:
            to_create.append(
                KeyPoint(
                    question=question,
                    order=order,
                    text=text,
                    synonyms=list(synonyms),
                    needs_review=needs_review,
                )
            )
    bulk_update_with_history(to_update, KeyPoint, ["order", "text", "synonyms", "needs_review"])
    bulk_create_with_history(to_create, KeyPoint)
    extra = [p.pk for p in existing[len(points) :]]
    if extra:
        KeyPoint.objects.filter(pk__in=extra).delete()


def replace_follow_ups(question: Question, texts: list[str]) -> None:
    existing = list(question.follow_ups.order_by("order", "id"))
    to_update, to_create = [], []
    for order, text in enumerate(texts):
        if order < len(existing):
            follow_up = existing[order]
            if (follow_up.order, follow_up.text) != (order, text):
                follow_up.order, follow_up.text = order, text
                to_update.append(follow_up)
        else:
            to_create.append(FollowUp(question=question, order=order, text=text))
    bulk_update_with_history(to_update, FollowUp, ["order", "text"])
    bulk_create_with_history(to_create, FollowUp)
    extra = [f.pk for f in existing[len(texts) :]]
    if extra:
        FollowUp.objects.filter(pk__in=extra).delete()


def follow_up_rubrics_set(
    question: Question,
    answers: dict[str, str],
    key_points: dict[str, list[tuple[str, list[str]]]],
    *,
    language: str,
) -> int:
    """A follow-up's own model answer and key points (by the follow-up's text), where
    they are given; key points are drafted from its answer when only the answer is.
    Returns how many follow-ups got a rubric (written only where it changed)."""
    changed = []
    given = 0
    for follow_up in question.follow_ups.all():
        answer = answers.get(follow_up.text, "")
        points = key_points.get(follow_up.text) or (
            draft_key_points(answer=answer, question=follow_up.text, language=language)
            if answer
            else []
        )
        if not answer and not points:
            continue
        given += 1
        rubric = [{"text": t, "synonyms": list(s)} for t, s in points]
        if (follow_up.model_answer, follow_up.key_points) != (answer, rubric):
            follow_up.model_answer, follow_up.key_points = answer, rubric
            changed.append(follow_up)
    bulk_update_with_history(changed, FollowUp, ["model_answer", "key_points"])
    return given


def denied_key_point(text: str, correction: str, key_points: list[KeyPoint]) -> KeyPoint | None:
    """The key point a misconception denies: the one its correction (or, without one, its
    claim) shares the most terms with, if they share enough."""
    terms = matching.analyse(correction or text).terms
    best, best_value = None, DENIES_AT
    for point in key_points:
        point_terms = matching.analyse(" ".join([point.text, *point.synonyms])).terms
        value = matching.coverage(matching.analyse(point.text).terms, terms, frozenset())
        value = max(value, matching.coverage(terms, point_terms, frozenset()))
        if value >= best_value:
            best, best_value = point, value
    return best


def replace_misconceptions(
    question: Question, items: list[tuple[str, str]], *, denies: list[int | None] | None = None
) -> int:
    """Replaces a question's misconceptions with (text, correction) items. `denies` gives
    the 1-based index of the key point each denies where the file says it; otherwise the
    key point is found from the correction's words.

    Like key points, they are replaced in place by position (rather than deleted and
    created again), so the audit trail shows what changed, not a delete and a create."""
    key_points = list(question.key_points.order_by("order", "id"))
    existing = list(question.misconceptions.order_by("order", "id"))
    to_update, to_create = [], []
    for order, (text, correction) in enumerate(items, start=1):
        index = denies[order - 1] if denies else None
        if index is not None:
            denied = key_points[index - 1] if 0 < index <= len(key_points) else None
        else:
            denied = denied_key_point(text, correction, key_points)
        text, correction = text[:_MISCONCEPTION_MAX], correction[:_MISCONCEPTION_MAX]
        if order <= len(existing):
            row = existing[order - 1]
            values = (order, text, correction, denied.pk if denied else None)
            if (row.order, row.text, row.correction, row.key_point_id) != values:
                row.order, row.text, row.correction, row.key_point_id = values
                to_update.append(row)
        else:
            to_create.append(
                Misconception(
                    question=question,
                    order=order,
                    text=text,
                    correction=correction,
                    key_point=denied,
                )
            )
    bulk_update_with_history(to_update, Misconception, ["order", "text", "correction", "key_point"])
    bulk_create_with_history(to_create, Misconception)
    extra = [m.pk for m in existing[len(items) :]]
    if extra:
        Misconception.objects.filter(pk__in=extra).delete()
    return len(items)
