"""Choosing a session's next bank question: level and language tiers, weak topics first."""

from collections import Counter
from collections.abc import Sequence

from django.db.models import Avg, Prefetch, QuerySet

from accounts.models import User
from interviews.models import (
    Difficulty,
    FollowUp,
    InterviewSession,
    KeyPoint,
    Misconception,
    Question,
    QuestionLanguage,
    QuestionStatus,
    Track,
    Turn,
)
from interviews.services.bank import misconceptions_snapshot, question_spec

from .timing import answer_deadline

# How much of the candidate's history steers the choice of questions.
WEAK_TOPICS_LIMIT = 3
WEAK_TOPIC_SCORE_BELOW = 70
MISSED_KEY_POINTS_LIMIT = 10

_LEVELS: list[str] = [Difficulty.JUNIOR, Difficulty.MID, Difficulty.SENIOR]


class NoQuestionsError(Exception):
    """No published question fits the track in any level or language."""


def _neighbour_levels(level: str) -> list[str]:
    index = _LEVELS.index(level) if level in _LEVELS else 0
    return [lv for i, lv in enumerate(_LEVELS) if abs(i - index) == 1]


def _question_tiers(session: InterviewSession) -> list[tuple[list[str], str]]:
    """(levels, language) to try in order: the asked level, its neighbours, any level;
    then the same in the other language."""
    other = next(c for c in QuestionLanguage.values if c != session.language)
    neighbours = _neighbour_levels(session.level)
    rest = [lv for lv in _LEVELS if lv != session.level and lv not in neighbours]
    tiers: list[tuple[list[str], str]] = []
    for language in (session.language, other):
        tiers += [([session.level], language), (neighbours, language), (rest, language)]
    return tiers


def _picked_question_ids(session: InterviewSession) -> list[int]:
    """The hand-picked questions of the session's assignment (none: chosen from the bank)."""
    if session.assignment_id is None:
        return []
    return list(
        Question.objects.filter(assignments=session.assignment_id).values_list("pk", flat=True)
    )


def _published(track: Track, levels: Sequence[str], language: str) -> QuerySet[Question]:
    return _with_rubric(
        Question.objects.filter(
            track=track,
            difficulty__in=levels,
            language=language,
            status=QuestionStatus.PUBLISHED,
        )
    )


def _with_rubric(questions: QuerySet[Question]) -> QuerySet[Question]:
    return questions.select_related("track", "topic").prefetch_related(
        Prefetch("key_points", queryset=KeyPoint.objects.order_by("order", "id")),
        Prefetch("follow_ups", queryset=FollowUp.objects.order_by("order", "id")),
        Prefetch(
            "misconceptions",
            queryset=Misconception.objects.select_related("key_point").order_by("order", "id"),
        ),
    )


def _candidate_history(user: User) -> tuple[dict[str, float], list[str]]:
    """Weak topics (slug -> average score, weakest first) and often-missed key points."""
    weak = (
        Turn.objects.filter(
            session__candidate=user,
            evaluation_status=Turn.EvaluationStatus.DONE,
            topic__isnull=False,
        )
        .values("topic__slug")
        .annotate(avg=Avg("score"))
        .filter(avg__lt=WEAK_TOPIC_SCORE_BELOW)
        .order_by("avg")[:WEAK_TOPICS_LIMIT]
    )
    weak_topics = {row["topic__slug"]: float(row["avg"]) for row in weak}
    missed: Counter[str] = Counter()
    results = Turn.objects.filter(
        session__candidate=user, evaluation_status=Turn.EvaluationStatus.DONE
    ).values_list("key_point_results", flat=True)[:200]
    for items in results:
        for item in items or ():
            if item.get("status") == "missed":
                missed[item.get("text", "")] += 1
    return weak_topics, [text for text, _n in missed.most_common(MISSED_KEY_POINTS_LIMIT) if text]


def choose_question(session: InterviewSession) -> Question | None:
    from interviews import engine

    asked_ids = set(
        session.turns.filter(question__isnull=False).values_list("question_id", flat=True)
    )
    focus_slugs = list(session.focus_topics.values_list("slug", flat=True))
    weak_topics, missed_key_points = _candidate_history(session.candidate)
    # A focused session ("practise these") asks about its topics before anything else.
    weak_topics = {**weak_topics, **dict.fromkeys(focus_slugs, 0.0)}
    picked = _picked_question_ids(session)
    if picked:
        # Hand-picked questions are asked whatever their level and language: staff chose them.
        tiers = [
            _with_rubric(Question.objects.filter(pk__in=picked, status=QuestionStatus.PUBLISHED))
        ]
    else:
        tiers = [
            _published(session.track, levels, language)
            for levels, language in _question_tiers(session)
            if levels
        ]
    for published in tiers:
        questions = [q for q in published if q.pk not in asked_ids]
        if focus_slugs:
            focused = [q for q in questions if q.topic and q.topic.slug in focus_slugs]
            questions = focused or questions
        if not questions:
            continue
        by_id = {q.pk: q for q in questions}
        spec = engine.choose_next_question(
            candidates=[question_spec(q) for q in questions],
            asked_ids=asked_ids,
            weak_topics=weak_topics,
            missed_key_points=missed_key_points,
        )
        if spec is not None and spec.question_id in by_id:
            return by_id[spec.question_id]
    return None


def turn_from_question(session: InterviewSession, question: Question, order: int) -> Turn:
    turn = Turn(
        session=session,
        order=order,
        kind=Turn.Kind.QUESTION,
        question=question,
        topic=question.topic,
        question_text=question.text,
        model_answer=question.model_answer,
        key_points=[
            {"text": kp.text, "synonyms": list(kp.synonyms or [])}
            for kp in question.key_points.all()
        ],
        misconceptions=misconceptions_snapshot(question),
        hint=question.hint,
        answer_deadline=answer_deadline(session),
    )
    turn.full_clean(exclude=["session", "question", "topic", "parent"])
    turn.save()
    return turn
