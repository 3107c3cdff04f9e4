"""Measures the candidate's history page (and progress page) on PostgreSQL.

    .venv/bin/python bench/history.py [--interviews 1000] [--runs 50]

Creates its own database (bench_history) on the server of DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/postgres), migrates it, bulk-creates one candidate
with N finished interviews of 4 scored turns each (10 topics, spread over a year),
then requests the history page (first page, a filtered page, a deep page) and the
progress page through Django's test client, logged in as that candidate. Prints
p50/p95 latency and the query count of each. The database is dropped at the end.
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
    past_timestamps,
)

BENCH_DB = "bench_history"
P95_TARGET_MS = 100.0
TURNS_PER_INTERVIEW = 4
TOPICS = 10
STATUSES = ("covered", "partly", "missed")


def _seed(interviews: int):
    from django.utils import timezone

    from accounts.models import User
    from interviews.models import InterviewSession, Topic, Track, Turn

    rng = random.Random(5)
    user = User.objects.create_user("bench@example.com", "bench-password-123", display_name="B")
    tracks = [Track.objects.create(slug=f"track-{i}", name=f"Track {i}") for i in range(3)]
    topics = [
        Topic.objects.create(track=tracks[i % 3], slug=f"topic-{i}", name=f"Topic {i}")
        for i in range(TOPICS)
    ]
    now = timezone.now()
    sessions = []
    for i in range(interviews):
        started = now - timedelta(days=365 * i / interviews, minutes=rng.randint(0, 600))
        sessions.append(
            InterviewSession(
                candidate=user,
                track=tracks[i % 3],
                level="junior",
                language="ko",
                length=TURNS_PER_INTERVIEW,
                status="completed" if i % 10 else "active",
                started_at=started,
                ended_at=started + timedelta(minutes=20),
                overall_score=rng.randint(20, 95),
                questions_answered=TURNS_PER_INTERVIEW,
            )
        )
    with past_timestamps(InterviewSession._meta.get_field("started_at")):
        sessions = InterviewSession.objects.bulk_create(sessions, batch_size=1000)
    turns = []
    for session in sessions:
        for order in range(1, TURNS_PER_INTERVIEW + 1):
            topic = topics[rng.randrange(TOPICS)]
            turns.append(
                Turn(
                    session=session,
                    order=order,
                    topic=topic,
                    question_text=f"Question {order} about {topic.name}?",
                    answer="An answer of a reasonable length. " * 5,
                    evaluation_status="done",
                    feedback="**Good.** You covered most points. " * 8,
                    score=rng.randint(10, 100),
                    key_point_results=[
                        {
                            "text": f"point {k} of {topic.slug}",
                            "status": rng.choice(STATUSES),
                        }
                        for k in range(4)
                    ],
                    evaluated_at=session.started_at + timedelta(minutes=order * 4),
                )
            )
    Turn.objects.bulk_create(turns, batch_size=2000)
    return user


def _measure(client, url: str, runs: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm up
    times = []
    queries = 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
        queries = len(captured.captured_queries)
    times.sort()
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    return statistics.median(times), p95, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()

    bench_url = create_database(BENCH_DB)
    try:
        os.environ["DATABASE_URL"] = bench_url
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interview_bot.settings")
        os.environ.pop("REDIS_URL", None)  # the page needs no cache; keep the bench local
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.test import Client

        settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        user = _seed(args.interviews)
        print(
            f"seeded {args.interviews} interviews x {TURNS_PER_INTERVIEW} turns "
            f"in {time.perf_counter() - started:.1f} s"
        )
        client = Client()
        client.force_login(user)
        pages = [
            ("history, page 1", "/interviews/history/"),
            ("history, track filter", "/interviews/history/?track=track-1&status=completed"),
            ("history, page 40", "/interviews/history/?page=40"),
            ("progress", "/interviews/progress/"),
        ]
        print(f"{'page':28} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
        worst = 0.0
        for label, url in pages:
            p50, p95, queries = _measure(client, url, args.runs)
            if label.startswith("history"):
                worst = max(worst, p95)
            print(f"{label:28} {p50:8.1f} {p95:8.1f} {queries:8d}")
        verdict = "meets" if worst < P95_TARGET_MS else "MISSES"
        print(f"history p95 (worst of the three) {worst:.1f} ms: {verdict} the target of "
              f"{P95_TARGET_MS:.0f} ms")  # fmt: skip
    finally:
        close_django_connections()
        drop_database(BENCH_DB)


if __name__ == "__main__":
    main()
