"""Measures the cohort dashboard on PostgreSQL: p95 latency and query count.

    .venv/bin/python bench/dashboard.py [--candidates 200] [--interviews 50] [--assignments 10]
        [--runs 30]

Creates its own database (bench_dashboard) on the server of DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/postgres), migrates it, bulk-creates one cohort of
candidates with finished interviews spread over 60 days (4 scored turns each, 10 topics)
and the cohort's assignments (half of them past due; each candidate has done some, has
one under way, and has not started the rest), then requests the dashboard page as the
cohort's staff member through Django's test client. The database is dropped at the end,
even after a failure.
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
from bench.timing import percentile  # noqa: E402

BENCH_DB = "bench_dashboard"
P95_TARGET_MS = 300.0
TURNS_PER_INTERVIEW = 4
TOPICS = 10
DAYS = 60


def _populate(candidates: int, interviews: int, assignments: int):
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from accounts.models import Cohort, CohortMembership, User
    from accounts.roles import BOOTCAMP_STAFF_GROUP
    from interviews.models import Assignment, InterviewSession, Question, Topic, Track, Turn

    rng = random.Random(6)
    now = timezone.now()
    track = Track.objects.create(slug="bench", name="Bench")
    topics = Topic.objects.bulk_create(
        Topic(track=track, slug=f"t{n}", name=f"Topic {n}") for n in range(TOPICS)
    )
    questions = Question.objects.bulk_create(
        Question(
            track=track,
            topic=t,
            text=f"Question on {t.name}",
            language="en",
            status="published",
            external_id=f"bench-{t.slug}",
        )
        for t in topics
    )
    staff = User.objects.create_user(email="staff@bench.example", display_name="Staff")
    staff.groups.add(Group.objects.get(name=BOOTCAMP_STAFF_GROUP))
    cohort = Cohort.objects.create(name="Bench cohort")
    CohortMembership.objects.create(cohort=cohort, user=staff, role="staff")
    users = User.objects.bulk_create(
        User(email=f"c{n}@bench.example", display_name=f"Candidate {n:03d}", password="!")  # noqa: S106 - unusable
        for n in range(candidates)
    )
    CohortMembership.objects.bulk_create(
        CohortMembership(cohort=cohort, user=u, role="candidate") for u in users
    )
    today = timezone.localdate()
    sets = Assignment.objects.bulk_create(
        Assignment(
            cohort=cohort,
            title=f"Set {n}",
            track=track,
            language="en",
            length=TURNS_PER_INTERVIEW,
            opens_on=today - timedelta(days=30),
            # Half are past due (overdue for whoever has not done them).
            due_on=today + timedelta(days=(n - assignments // 2) * 3),
        )
        for n in range(assignments)
    )
    sessions, when = [], []
    for user in users:
        done = rng.randint(0, len(sets))  # the first `done` sets completed, the next one begun
        linked = {n: sets[n] for n in range(min(done + 1, len(sets)))}
        level = rng.randint(35, 85)
        for number in range(interviews):
            started = now - timedelta(days=rng.uniform(0, DAYS))
            when.append(started)
            assignment = linked.get(number)
            under_way = assignment is not None and number == done
            sessions.append(
                InterviewSession(
                    candidate=user,
                    track=track,
                    level="junior",
                    language="en",
                    length=TURNS_PER_INTERVIEW,
                    status="active" if under_way else "completed",
                    assignment=assignment,
                    started_at=started,
                    ended_at=started + timedelta(minutes=20),
                    overall_score=max(0, min(100, level + rng.randint(-15, 15))),
                    questions_answered=TURNS_PER_INTERVIEW,
                )
            )
    session_field = InterviewSession._meta.get_field("started_at")
    turn_field = Turn._meta.get_field("created_at")
    with past_timestamps(session_field, turn_field):
        sessions = InterviewSession.objects.bulk_create(sessions, batch_size=2000)
        turns = []
        for session in sessions:
            assert session.overall_score is not None  # every bench interview has one
            for order, question in enumerate(rng.sample(questions, TURNS_PER_INTERVIEW), 1):
                turns.append(
                    Turn(
                        session=session,
                        order=order,
                        question=question,
                        topic_id=question.topic_id,
                        question_text=question.text,
                        answer="An answer.",
                        evaluation_status="done",
                        score=max(0, min(100, session.overall_score + rng.randint(-10, 10))),
                        key_point_results=[{"text": "point", "status": "covered"}],
                        created_at=session.started_at + timedelta(minutes=4 * order),
                    )
                )
        Turn.objects.bulk_create(turns, batch_size=5000)
    return staff, cohort, len(sessions), len(turns)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=200)
    parser.add_argument("--interviews", type=int, default=50)
    parser.add_argument("--assignments", type=int, default=10)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--verbose", action="store_true", help="print each selector query")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    bench_url = create_database(BENCH_DB)
    os.environ["DATABASE_URL"] = bench_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interview_bot.settings")
    os.environ.pop("REDIS_URL", None)  # the dashboard does not use the cache
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext
        from django.urls import reverse

        from interviews.selectors.staff import cohort_progress_for_staff

        # The test client's host, let through without `setup_test_environment`: its template
        # instrumentation keeps every page's context alive, and the garbage collector's
        # passes over them were most of the measured p95.
        settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        staff, cohort, n_sessions, n_turns = _populate(
            args.candidates, args.interviews, args.assignments
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(
            f"data: {args.candidates} candidates, {n_sessions} interviews, {n_turns} turns, "
            f"{args.assignments} assignments "
            f"({time.perf_counter() - started:.1f} s to create)"
        )

        client = Client()
        client.force_login(staff)
        url = reverse("staff:dashboard", args=[cohort.pk])
        for _ in range(3):  # warm-up: connection pool, template cache
            assert client.get(url).status_code == 200

        page_ms, page_cpu_ms, selector_ms = [], [], []
        for _ in range(args.runs):
            t0, cpu0 = time.perf_counter(), time.process_time()
            response = client.get(url)
            page_ms.append((time.perf_counter() - t0) * 1000)
            page_cpu_ms.append((time.process_time() - cpu0) * 1000)
            assert response.status_code == 200
            t0 = time.perf_counter()
            data = cohort_progress_for_staff(staff=staff, cohort=cohort)
            selector_ms.append((time.perf_counter() - t0) * 1000)
        assert len(data.rows) == args.candidates
        assert len(data.assignments.progress) == args.assignments

        # The debug query log is a bounded deque that the bulk inserts filled up: empty it, or
        # CaptureQueriesContext would see no new entries.
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as page_queries:
            client.get(url)
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as selector_queries:
            cohort_progress_for_staff(staff=staff, cohort=cohort)
        export_ms = []
        for _ in range(max(5, args.runs // 3)):
            t0 = time.perf_counter()
            client.get(reverse("staff:export", args=[cohort.pk]))
            export_ms.append((time.perf_counter() - t0) * 1000)

        p95 = percentile(page_ms, 95)
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"machine: {os.cpu_count()} CPUs, load average {load} (others' work skews p95)")
        print(
            f"dashboard page ({args.runs} runs): p50 {statistics.median(page_ms):.1f} ms, "
            f"p95 {p95:.1f} ms (target < {P95_TARGET_MS:.0f} ms: "
            f"{'met' if p95 < P95_TARGET_MS else 'NOT met'})"
        )
        # This process's own CPU time (not PostgreSQL's): moves much less with the load.
        print(
            f"  of which this process's CPU: p50 {statistics.median(page_cpu_ms):.1f} ms, "
            f"p95 {percentile(page_cpu_ms, 95):.1f} ms"
        )
        print(
            f"selector cohort_progress_for_staff: p50 {statistics.median(selector_ms):.1f} ms, "
            f"p95 {percentile(selector_ms, 95):.1f} ms"
        )
        print(f"CSV export: p50 {statistics.median(export_ms):.1f} ms")
        print(
            f"queries: page {len(page_queries)} (session, user and groups included), "
            f"selector {len(selector_queries)}; constant in the number of candidates "
            "(guarded by tests/interviews/staff/test_dashboard.py)"
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
