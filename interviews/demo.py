"""The demo cohort's interview history, so the staff pages have something to show: six
candidates with about six weeks of finished interviews (one improving, one falling, one
inactive for ten days, one stuck on a topic, two steady ones) and a staff review.
"""

import random
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.demo import demo_accounts_ensure, demo_user_ensure
from accounts.models import Cohort, CohortMembership, User
from interviews.models import (
    InterviewSession,
    KeyPoint,
    Question,
    QuestionStatus,
    Topic,
    Track,
    Turn,
    TurnReview,
)
from interviews.services.bank import starter_bank_load


@dataclass(frozen=True)
class DemoCandidate:
    email: str
    display_name: str
    language: str
    # (days ago, target score) per interview, oldest first.
    sessions: tuple[tuple[float, int], ...]
    # A topic slug (or "weak") whose answers score low whatever the target: "stuck".
    weak_topic: str = ""


DEMO_COHORT_CANDIDATES = [
    DemoCandidate(
        "candidate@example.com",
        "김지원",
        "ko",
        ((38, 66), (31, 70), (24, 68), (17, 73), (11, 71), (6, 75), (2, 74)),
    ),
    DemoCandidate(
        "seojun@example.com",
        "이서준",
        "ko",
        ((41, 44), (36, 48), (30, 55), (25, 58), (19, 63), (14, 69), (9, 74), (5, 79), (1, 86)),
    ),
    DemoCandidate(
        "minji@example.com",
        "박민지",
        "ko",
        ((40, 84), (34, 86), (27, 82), (21, 80), (15, 77), (9, 66), (5, 60), (2, 54), (1, 51)),
    ),
    DemoCandidate(
        "yuna@example.com",
        "최유나",
        "ko",
        ((39, 62), (33, 66), (26, 64), (20, 69), (15, 67), (10, 70)),
    ),
    DemoCandidate(
        "haneul@example.com",
        "정하늘",
        "ko",
        ((35, 70), (29, 72), (23, 69), (16, 74), (10, 71), (6, 73), (3, 72)),
        weak_topic="weak",
    ),
    DemoCandidate(
        "alex@example.com",
        "Alex Kim",
        "en",
        ((37, 81), (30, 84), (22, 86), (15, 83), (8, 88), (4, 85), (0.5, 90)),
    ),
]
DEMO_REVIEW_COMMENT = "좋은 출발이에요. 다음에는 예시 코드와 함께 설명해 보세요."


def _demo_questions(language: str) -> dict[int, list[Question]]:
    """{topic id: questions} from the published bank in `language` (any language if none)."""

    published = Question.objects.filter(status=QuestionStatus.PUBLISHED, topic__isnull=False)
    questions = list(published.filter(language=language).select_related("topic", "track")) or list(
        published.select_related("topic", "track")
    )
    by_topic: dict[int, list[Question]] = {}
    for question in questions:
        if question.topic_id is not None:  # always (the filter); the type allows None
            by_topic.setdefault(question.topic_id, []).append(question)
    return by_topic


