"""A question's key points, follow-ups and misconceptions, replaced in place on re-import."""

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
            point.order, point.text, point.synonyms = order, text, list(synonyms)
            point.needs_review = needs_review
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
    KeyPoint.objects.bulk_update(to_update, ["order", "text", "synonyms", "needs_review"])
    KeyPoint.objects.bulk_create(to_create)
    extra = [p.pk for p in existing[len(points) :]]
    if extra:
        KeyPoint.objects.filter(pk__in=extra).delete()


def replace_follow_ups(question: Question, texts: list[str]) -> None:
    existing = list(question.follow_ups.order_by("order", "id"))
    to_update, to_create = [], []
    for order, text in enumerate(texts):
        if order < len(existing):
            follow_up = existing[order]
            follow_up.order, follow_up.text = order, text
            to_update.append(follow_up)
        else:
            to_create.append(FollowUp(question=question, order=order, text=text))
    FollowUp.objects.bulk_update(to_update, ["order", "text"])
    FollowUp.objects.bulk_create(to_create)
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
    Returns how many follow-ups got a rubric."""
    changed = []
    for follow_up in question.follow_ups.all():
        answer = answers.get(follow_up.text, "")
        points = key_points.get(follow_up.text) or (
            draft_key_points(answer=answer, question=follow_up.text, language=language)
            if answer
            else []
        )
        if not answer and not points:
            continue
        follow_up.model_answer = answer
        follow_up.key_points = [{"text": t, "synonyms": list(s)} for t, s in points]
        changed.append(follow_up)
    FollowUp.objects.bulk_update(changed, ["model_answer", "key_points"])
    return len(changed)


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
    key point is found from the correction's words."""
    key_points = list(question.key_points.order_by("order", "id"))
    question.misconceptions.all().delete()
    rows = []
    for order, (text, correction) in enumerate(items, start=1):
        index = denies[order - 1] if denies else None
        if index is not None:
            denied = key_points[index - 1] if 0 < index <= len(key_points) else None
        else:
            denied = denied_key_point(text, correction, key_points)
        rows.append(
            Misconception(
                question=question,
                order=order,
                text=text[:_MISCONCEPTION_MAX],
                correction=correction[:_MISCONCEPTION_MAX],
                key_point=denied,
            )
        )
    Misconception.objects.bulk_create(rows)
    return len(rows)
