"""A question's key points and follow-ups, replaced in place on re-import."""

from interviews.models import FollowUp, KeyPoint, Question


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