def _demo_bank_ensure() -> None:
    """Makes sure there are published questions to hang the demo interviews on.

    The starter bank is used when it is loaded (or loadable); otherwise a minimal track
    with two topics is created, so the demo works on any install.
    """

    if Question.objects.filter(status=QuestionStatus.PUBLISHED, topic__isnull=False).exists():
        return
    starter_bank_load(if_empty=True)
    if Question.objects.filter(status=QuestionStatus.PUBLISHED, topic__isnull=False).exists():
        return
    track, _ = Track.objects.get_or_create(
        slug="python", defaults={"name": "Python", "name_ko": "파이썬", "order": 1}
    )
    minimal = [
        (
            "python-functions",
            "Functions, closures and decorators",
            "함수, 클로저, 데코레이터",
            "데코레이터가 무엇이고 언제 쓰는지 설명해 주세요.",
            ["함수를 받아 새 함수를 반환한다", "원래 함수를 감싸 동작을 더한다", "functools.wraps"],
        ),
        (
            "python-concurrency",
            "Concurrency, GIL and async",
            "동시성, GIL, 비동기",
            "GIL이 무엇이고 멀티스레딩에 어떤 영향을 주는지 설명해 주세요.",
            [
                "한 번에 한 스레드만 바이트코드 실행",
                "I/O 작업에는 스레드가 유효",
                "CPU 작업은 멀티프로세싱",
            ],
        ),
    ]
    for slug, name, name_ko, text, points in minimal:
        topic, _ = Topic.objects.get_or_create(
            track=track, slug=slug, defaults={"name": name, "name_ko": name_ko}
        )
        question, created = Question.objects.get_or_create(
            external_id=f"demo-{slug}",
            defaults={
                "track": track,
                "topic": topic,
                "text": text,
                "language": "ko",
                "status": QuestionStatus.PUBLISHED,
            },
        )
        if created:
            KeyPoint.objects.bulk_create(
                KeyPoint(question=question, order=n, text=p) for n, p in enumerate(points)
            )


def _demo_answer(points: list[str], covered: list[str], language: str) -> str:
    if not covered:
        return "잘 모르겠습니다." if language == "ko" else "I am not sure, to be honest."
    if language == "ko":
        return "제가 알기로는 " + ", 그리고 ".join(covered) + " 정도로 설명할 수 있습니다."
    return "As far as I know: " + "; and ".join(covered) + "."


def _demo_sessions_create(user, spec: DemoCandidate, by_topic: dict[int, list[Question]]) -> None:
    """Creates `spec`'s finished interviews with scored turns (plausible, reproducible)."""

    rng = random.Random(spec.email)  # noqa: S311 - demo data, not security
    # Like a bootcamp week plan: one track, a handful of its topics practised again and again.
    first_track = min(by_topic.values(), key=lambda qs: (qs[0].track.order, qs[0].track_id))
    track_topics = sorted(
        t for t, qs in by_topic.items() if qs[0].track_id == first_track[0].track_id
    )
    topic_ids = sorted(rng.sample(track_topics, k=min(5, len(track_topics))))
    weak_topic = None
    if spec.weak_topic and topic_ids:
        # The topic with "concurrency" in its slug if the bank has one, else the second.
        weak_topic = next(
            (t for t in track_topics if "concurrency" in getattr(by_topic[t][0].topic, "slug", "")),
            topic_ids[min(1, len(topic_ids) - 1)],
        )
        if weak_topic not in topic_ids:
            topic_ids[-1] = weak_topic
    now = timezone.now()
    sessions, turns = [], []
    for days_ago, target in spec.sessions:
        started = now - timedelta(days=days_ago, minutes=rng.randint(0, 600))
        length = rng.choice([3, 4, 4, 5])
        chosen = rng.sample(topic_ids, k=min(length, len(topic_ids)))
        if weak_topic is not None and weak_topic not in chosen:
            chosen[-1] = weak_topic
        first = by_topic[chosen[0]][0]
        session = InterviewSession.objects.create(
            candidate=user,
            track=first.track,
            level="junior",
            language=spec.language,
            length=max(3, len(chosen)),
            status=InterviewSession.Status.COMPLETED,
        )
        scores = []
        for order, topic_id in enumerate(chosen, start=1):
            question = rng.choice(by_topic[topic_id])
            score = target + rng.randint(-8, 8)
            if topic_id == weak_topic:
                score = rng.randint(32, 46)
            score = max(5, min(100, score))
            scores.append(score)
            points = [kp.text for kp in question.key_points.all()]
            statuses = [
                "covered" if rng.random() < score / 100 else rng.choice(["partly", "missed"])
                for _ in points
            ]
            covered = [p for p, st in zip(points, statuses, strict=True) if st == "covered"]
            missed = [p for p, st in zip(points, statuses, strict=True) if st != "covered"]
            answered = started + timedelta(minutes=4 * order)
            turns.append(
                Turn(
                    session=session,
                    order=order,
                    question=question,
                    topic_id=topic_id,
                    question_text=question.text,
                    model_answer=question.model_answer,
                    key_points=[{"text": p, "synonyms": []} for p in points],
                    answer=_demo_answer(points, covered, spec.language),
                    answered_at=answered,
                    evaluation_status=Turn.EvaluationStatus.DONE,
                    feedback=(
                        "핵심을 잘 짚었습니다. 빠진 부분을 보완해 보세요."
                        if spec.language == "ko"
                        else "You found the core idea; fill in what is missing."
                    ),
                    score=score,
                    key_point_results=[
                        {"text": p, "status": st} for p, st in zip(points, statuses, strict=True)
                    ],
                    strengths=covered[:2],
                    improvements=missed[:2],
                    provider="demo",
                    graded_offline=True,
                    created_at=answered,
                    evaluated_at=answered + timedelta(seconds=20),
                )
            )
        session.started_at = started
        session.ended_at = started + timedelta(minutes=4 * len(chosen) + 2)
        session.overall_score = round(sum(scores) / len(scores))
        session.questions_answered = len(scores)
        session.summary = {
            "overall_score": session.overall_score,
            "planned": session.length,
            "answered": len(scores),
            "ended_early": len(scores) < session.length,
            "demo": True,
        }
        sessions.append(session)
    # auto_now_add overwrites created_at on insert: put the past times back afterwards.
    past_times = [turn.created_at for turn in turns]
    created = Turn.objects.bulk_create(turns)
    for turn, when in zip(created, past_times, strict=True):
        turn.created_at = when
    Turn.objects.bulk_update(created, ["created_at"])
    InterviewSession.objects.bulk_update(
        sessions, ["started_at", "ended_at", "overall_score", "questions_answered", "summary"]
    )


