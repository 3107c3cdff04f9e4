"""Measures streamed feedback end to end: Daphne + PostgreSQL + Redis + a fake LLM.

    .venv/bin/python bench/stream.py [--streams 50,100,200] [--idle 1000] [--tps 50]
        [--first-token-delay 0.3] [--tokens 120] [--samples 30]

Creates its own database (bench_stream) on the server of DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/postgres), uses Redis at REDIS_URL (default
redis://127.0.0.1:6379/0, own key prefix), starts tests/fakes/openai_server.py's
FakeOpenAIServer in a subprocess (a fixed reply streamed at --tps tokens a second after
--first-token-delay) and one Daphne process with INTERVIEWER_PROVIDER=openai pointed
at it. Candidates and their interviews are created directly; each socket logs in with
its own session cookie and answers once.

Figures:
- server-added time to first token: (first `delta` frame at the client - answer sent)
  - the fake's first-token delay, one interview at a time, p50/p95 (target p95 < 25 ms);
- relay efficiency: ideal stream time (first-token delay + tokens / rate) / observed
  (answer sent -> `done` received); target >= 0.98;
- capacity: N concurrent interviews streaming while --idle other sockets stay open:
  efficiency, time to first token, frames lost (a `delta` whose offset does not follow
  on, or streamed text that differs from the stored text in `done`), refusals, and the
  Daphne process's CPU and memory.

--compare-relay (the app against the thinnest relay, issue 13's yardstick):

    .venv/bin/python bench/stream.py --compare-relay [--streams 10,25,50] [--rounds 3]
        [--reply-tokens 200]

starts `bench/relay_asgi.py` (no database, no auth: the `openai` SDK's stream relayed
delta by delta over the same Redis pub/sub channel layer) in a second Daphne process
beside the app's, against the same fake LLM (a --reply-tokens reply at --tps after
--first-token-delay), and sends each the same burst of N answers at once. The two are
run one after the other, never together, alternating which goes first, --rounds times
per N; the table gives the medians over the rounds of each burst's median efficiency
and added time to first token p50 / p95, the app-to-relay ratios (targets: efficiency
ratio >= 0.9, time to first token ratio <= 1.5), characters lost and unfinished
streams. The machine is shared (2 cores, other work running): only runs interleaved
close in time see the same load, which is what makes the ratio fair; the absolute
figures move with the load, the ratios much less.
"""

import argparse
import asyncio
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.scratch_db import close_django_connections, create_database, drop_database  # noqa: E402

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
BENCH_DB = f"bench_stream_{os.getpid()}"  # other benches may run beside this one
TTFT_P95_TARGET_MS = 25.0
EFFICIENCY_TARGET = 0.98
SECRET_KEY = "bench-only-secret-key-not-for-production-0123456789"  # noqa: S105 - bench only
WAVE = 40
# A real attempt: a junk or "don't know" answer is graded by the rubric without the LLM.
ANSWER = (
    "A decorator takes a function and returns a new function that wraps its behaviour; "
    "the @ syntax reassigns the name and functools.wraps keeps the metadata."
)  # Daphne's listen backlog is 50: connect in waves

FAKE_SERVER = """
import sys, time
sys.path.insert(0, {root!r})
from http.server import ThreadingHTTPServer
from tests.fakes.openai_server import FakeOpenAIServer, Reply
# A burst opens many connections at once: socketserver's backlog of 5 would drop SYNs
# (the client's retry comes a second later).
ThreadingHTTPServer.request_queue_size = 512
server = FakeOpenAIServer(default=Reply({text!r}), tokens_per_second={tps},
                          first_token_delay={delay}).start()
print(server.url, flush=True)
while True:
    time.sleep(3600)
"""


