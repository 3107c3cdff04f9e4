"""Writing interview sessions: start, choose the next question, advance, end, delete.

The engine is imported at call time (`from interviews import engine` inside the
functions): its providers are chosen by settings when called, never at import.
"""

from collections import Counter
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.db.models import Avg, Max, Prefetch
from django.utils import timezone

from accounts.models import User
from interviews.engine.types import (
    Evaluation,
    KeyPointSpec,
    PersonaSpec,
    QuestionSpec,
    SessionSummary,
    TurnOutcome,
)
from interviews.models import (
    Difficulty,
    FollowUp,
    InterviewerPersona,
    InterviewSession,
    KeyPoint,
    Question,
    QuestionLanguage,
    QuestionStatus,
    Topic,
    Track,
    Turn,
)
from interviews.services.bank import question_spec

# At most this many follow-ups after one main question: the interview keeps moving.
MAX_FOLLOW_UPS_PER_QUESTION = 1
# How much of the candidate's history steers the choice of questions.
WEAK_TOPICS_LIMIT = 3
WEAK_TOPIC_SCORE_BELOW = 70
MISSED_KEY_POINTS_LIMIT = 10

_LEVELS = [Difficulty.JUNIOR, Difficulty.MID, Difficulty.SENIOR]


class NoQuestionsError(Exception):
    """No published question fits the track in any level or language."""


def session_group(session_id: int) -> str:
    """The channel-layer group every socket of one interview joins."""
    return f"interview.{session_id}"


# --- Specs: plain data for the engine (bank questions: services.bank.question_spec) ------


def turn_spec(turn: Turn, *, with_follow_ups: bool = False) -> QuestionSpec:
    """The engine's view of a turn, from its snapshots (true even after bank edits).

    The curated follow-ups (one more query) matter only for choosing a follow-up."""
    session = turn.session
    return QuestionSpec(
        text=turn.question_text,
        language=session.language,
        model_answer=turn.model_answer,
        key_points=tuple(
            KeyPointSpec(text=kp["text"], synonyms=tuple(kp.get("synonyms", ())))
            for kp in turn.key_points
        ),
        question_id=turn.question_id,
        track=session.track.slug,
        topic=turn.topic.slug if turn.topic else "",
        difficulty=session.level,
        hint=turn.hint,
        follow_ups=tuple(
            FollowUp.objects.filter(question_id=turn.question_id)
            .order_by("order", "id")
            .values_list("text", flat=True)
        )
        if with_follow_ups and turn.question_id and turn.kind == Turn.Kind.QUESTION
        else (),
    )


def active_persona() -> PersonaSpec | None:
    persona = InterviewerPersona.objects.filter(is_active=True).first()
    if persona is None:
        return None
    return PersonaSpec(
        name=persona.name,
        instructions=persona.instructions,
        tone=persona.tone,
        language=persona.language,
    )


# --- Choosing questions --------------------------------------------------------------------


def _neighbour_levels(level: str) -> list[str]:
    index = _LEVELS.index(level) if level in _LEVELS else 0
    return [lv for i, lv in enumerate(_LEVELS) if abs(i - index) == 1]


def _question_tiers(session: InterviewSession) -> list[tuple[list[str], str]]:
    """(levels, language) to try in order: the asked level, its neighbours, any level;
    then the same in the other language."""
    other = next(c for c in QuestionLanguage.values if c != session.language)
    neighbours = _neighbour_levels(session.level)
    rest = [lv for lv in _LEVELS if lv != session.level and lv not in neighbours]
    tiers = []
    for language in (session.language, other):
        tiers += [([session.level], language), (neighbours, language), (rest, language)]
    return tiers


def _published(track: Track, levels: Sequence[str], language: str):
    return (
        Question.objects.filter(
            track=track,
            difficulty__in=levels,
            language=language,
            status=QuestionStatus.PUBLISHED,
        )
        .select_related("track", "topic")
        .prefetch_related(
            Prefetch("key_points", queryset=KeyPoint.objects.order_by("order", "id")),
            Prefetch("follow_ups", queryset=FollowUp.objects.order_by("order", "id")),
        )
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


def _choose_question(session: InterviewSession) -> Question | None:
    from interviews import engine

    asked_ids = set(
        session.turns.filter(question__isnull=False).values_list("question_id", flat=True)
    )
    focus_slugs = list(session.focus_topics.values_list("slug", flat=True))
    weak_topics, missed_key_points = _candidate_history(session.candidate)
    # A focused session ("practise these") asks about its topics before anything else.
    weak_topics = {**weak_topics, **dict.fromkeys(focus_slugs, 0.0)}
    for levels, language in _question_tiers(session):
        if not levels:
            continue
        questions = [
            q for q in _published(session.track, levels, language) if q.pk not in asked_ids
        ]
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


def _turn_from_question(session: InterviewSession, question: Question, order: int) -> Turn:
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
        hint=question.hint,
    )
    turn.full_clean(exclude=["session", "question", "topic", "parent"])
    turn.save()
    return turn


def _next_order(session: InterviewSession) -> int:
    return (session.turns.aggregate(m=Max("order"))["m"] or 0) + 1


# --- Starting, advancing, ending -----------------------------------------------------------


