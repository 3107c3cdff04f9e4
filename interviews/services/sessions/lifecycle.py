"""A session's life: start, advance (a follow-up, the next question or the end), finish.

The engine is imported at call time (`from interviews import engine` inside the
functions): its providers are chosen by settings when called, never at import.
"""

import enum
from collections.abc import Iterable
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import User
from interviews.engine.types import Evaluation, KeyPointStatus, SessionSummary, TurnOutcome
from interviews.models import (
    AnswerRecording,
    Assignment,
    FollowUp,
    InterviewSession,
    Question,
    Topic,
    Track,
    Turn,
)

from .questions import NoQuestionsError, choose_question, turn_from_question
from .specs import turn_spec
from .timing import answer_deadline


class IfUnfinished(enum.Enum):
    """What starting an interview does with the candidate's unfinished ones."""

    REFUSE = "refuse"  # raise UnfinishedInterviewError: the start page offers to resume
    END = "end"  # end them first (session_finish), then start: "start a new one"
    KEEP = "keep"  # leave them open (benchmarks opening many interviews for one user)


class UnfinishedInterviewError(Exception):
    """The candidate has an interview in progress (`session`, the latest one)."""

    def __init__(self, session: InterviewSession) -> None:
        super().__init__(session.pk)
        self.session = session


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
    if_unfinished: IfUnfinished = IfUnfinished.REFUSE,
    assignment: Assignment | None = None,
    seconds_per_question: int | None = None,
) -> InterviewSession:
    """Creates the session and its first question; raises NoQuestionsError if the
    track has no published question in any level or language.

    An unfinished interview is not left behind unnoticed: by default starting is refused
    (UnfinishedInterviewError); with IfUnfinished.END each unfinished interview is ended
    first, as "End interview" ends it (completed with its summary, or abandoned when
    nothing was answered). Nothing is ended when the new interview cannot start.
    With `assignment` the interview is linked to it, and its questions come from the
    assignment's hand-picked ones (`questions.choose_question`).

    `seconds_per_question` times a mock interview (services/sessions/timing.py); a timed
    practice interview is refused (ValidationError from the model's constraint).
    """
    if if_unfinished is not IfUnfinished.KEEP:
        _end_or_refuse_unfinished(user, end=if_unfinished is IfUnfinished.END)
    session = InterviewSession(
        candidate=user,
        track=track,
        level=level,
        language=language,
        length=length,
        mode=mode,
        assignment=assignment,
        seconds_per_question=seconds_per_question,
    )
    session.full_clean()
    session.save()
    focus = list(focus_topics)
    if focus:
        session.focus_topics.set(focus)
    question = choose_question(session)
    if question is None:
        raise NoQuestionsError(track.slug)
    turn_from_question(session, question, order=1)
    return session


def _end_or_refuse_unfinished(user: User, *, end: bool) -> None:
    # The candidate's row is the lock: two tabs starting at once cannot both find nothing
    # unfinished and leave two interviews open.
    User.objects.select_for_update().filter(pk=user.pk).first()
    unfinished = list(
        InterviewSession.objects.filter(candidate=user, status=InterviewSession.Status.ACTIVE)
        .select_related("track")
        .order_by("-started_at", "-id")
    )
    if unfinished and not end:
        raise UnfinishedInterviewError(unfinished[0])
    for session in unfinished:
        session_finish(session_id=session.pk)


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
        asked = list(main.follow_up_turns.order_by("order").values_list("question_text", flat=True))
        # The engine caps follow-ups per question (two) and never repeats one.
        follow_up_text = engine.decide_follow_up(
            question=turn_spec(main, with_follow_ups=True),
            evaluation=evaluation,
            asked=asked,
            language=session.language,
        )
    rubric = (
        _follow_up_rubric(main, follow_up_text, evaluation)
        if follow_up_text and evaluation is not None
        else {}
    )
    next_question: Question | None = None
    main_count = session.turns.filter(kind=Turn.Kind.QUESTION).count()
    if not follow_up_text and main_count < session.length:
        next_question = choose_question(session)

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
            new = Turn(
                session=session,
                order=order,
                kind=Turn.Kind.FOLLOW_UP,
                parent=main,
                question_id=main.question_id,
                topic_id=main.topic_id,
                question_text=follow_up_text,
                answer_deadline=answer_deadline(session),
                **rubric,
            )
            new.save()
            return new
        if next_question is not None:
            return turn_from_question(session, next_question, order=order)
    session_finish(session_id=session_id)
    return None