# --engine relay: Daphne with the engine replaced by a pure-asyncio stream at the same
# pace, so the figures show this app's own cost (commit, task, batching, channel layer,
# sockets) without the LLM client's.
RELAY_DAPHNE = """
import asyncio, sys
sys.path.insert(0, {root!r})
import django
django.setup()
if {list_layer}:
    from django.conf import settings
    settings.CHANNEL_LAYERS["default"]["BACKEND"] = "channels_redis.core.RedisChannelLayer"
    settings.CHANNEL_LAYERS["default"]["CONFIG"].update(capacity=1500, expiry=60)
from interviews import engine
from interviews.engine.types import (
    Evaluation, FeedbackDelta, FeedbackDone, KeyPointResult, KeyPointStatus,
)
from tests.fakes.openai_server import Reply

TOKENS = Reply({text!r}).tokens()
FEEDBACK = "".join(TOKENS).split("<evaluation>")[0]

async def astream_evaluation(*, question, answer, persona=None, language, references=(),
                             offline=False):
    await asyncio.sleep({delay})
    loop = asyncio.get_running_loop()
    start = loop.time()
    hidden = False  # the engine holds the evaluation block back
    for i, token in enumerate(TOKENS):
        wait = start + i / {tps} - loop.time()
        if wait > 0:
            await asyncio.sleep(wait)
        hidden = hidden or "<evaluation>" in token
        if not hidden:
            yield FeedbackDelta(token)
    yield FeedbackDone(Evaluation(
        score=62,
        key_points=tuple(KeyPointResult(k.text, KeyPointStatus.COVERED)
                         for k in question.key_points),
        strengths=("Clear",), improvements=("More depth",), model_answer="",
        feedback=FEEDBACK, provider="relay-bench", graded_offline=False,
    ))

engine.astream_evaluation = astream_evaluation
from daphne.cli import CommandLineInterface
sys.argv = ["daphne"] + sys.argv[1:]
CommandLineInterface.entrypoint()
"""


def fake_reply_text(words: int) -> tuple[str, int]:
    """Feedback Markdown of `words` tokens, then the evaluation block the engine expects."""
    feedback = " ".join(f"word{i % 97}" for i in range(words - 1)) + " **done.**\n"
    block = json.dumps(
        {
            "score": 62,
            "key_points": [
                {"id": 1, "status": "covered"},
                {"id": 2, "status": "covered"},
                {"id": 3, "status": "partly"},
                {"id": 4, "status": "missed"},
            ],
            "strengths": ["Clear definition"],
            "improvements": ["Mention functools.wraps"],
            "flag": "",
            "reason": "",
        },
        separators=(",", ":"),
    )
    text = feedback + "<evaluation>" + block + "</evaluation>"
    from tests.fakes.openai_server import Reply

    return text, len(Reply(text).tokens())