@transaction.atomic
def session_start(
    *,
    user: User,
    track: Track,
    level: str,
    language: str,
    length: int,
    mode: str,
    focus_topics: Iterable[Topic] = (),
) -> InterviewSession:
    """Creates the session and its first question; raises NoQuestionsError if the
    track has no published question in any level or language."""
    session = InterviewSession(
        candidate=user, track=track, level=level, language=language, length=length, mode=mode
    )
    session.full_clean()
    session.save()
    focus = list(focus_topics)
    if focus:
        session.focus_topics.set(focus)
    question = _choose_question(session)
    if question is None:
        raise NoQuestionsError(track.slug)
    _turn_from_question(session, question, order=1)
    return session


def _locked_session(session_id: int) -> InterviewSession:
    return InterviewSession.objects.select_for_update().select_related("track").get(pk=session_id)


def session_advance(*, session_id: int, turn_id: int, evaluation: Evaluation | None) -> Turn | None:
    """After a turn is evaluated or skipped: a follow-up, the next question, or the end.

    Returns the new turn, or None when the interview ended (or had already moved on).
    The engine calls run outside the transaction; the row lock then re-checks that
    nothing else advanced the session meanwhile.
    """
    from interviews import engine

    session = InterviewSession.objects.select_related("track", "candidate").get(pk=session_id)
    turn = session.turns.select_related("topic", "parent").get(pk=turn_id)
    if session.status != InterviewSession.Status.ACTIVE:
        return None
    main = turn.parent or turn
    follow_up_text: str | None = None
    if evaluation is not None:
        asked = main.follow_up_turns.count()
        if asked < MAX_FOLLOW_UPS_PER_QUESTION:
            follow_up_text = engine.decide_follow_up(
                question=turn_spec(main, with_follow_ups=True),
                evaluation=evaluation,
                follow_ups_asked=asked,
                language=session.language,
            )
    next_question: Question | None = None
    main_count = session.turns.filter(kind=Turn.Kind.QUESTION).count()
    if not follow_up_text and main_count < session.length:
        next_question = _choose_question(session)

    with transaction.atomic():
        session = _locked_session(session_id)
        latest = session.turns.order_by("-order").first()
        if (
            session.status != InterviewSession.Status.ACTIVE
            or latest is None
            or latest.pk != turn_id
        ):
            return None  # another worker or tab already moved the interview on
        order = latest.order + 1
        if follow_up_text:
            missed = {r["text"] for r in turn.key_point_results if r.get("status") != "covered"}
            new = Turn(
                session=session,
                order=order,
                kind=Turn.Kind.FOLLOW_UP,
                parent=main,
                question_id=main.question_id,
                topic_id=main.topic_id,
                question_text=follow_up_text,
                model_answer=main.model_answer,
                # The follow-up probes what the main answer missed.
                key_points=[kp for kp in main.key_points if kp["text"] in missed]
                or main.key_points,
            )
            new.save()
            return new
        if next_question is not None:
            return _turn_from_question(session, next_question, order=order)
    session_finish(session_id=session_id)
    return None


def _outcomes(session: InterviewSession) -> list[TurnOutcome]:
    outcomes = []
    for turn in session.turns.select_related("topic").order_by("order"):
        if turn.evaluation_status not in (
            Turn.EvaluationStatus.DONE,
            Turn.EvaluationStatus.SKIPPED,
        ):
            continue
        results = turn.key_point_results or []
        outcomes.append(
            TurnOutcome(
                question=turn.question_text,
                topic=turn.topic.display_name if turn.topic else "",
                score=turn.score,
                missed=tuple(r["text"] for r in results if r.get("status") == "missed"),
                covered=tuple(r["text"] for r in results if r.get("status") == "covered"),
                skipped=turn.evaluation_status == Turn.EvaluationStatus.SKIPPED,
            )
        )
    return outcomes


def _summary_dict(summary: SessionSummary) -> dict:
    return {
        "overall_score": summary.overall_score,
        "topic_scores": dict(summary.topic_scores),
        "strengths": list(summary.strengths),
        "improvements": list(summary.improvements),
        "review_questions": list(summary.review_questions),
        "text": summary.text,
    }


def session_finish(*, session_id: int) -> InterviewSession:
    """Ends the interview: summary and overall score stored on the session.

    Idempotent: an interview that already ended is returned unchanged. With no
    answered question the interview is marked abandoned rather than completed.
    """
    from interviews import engine

    session = InterviewSession.objects.select_related("track").get(pk=session_id)
    if session.status != InterviewSession.Status.ACTIVE:
        return session
    outcomes = _outcomes(session)
    answered = [o for o in outcomes if not o.skipped]
    summary = engine.summarise(outcomes=outcomes, language=session.language) if answered else None
    with transaction.atomic():
        session = _locked_session(session_id)
        if session.status != InterviewSession.Status.ACTIVE:
            return session
        # Questions never answered (waiting, or failed and never retried) stay as they are;
        # the transcript shows them unanswered.
        session.status = (
            InterviewSession.Status.COMPLETED if answered else InterviewSession.Status.ABANDONED
        )
        session.ended_at = timezone.now()
        if summary is not None:
            session.summary = _summary_dict(summary)
            session.overall_score = (
                None if summary.overall_score is None else max(0, min(100, summary.overall_score))
            )
        session.save(update_fields=["status", "ended_at", "summary", "overall_score"])
    return session


def session_delete(*, user: User, session_id: int) -> bool:
    """Deletes one of the user's interviews (turns and staff reviews go with it)."""
    deleted, _per_model = InterviewSession.objects.filter(pk=session_id, candidate=user).delete()
    return deleted > 0