@transaction.atomic
def demo_data_ensure() -> tuple[list[User], Cohort]:
    """The demo accounts, their cohort and its interview history; safe to run again."""
    users, cohort = demo_accounts_ensure()
    demo_cohort_activity_ensure(cohort=cohort)
    return users, cohort


def demo_cohort_activity_ensure(*, cohort: Cohort) -> None:
    """Gives the demo cohort its candidates and their interviews; skips what exists."""

    _demo_bank_ensure()
    cache: dict[str, dict[int, list[Question]]] = {}
    for spec in DEMO_COHORT_CANDIDATES:
        user = demo_user_ensure(spec.email, spec.display_name, spec.language)
        CohortMembership.objects.get_or_create(
            cohort=cohort, user=user, defaults={"role": CohortMembership.Role.CANDIDATE}
        )
        if user.interview_sessions.exists():
            continue
        if spec.language not in cache:
            cache[spec.language] = _demo_questions(spec.language)
        if cache[spec.language]:
            _demo_sessions_create(user, spec, cache[spec.language])

    # A few staff reviews, so the calibration page starts with something to show.
    staff = User.objects.filter(email="staff@example.com").first()
    if staff is None or TurnReview.objects.filter(reviewer=staff).exists():
        return
    sample = list(
        Turn.objects.filter(
            session__candidate__email__in=[c.email for c in DEMO_COHORT_CANDIDATES[1:5]],
            score__isnull=False,
        ).order_by("id")[::9][:10]
    )
    for turn in sample:
        if turn.score is None or turn.topic_id is None:
            continue  # the query keeps scored turns, and demo turns all have a topic
        # Staff mark some topics harder than the AI and others easier, so calibration shows
        # both directions.
        delta = -14 if turn.topic_id % 2 == 0 else 9
        TurnReview.objects.create(
            turn=turn,
            reviewer=staff,
            comment=DEMO_REVIEW_COMMENT,
            score=max(0, min(100, turn.score + delta)),
            ai_score=turn.score,
        )