def _follow_up_rubric(main: Turn, text: str, evaluation: Evaluation) -> dict[str, Any]:
    """The follow-up's own rubric (snapshot fields of its turn): a curated follow-up's key
    points and model answer, the key point it probes, or the gaps a generated one probes.
    Its answer is graded on these, never on the parent question's whole rubric."""
    from interviews import engine

    curated = (
        FollowUp.objects.filter(question_id=main.question_id, text=text)
        .select_related("key_point")
        .first()
        if main.question_id
        else None
    )
    parent = turn_spec(main)
    if curated is not None and curated.key_points:
        return {
            "key_points": [
                {"text": kp["text"], "synonyms": list(kp.get("synonyms", []))}
                for kp in curated.key_points
                if kp.get("text")
            ],
            "model_answer": curated.model_answer or main.model_answer,
            "misconceptions": [],
        }
    gaps = [kp.text for kp in evaluation.key_points if kp.status != KeyPointStatus.COVERED]
    probe = text
    if curated is not None and curated.key_point is not None:
        probe = curated.key_point.text
        gaps = [probe]
    key_points, model_answer = engine.follow_up_rubric(question=parent, follow_up=probe, gaps=gaps)
    probed = {kp.text for kp in key_points}
    return {
        "key_points": [{"text": kp.text, "synonyms": list(kp.synonyms)} for kp in key_points],
        "model_answer": (curated.model_answer if curated is not None else "") or model_answer,
        "misconceptions": [m for m in main.misconceptions or () if m.get("key_point") in probed],
    }


def turn_outcomes(session: InterviewSession) -> list[TurnOutcome]:
    """One outcome per graded turn. A key point a follow-up recovered counts as covered on
    its main question, marked as recovered ("after a follow-up")."""
    finished = (Turn.EvaluationStatus.DONE, Turn.EvaluationStatus.SKIPPED)
    turns = [
        t
        for t in session.turns.select_related("topic").order_by("order")
        if t.evaluation_status in finished
    ]
    recovered: dict[int, set[str]] = {}
    for turn in turns:
        if turn.parent_id:
            recovered.setdefault(turn.parent_id, set()).update(
                r["text"] for r in turn.key_point_results or [] if r.get("status") == "covered"
            )
    outcomes = []
    for turn in turns:
        results = turn.key_point_results or []
        later = recovered.get(turn.pk, set())
        missed = [r["text"] for r in results if r.get("status") in ("missed", "contradicted")]
        outcomes.append(
            TurnOutcome(
                question=turn.question_text,
                # The summary is written in the interview's language, whoever ends it.
                topic=turn.topic.name_in(session.language) if turn.topic else "",
                score=turn.score,
                missed=tuple(t for t in missed if t not in later),
                covered=tuple(r["text"] for r in results if r.get("status") == "covered")
                + tuple(t for t in missed if t in later),
                skipped=turn.evaluation_status == Turn.EvaluationStatus.SKIPPED,
                recovered=tuple(t for t in missed if t in later),
            )
        )
    return outcomes


def _question_counts(session: InterviewSession) -> dict[str, Any]:
    """Planned and answered main questions (follow-ups aside), and whether the interview
    ended before every planned question was answered or skipped."""
    finished = (Turn.EvaluationStatus.DONE, Turn.EvaluationStatus.SKIPPED)
    counts = session.turns.filter(kind=Turn.Kind.QUESTION).aggregate(
        answered=Count("id", filter=Q(evaluation_status=Turn.EvaluationStatus.DONE)),
        reached=Count("id", filter=Q(evaluation_status__in=finished)),
    )
    return {
        "planned": session.length,
        "answered": counts["answered"],
        "ended_early": counts["reached"] < session.length,
    }


def _summary_dict(summary: SessionSummary, counts: dict[str, Any]) -> dict[str, Any]:
    return {
        **counts,
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
    outcomes = turn_outcomes(session)
    answered = [o for o in outcomes if not o.skipped]
    summary = engine.summarise(outcomes=outcomes, language=session.language) if answered else None
    counts = _question_counts(session)
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
            session.summary = _summary_dict(summary, counts)
            session.overall_score = (
                None if summary.overall_score is None else max(0, min(100, summary.overall_score))
            )
        session.save(update_fields=["status", "ended_at", "summary", "overall_score"])
    return session


@transaction.atomic
def session_delete(*, user: User, session_id: int) -> bool:
    """Deletes one of the user's interviews (turns, staff reviews and kept recordings go
    with it; the recordings' audio files once the deletion has committed)."""
    files = list(
        AnswerRecording.objects.filter(
            turn__session_id=session_id, turn__session__candidate=user
        ).values_list("audio", flat=True)
    )
    deleted, _per_model = InterviewSession.objects.filter(pk=session_id, candidate=user).delete()
    if files:
        transaction.on_commit(lambda: _delete_files(files))
    return deleted > 0


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)
