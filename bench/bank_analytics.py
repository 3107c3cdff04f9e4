"""Measures the question bank's analytics page on PostgreSQL: p95 latency and query count.

    .venv/bin/python bench/bank_analytics.py [--questions 1000] [--turns 100000] [--runs 30]

Creates its own database (bench_bank_analytics) on the server of DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/postgres), migrates it, bulk-creates a bank of questions
with four key points each and candidates' answered first turns (scores that follow each
candidate's level, 5% flagged, one in ten followed up, key points missed at random), then
requests the analytics page as a curator through Django's test client: as it opens (least
discriminating first, the figures from the cache), sorted by attempts, and with the figures
recomputed on every request (fresh=1). The database is dropped at the end, even after a
failure.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.scratch_db import (  # noqa: E402
    close_django_connections,
    create_database,
    drop_database,
)
from bench.timing import percentile, timed  # noqa: E402

BENCH_DB = "bench_bank_analytics"
P95_TARGET_MS = 300.0
TURNS_PER_INTERVIEW = 4
CANDIDATES = 500
KEY_POINTS = 4
FLAGGED_SHARE = 0.05
FOLLOWED_SHARE = 0.1


def _populate(n_questions: int, n_turns: int):
    from django.utils import timezone

    from accounts.models import User
    from accounts.roles import CURATOR_GROUP, role_groups_ensure
    from interviews.models import InterviewSession, KeyPoint, Question, Track, Turn

    rng = random.Random(11)
    now = timezone.now()
    tracks = Track.objects.bulk_create(
        Track(slug=f"bench-{n}", name=f"Bench {n}", order=n) for n in range(5)
    )
    questions = Question.objects.bulk_create(
        (
            Question(
                track=tracks[n % len(tracks)],
                text=f"Bench question {n}: explain the idea behind topic {n}.",
                language="en" if n % 2 else "ko",
                status="published",
                external_id=f"bench-{n}",
            )
            for n in range(n_questions)
        ),
        batch_size=2000,
    )
    KeyPoint.objects.bulk_create(
        (
            KeyPoint(question=q, order=k, text=f"point {k} of question {q.pk}")
            for q in questions
            for k in range(KEY_POINTS)
        ),
        batch_size=5000,
    )
    difficulty = {q.pk: rng.randint(-20, 20) for q in questions}
    # Some questions track the candidate's level, others are noise: discrimination varies.
    signal = {q.pk: rng.random() for q in questions}
    curator = User.objects.create_user(
        email="curator@bench.example", display_name="Curator", is_staff=True
    )
    curator.groups.add(role_groups_ensure()[CURATOR_GROUP])
    users = User.objects.bulk_create(
        User(email=f"c{n}@bench.example", display_name=f"Candidate {n:03d}", password="!")  # noqa: S106 - unusable
        for n in range(CANDIDATES)
    )
    levels = {u.pk: rng.randint(30, 90) for u in users}
    n_sessions = n_turns // TURNS_PER_INTERVIEW
    sessions = InterviewSession.objects.bulk_create(
        (
            InterviewSession(
                candidate=users[n % len(users)],
                track=tracks[0],
                level="junior",
                language="en",
                length=TURNS_PER_INTERVIEW,
                status="completed",
                ended_at=now - timedelta(days=rng.uniform(0, 90)),
                questions_answered=TURNS_PER_INTERVIEW,
            )
            for n in range(n_sessions)
        ),
        batch_size=5000,
    )
    evidence = "The candidate said something about it in one sentence of the answer."
    turns, follow_ups = [], []
    for session in sessions:
        level = levels[session.candidate_id]
        for order, question in enumerate(rng.sample(questions, TURNS_PER_INTERVIEW), 1):
            q = question.pk
            noise = rng.randint(-25, 25)
            score = level * signal[q] + 60 * (1 - signal[q]) + difficulty[q] + noise
            score = max(0, min(100, round(score)))
            flagged = rng.random() < FLAGGED_SHARE
            turns.append(
                Turn(
                    session=session,
                    order=order * 2 - 1,
                    question=question,
                    question_text=question.text,
                    answer="An answer.",
                    evaluation_status="done",
                    score=0 if flagged else score,
                    answer_flag="dont_know" if flagged else "",
                    key_point_results=[
                        {
                            "text": f"point {k} of question {q}",
                            "status": "missed" if rng.random() * 100 > score else "covered",
                            "evidence": evidence,
                        }
                        for k in range(KEY_POINTS)
                    ],
                )
            )
    turns = Turn.objects.bulk_create(turns, batch_size=5000)
    for turn in turns:
        if rng.random() < FOLLOWED_SHARE:
            follow_ups.append(
                Turn(
                    session_id=turn.session_id,
                    order=turn.order + 1,
                    kind="follow_up",
                    parent=turn,
                    question_id=turn.question_id,
                    question_text="Why?",
                    answer="Because.",
                    evaluation_status="done",
                    score=rng.randint(0, 100),
                )
            )
    Turn.objects.bulk_create(follow_ups, batch_size=5000)
    return curator, len(turns), len(follow_ups)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=1000)
    parser.add_argument("--turns", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--verbose", action="store_true", help="print each selector query")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    bench_url = create_database(BENCH_DB)
    os.environ["DATABASE_URL"] = bench_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interview_bot.settings")
    os.environ.pop("REDIS_URL", None)  # the page does not use the cache
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext
        from django.urls import reverse

        from interviews.selectors.bank_analytics import (
            FIGURES_CACHE_SECONDS,
            bank_analytics_for_curator,
        )

        # The test client's host, let through without `setup_test_environment`: its template
        # instrumentation keeps every page's context alive, and the garbage collector's
        # passes over them were most of the measured p95.
        settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        curator, n_turns, n_follow_ups = _populate(args.questions, args.turns)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(
            f"data: {args.questions} questions, {n_turns} answered turns and {n_follow_ups} "
            f"follow-ups by {CANDIDATES} candidates "
            f"({time.perf_counter() - started:.1f} s to create)"
        )

        client = Client()
        client.force_login(curator)
        url = reverse("bank_analytics")
        for _ in range(3):  # warm-up: connection pool, template cache
            assert client.get(url).status_code == 200

        def page(query: dict | None = None) -> None:
            assert client.get(url, query or {}).status_code == 200

        page_ms = timed(page, args.runs)
        by_attempts_ms = timed(lambda: page({"sort": "-attempts"}), max(5, args.runs // 3))
        cold_ms = timed(lambda: page({"fresh": "1"}), args.runs)
        selector_ms = timed(
            lambda: bank_analytics_for_curator(curator=curator, fresh=True), args.runs
        )
        data = bank_analytics_for_curator(curator=curator)
        shown = [r.discrimination for r in data.rows if r.discrimination is not None]
        assert data.page.paginator.count == args.questions

        # The debug query log is a bounded deque that the bulk inserts filled up: empty it.
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as page_queries:
            client.get(url)
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as selector_queries:
            bank_analytics_for_curator(curator=curator, fresh=True)

        p95 = percentile(page_ms, 95)
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"machine: {os.cpu_count()} CPUs, load average {load} (others' work skews p95)")
        print(
            f"analytics page ({args.runs} runs): p50 {statistics.median(page_ms):.1f} ms, "
            f"p95 {p95:.1f} ms (target < {P95_TARGET_MS:.0f} ms: "
            f"{'met' if p95 < P95_TARGET_MS else 'NOT met'})"
        )
        print(
            f"sorted by attempts: p50 {statistics.median(by_attempts_ms):.1f} ms, "
            f"p95 {percentile(by_attempts_ms, 95):.1f} ms"
        )
        cold_p95 = percentile(cold_ms, 95)
        print(
            f"page recomputing the figures (fresh=1, {args.runs} runs): "
            f"p50 {statistics.median(cold_ms):.1f} ms, p95 {cold_p95:.1f} ms "
            f"({'met' if cold_p95 < P95_TARGET_MS else 'NOT met'}; the figures are kept "
            f"{FIGURES_CACHE_SECONDS} s, so this is one request in each such period)"
        )
        print(
            "selector bank_analytics_for_curator(fresh=True): "
            f"p50 {statistics.median(selector_ms):.1f} ms, "
            f"p95 {percentile(selector_ms, 95):.1f} ms"
        )
        print(
            f"first page: discrimination {min(shown):.2f} … {max(shown):.2f} "
            f"({len(shown)} of {len(data.rows)} shown)"
        )
        print(
            f"queries: page {len(page_queries)} (figures cached), selector recomputing "
            f"{len(selector_queries)}; constant in the number of questions and turns "
            "(guarded by tests/interviews/admin/test_analytics.py)"
        )
        if args.verbose:
            for query in selector_queries.captured_queries:
                print(f"  {float(query['time']) * 1000:7.1f} ms  {query['sql'][:150]}")
        close_django_connections()
    finally:
        if not args.keep:
            drop_database(BENCH_DB)


if __name__ == "__main__":
    main()