def start_fake_llm(text: str, tps: float, delay: float) -> tuple[subprocess.Popen, str]:
    """The fake OpenAI-compatible server in a subprocess, and the URL it serves."""
    fake = subprocess.Popen(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", FAKE_SERVER.format(root=str(ROOT), text=text, tps=tps, delay=delay)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert fake.stdout is not None  # stdout=PIPE
    return fake, fake.stdout.readline().strip()


def app_env(database_url: str, llm_url: str, key_prefix: str) -> dict[str, str]:
    """The environment of a Daphne serving the app against the fake LLM."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "REDIS_KEY_PREFIX": key_prefix,
        "INTERVIEWER_PROVIDER": "openai",
        "OPENAI_BASE_URL": llm_url,
        "OPENAI_API_KEY": "test",
        "OPENAI_MAX_RETRIES": "0",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
        "NO_PROXY": "127.0.0.1,localhost",
        "LANGSMITH_TRACING": "false",
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ProcStat:
    """CPU seconds and resident memory of a process, from /proc."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.ticks = os.sysconf("SC_CLK_TCK")

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / self.ticks

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0


# --- Data ------------------------------------------------------------------------------------


def seed_candidates(users_needed: int, idle_sessions: int):
    """Candidates with one fresh interview each, plus interviews for the idle sockets."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.models import User
    from interviews.models import KeyPoint, Question, Topic, Track
    from interviews.services.sessions import IfUnfinished, session_start

    track = Track.objects.create(slug="python", name="Python")
    topic = Topic.objects.create(track=track, slug="decorators", name="Decorators")
    for q in range(10):
        question = Question.objects.create(
            track=track,
            topic=topic,
            text=f"What is a Python decorator? ({q})",
            language="en",
            difficulty="junior",
            status="published",
            external_id=f"bench-{q}",
            model_answer="A decorator takes a function and returns a new function.",
        )
        for k, text in enumerate(
            ["returns a new function", "wraps behaviour", "@ syntax", "functools.wraps"]
        ):
            KeyPoint.objects.create(question=question, order=k, text=text)
    password = make_password("bench-password-123")
    users = User.objects.bulk_create(
        [
            User(email=f"c{i}@bench.example", display_name=f"C{i}", password=password)
            for i in range(users_needed + 1)
        ]
    )
    idle_user = users.pop()

    def login(user) -> str:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        assert store.session_key is not None  # create() sets it
        return store.session_key

    def start(user) -> int:
        # The idle user holds many open interviews at once: keep them all.
        return session_start(
            user=user,
            track=track,
            level="junior",
            language="en",
            length=3,
            mode="practice",
            if_unfinished=IfUnfinished.KEEP,
        ).pk

    active = [(start(u), login(u)) for u in users]
    idle_cookie = login(idle_user)
    idle = [(start(idle_user), idle_cookie) for _ in range(idle_sessions)]
    return active, idle


# --- Client ----------------------------------------------------------------------------------


@dataclass
class StreamResult:
    sent: float = 0.0
    first: float | None = None
    done: float | None = None
    frames: int = 0
    gaps: int = 0
    mismatch: bool = False
    error: str = ""
    text: list[str] = field(default_factory=list)
    feedback: str | None = None  # the text `done` says was stored

    @property
    def lost_chars(self) -> int:
        """Characters of the stored text that the deltas did not bring, in order."""
        if self.feedback is None:
            return 0
        streamed = "".join(self.text)
        same = 0
        for a, b in zip(streamed, self.feedback, strict=False):
            if a != b:
                break
            same += 1
        return len(self.feedback) - same


async def open_socket(base: str, session_id: int, cookie: str):
    from websockets.asyncio.client import connect
    from websockets.typing import Origin

    return await connect(
        f"ws://{base}/ws/interviews/{session_id}/",
        origin=Origin(f"http://{base}"),
        additional_headers={"Cookie": f"sessionid={cookie}"},
        open_timeout=30,
        max_size=2**20,
        ping_interval=None,
    )


async def answer_once(ws, result: StreamResult, deadline: float) -> None:
    state = json.loads(await ws.recv())
    assert state["type"] == "state", state
    result.sent = time.perf_counter()
    await ws.send(json.dumps({"type": "answer", "turn": state["turn"], "text": ANSWER}))
    have = 0
    async with asyncio.timeout(deadline):
        while True:
            frame = json.loads(await ws.recv())
            now = time.perf_counter()
            if frame["type"] == "delta":
                result.frames += 1
                if result.first is None:
                    result.first = now
                if frame["offset"] != have:
                    result.gaps += 1
                result.text.append(frame["text"])
                have = frame["offset"] + len(frame["text"])
            elif frame["type"] == "done":
                result.done = now
                result.feedback = frame["feedback"]
                result.mismatch = "".join(result.text) != frame["feedback"]
                return
            elif frame["type"] == "error":
                result.error = frame["code"]
                return


async def _connect_waves(base: str, targets: list[tuple[int, str]]) -> list:
    sockets = []
    for i in range(0, len(targets), WAVE):
        sockets += await asyncio.gather(
            *(open_socket(base, s, c) for s, c in targets[i : i + WAVE])
        )
    return sockets


async def _drain_state(ws) -> None:
    frame = json.loads(await ws.recv())
    assert frame["type"] == "state"


def _engine_first_token_ms(session_ids: list[int]) -> list[float]:
    from django.db import connections

    from interviews.models import Turn

    try:
        return [
            float(ms)
            for ms in Turn.objects.filter(
                session_id__in=session_ids, order=1, first_token_ms__isnull=False
            ).values_list("first_token_ms", flat=True)
            if ms is not None  # the filter leaves none out; the type allows None
        ]
    finally:
        connections.close_all()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


async def run(args, base: str, active, idle, daphne: ProcStat, ideal: float) -> None:
    delay = args.first_token_delay

    # 1) Time to first token and efficiency, one interview at a time (after a warm-up:
    # the first call loads the tokeniser and builds the model client).
    warm, samples = active[0], active[1 : args.samples + 1]
    active = active[args.samples + 1 :]
    ws = await open_socket(base, *warm)
    await answer_once(ws, StreamResult(), deadline=60)
    await ws.close()
    added, efficiency = [], []
    for session_id, cookie in samples:
        ws = await open_socket(base, session_id, cookie)
        result = StreamResult()
        await answer_once(ws, result, deadline=60)
        await ws.close()
        if result.first is None or result.done is None:
            print(f"  sample failed: {result.error or 'no frames'}")
            continue
        added.append((result.first - result.sent - delay) * 1000)
        efficiency.append(ideal / (result.done - result.sent))
    print(f"\n== One interview at a time ({len(added)} samples) ==")
    print(
        f"server-added time to first token: p50 {percentile(added, 0.5):.1f} ms, "
        f"p95 {percentile(added, 0.95):.1f} ms (target p95 < {TTFT_P95_TARGET_MS:.0f} ms)"
    )
    print(
        f"relay efficiency: p50 {statistics.median(efficiency):.3f}, "
        f"min {min(efficiency):.3f} (target >= {EFFICIENCY_TARGET})"
    )
    engine_ms = await asyncio.to_thread(_engine_first_token_ms, [s for s, _c in samples])
    if engine_ms:
        engine_added = [ms - delay * 1000 for ms in engine_ms]
        relay = statistics.median(added) - statistics.median(engine_added)
        print(
            f"  of which the engine (claim -> first delta, Turn.first_token_ms minus the "
            f"fake's delay): p50 {percentile(engine_added, 0.5):.1f} ms, "
            f"p95 {percentile(engine_added, 0.95):.1f} ms; commit + relay p50 ~{relay:.1f} ms"
        )

    # 2) Capacity: idle sockets stay open while N interviews stream at once.
    rss_start = daphne.rss_mb()
    idle_sockets = await _connect_waves(base, idle)
    await asyncio.gather(*(_drain_state(ws) for ws in idle_sockets))
    await asyncio.sleep(1)
    rss_idle = daphne.rss_mb()
    print(f"\n== Capacity: {len(idle_sockets)} idle sockets open ==")
    print(
        f"Daphne RSS {rss_start:.0f} MB -> {rss_idle:.0f} MB with the idle sockets "
        f"({(rss_idle - rss_start) * 1024 / max(len(idle_sockets), 1):.0f} kB a socket)"
    )
    print(
        f"{'streams':>7} {'eff p50':>8} {'eff min':>8} {'ttft p50':>9} {'ttft p95':>9} "
        f"{'lost':>5} {'errors':>6} {'cpu %':>6} {'rss MB':>7}"
    )
    for n in args.streams:
        batch, active = active[:n], active[n:]
        if len(batch) < n:
            print(f"{n:>7} not enough prepared interviews")
            break
        sockets = await _connect_waves(base, batch)
        results = [StreamResult() for _ in sockets]
        cpu0, wall0 = daphne.cpu_seconds(), time.perf_counter()
        peak = [daphne.rss_mb()]

        async def sample_rss(peak=peak) -> None:
            while True:
                await asyncio.sleep(0.5)
                peak.append(daphne.rss_mb())

        sampler = asyncio.create_task(sample_rss())
        await asyncio.gather(
            *(answer_once(ws, r, deadline=120) for ws, r in zip(sockets, results, strict=True)),
            return_exceptions=True,
        )
        sampler.cancel()
        cpu = (daphne.cpu_seconds() - cpu0) / (time.perf_counter() - wall0) * 100
        finished = [r for r in results if r.done is not None]
        effs = [ideal / (r.done - r.sent) for r in results if r.done is not None]
        ttft = [(r.first - r.sent - delay) * 1000 for r in finished if r.first is not None]
        lost = sum(1 for r in results if r.gaps or r.mismatch)
        errors = sum(1 for r in results if r.done is None)
        await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)
        print(
            f"{n:>7} {statistics.median(effs) if effs else 0:8.3f} {min(effs, default=0):8.3f} "
            f"{percentile(ttft, 0.5) if ttft else 0:9.0f} "
            f"{percentile(ttft, 0.95) if ttft else 0:9.0f} "
            f"{lost:>5} {errors:>6} {cpu:6.0f} {max(peak):7.0f}"
        )
        await asyncio.sleep(1)
    closed = sum(1 for ws in idle_sockets if ws.state.name != "OPEN")
    print(f"idle sockets dropped during the run: {closed} of {len(idle_sockets)}")
    await asyncio.gather(*(ws.close() for ws in idle_sockets), return_exceptions=True)
    print(
        "\n(lost = interviews whose frames had a gap or whose streamed text differed from "
        "the stored feedback; ttft in ms over the fake's first-token delay; cpu % of one core)"
    )


# --- --compare-relay ---------------------------------------------------------------------


@dataclass
class Burst:
    """One burst of N answers sent at once to one server."""

    efficiency: float  # median over the burst's streams
    ttft_p50: float  # ms over the fake's first-token delay
    ttft_p95: float
    lost_chars: int
    unfinished: int
    cpu: float  # % of one core, the server's process


async def _burst(base: str, targets, proc: ProcStat, ideal: float, delay: float) -> Burst:
    sockets = await _connect_waves(base, targets)
    results = [StreamResult() for _ in sockets]
    cpu0, wall0 = proc.cpu_seconds(), time.perf_counter()
    await asyncio.gather(
        *(answer_once(ws, r, deadline=120) for ws, r in zip(sockets, results, strict=True)),
        return_exceptions=True,
    )
    cpu = (proc.cpu_seconds() - cpu0) / (time.perf_counter() - wall0) * 100
    await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)
    finished = [r for r in results if r.done is not None]
    ttft = [(r.first - r.sent - delay) * 1000 for r in finished if r.first is not None]
    efficiency = [ideal / (r.done - r.sent) for r in finished if r.done is not None]
    return Burst(
        efficiency=statistics.median(efficiency) if efficiency else 0.0,
        ttft_p50=percentile(ttft, 0.5) if ttft else float("nan"),
        ttft_p95=percentile(ttft, 0.95) if ttft else float("nan"),
        lost_chars=sum(r.lost_chars for r in results),
        unfinished=len(results) - len(finished),
        cpu=cpu,
    )


async def compare(args, servers: dict[str, tuple[str, ProcStat]], active, ideal: float) -> None:
    """Interleaved bursts, app and relay in turn, medians over the rounds."""
    delay = args.first_token_delay
    relay_ids = iter(range(1, 10**6))

    def targets(side: str, n: int):
        nonlocal active
        if side == "relay":
            return [(next(relay_ids), "") for _ in range(n)]
        batch, active = active[:n], active[n:]
        return batch

    for side, (base, _proc) in servers.items():  # warm-up: clients, tokeniser, pools
        for session_id, cookie in targets(side, 3):
            ws = await open_socket(base, session_id, cookie)
            await answer_once(ws, StreamResult(), deadline=60)
            await ws.close()

    def med(values) -> float:
        return statistics.median(values)

    print(
        f"\n{'streams':>7} {'app eff':>8} {'relay eff':>9} {'ratio':>6}  "
        f"{'app ttft p50/p95':>17} {'relay ttft p50/p95':>19} {'ratio p50/p95':>14}  "
        f"{'lost app/relay':>14} {'unfinished':>10} {'cpu % app/relay':>15}"
    )
    for n in args.streams:
        runs: dict[str, list[Burst]] = {side: [] for side in servers}
        for round_ in range(args.rounds):
            order = list(servers) if round_ % 2 == 0 else list(reversed(servers))
            for side in order:
                base, proc = servers[side]
                runs[side].append(await _burst(base, targets(side, n), proc, ideal, delay))
                await asyncio.sleep(1.5)  # let the last frames and stores settle
        app, relay = runs["app"], runs["relay"]
        eff = (med(b.efficiency for b in app), med(b.efficiency for b in relay))
        p50 = (med(b.ttft_p50 for b in app), med(b.ttft_p50 for b in relay))
        p95 = (med(b.ttft_p95 for b in app), med(b.ttft_p95 for b in relay))
        lost = (sum(b.lost_chars for b in app), sum(b.lost_chars for b in relay))
        unfinished = (sum(b.unfinished for b in app), sum(b.unfinished for b in relay))
        cpu = (med(b.cpu for b in app), med(b.cpu for b in relay))
        print(
            f"{n:>7} {eff[0]:8.3f} {eff[1]:9.3f} {eff[0] / eff[1]:6.2f}  "
            f"{f'{p50[0]:.0f} / {p95[0]:.0f} ms':>17} {f'{p50[1]:.0f} / {p95[1]:.0f} ms':>19} "
            f"{f'{p50[0] / p50[1]:.2f} / {p95[0] / p95[1]:.2f}':>14}  "
            f"{f'{lost[0]} / {lost[1]}':>14} {f'{unfinished[0]} / {unfinished[1]}':>10} "
            f"{f'{cpu[0]:.0f} / {cpu[1]:.0f}':>15}",
            flush=True,
        )
    print(
        f"\n(medians of {args.rounds} interleaved bursts a row; eff = ideal stream time / "
        "answer-to-done; ttft = first delta after the answer, less the fake's first-token "
        "delay; lost = characters of the final text the deltas did not deliver in order, "
        "over all rounds; targets: eff ratio >= 0.9, ttft ratios <= 1.5, 0 lost)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--streams", help="comma-separated N values (50,100,200; 10,25,50 with --compare-relay)"
    )
    parser.add_argument("--idle", type=int, default=1000, help="idle sockets kept open")
    parser.add_argument("--tps", type=float, default=50.0, help="fake LLM tokens a second")
    parser.add_argument("--first-token-delay", type=float, default=0.3)
    parser.add_argument("--tokens", type=int, default=120, help="feedback tokens a reply")
    parser.add_argument("--samples", type=int, default=30, help="one-at-a-time samples")
    parser.add_argument(
        "--engine",
        choices=["openai", "relay"],
        default="openai",
        help="openai: the real engine and ChatOpenAI against the fake server; relay: the "
        "engine replaced by an in-process stream at the same pace (the app's own cost)",
    )
    parser.add_argument(
        "--layer",
        choices=["settings", "list"],
        default="settings",
        help="with --engine relay: the settings' layer (Redis pub/sub) or channels-redis's "
        "list-based RedisChannelLayer (list), to compare their relay cost",
    )
    parser.add_argument(
        "--compare-relay",
        action="store_true",
        help="the app against bench/relay_asgi.py, interleaved bursts (see the docstring)",
    )
    parser.add_argument("--rounds", type=int, default=3, help="with --compare-relay")
    parser.add_argument(
        "--reply-tokens",
        type=int,
        default=200,
        help="with --compare-relay: tokens of the whole reply, evaluation block included",
    )
    parser.add_argument(
        "--stderr", action="store_true", help="show the servers' stderr (for debugging)"
    )
    args = parser.parse_args()
    if args.streams is None:
        args.streams = "10,25,50" if args.compare_relay else "50,100,200"
    args.streams = [int(n) for n in args.streams.split(",") if n]

    if args.compare_relay:
        block_tokens = fake_reply_text(2)[1] - 2
        text, tokens = fake_reply_text(args.reply_tokens - block_tokens)
    else:
        text, tokens = fake_reply_text(args.tokens)
    # The fake sends the first token after the delay, then one every 1/tps seconds.
    ideal = args.first_token_delay + (tokens - 1) / args.tps
    print(
        f"fake LLM: {tokens} tokens a reply at {args.tps:.0f}/s after "
        f"{args.first_token_delay * 1000:.0f} ms; ideal stream time {ideal:.2f} s"
    )

    bench_url = create_database(BENCH_DB)
    processes: list[subprocess.Popen] = []
    try:
        database_url = bench_url
        os.environ["DATABASE_URL"] = database_url
        os.environ.pop("REDIS_URL", None)  # the seeding process needs no Redis
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interview_bot.settings")
        # Same secret as the server: the session cookies made here must verify there.
        os.environ["DJANGO_SECRET_KEY"] = SECRET_KEY
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        call_command("migrate", verbosity=0)
        if args.compare_relay:
            active, _idle = seed_candidates(3 + args.rounds * sum(args.streams), 0)
            idle: list = []
        else:
            idle_sessions = max(1, args.idle // 10)  # ten sockets per idle interview
            active, idle_targets = seed_candidates(
                args.samples + 1 + sum(args.streams), idle_sessions
            )
            idle = [idle_targets[i % idle_sessions] for i in range(args.idle)]
        connections.close_all()

        fake, fake_url = start_fake_llm(text, args.tps, args.first_token_delay)
        processes.append(fake)

        env = {
            **app_env(database_url, fake_url, f"bench_stream_{os.getpid()}"),
            "DATABASE_POOL_MAX_SIZE": "20",
            "RELAY_LLM_URL": fake_url,
            "RELAY_REDIS_URL": REDIS_URL,
        }
        launcher = (
            ["-m", "daphne"]
            if args.engine == "openai"
            else ["-c", RELAY_DAPHNE.format(
                root=str(ROOT), text=text, tps=args.tps, delay=args.first_token_delay,
                list_layer=args.layer == "list",
            )]
        )  # fmt: skip
        servers: dict[str, tuple[str, ProcStat]] = {}
        apps = {"app": (launcher, "interview_bot.asgi:application")}
        if args.compare_relay:
            apps["relay"] = (["-m", "daphne"], "bench.relay_asgi:application")
        for side, (command, application) in apps.items():
            port = free_port()
            daphne = subprocess.Popen(  # noqa: S603 - fixed arguments
                [sys.executable, *command, "-b", "127.0.0.1", "-p", str(port),
                 "--websocket_connect_timeout", "60", application],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=None if args.stderr else subprocess.DEVNULL,
            )  # fmt: skip
            processes.append(daphne)
            for _ in range(150):
                with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                    break
                time.sleep(0.2)
            else:
                sys.exit(f"Daphne ({side}) did not start.")
            print(f"{side}: Daphne pid {daphne.pid} on port {port}; fake LLM {fake_url}")
            servers[side] = (f"127.0.0.1:{port}", ProcStat(daphne.pid))
        if args.compare_relay:
            asyncio.run(compare(args, servers, active, ideal))
        else:
            base, stat = servers["app"]
            asyncio.run(run(args, base, active, idle, stat, ideal))
    finally:
        for process in processes:
            process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=10)
        close_django_connections()
        drop_database(BENCH_DB)


if __name__ == "__main__":
    main()
