"""Scale-out: Daphne processes behind HAProxy, sockets spread over them, every
interview watched from a second tab on another process.

    .venv/bin/python bench/scale_out.py [--processes 2] [--streams 10,25,50]
        [--tps 50] [--first-token-delay 0.3] [--tokens 200]

Starts, on its own database (bench_scale_out) and Redis key prefix: the fake
OpenAI-compatible LLM (tests/fakes/openai_server.py, a fixed reply at --tps tokens a
second after --first-token-delay), --processes Daphne processes (1 or 2) and HAProxy
with deploy/haproxy.cfg (the README's production file; with one process both of its
servers are that process). bench/stream.py's data, fake server and client are reused.

For each N: N interviews answer at once through HAProxy; each has a second socket
(the candidate's other tab) opened right after the first, which leastconn sends to
the other process. Figures: relay efficiency (ideal stream time / answer-to-`done`)
p50 and min, added time to first token, interviews whose two tabs were on different
processes, characters lost on either tab (a gap in the offsets, or streamed text not
equal to the stored feedback), unfinished streams, and each process's CPU. The last
line gives the total real-time streams: the largest N whose median efficiency is at
least --realtime (0.9) with nothing lost.
"""

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.scratch_db import close_django_connections, create_database, drop_database  # noqa: E402
from bench.stream import (  # noqa: E402
    SECRET_KEY,
    ProcStat,
    StreamResult,
    answer_once,
    app_env,
    fake_reply_text,
    free_port,
    open_socket,
    percentile,
    seed_candidates,
    start_fake_llm,
)

BENCH_DB = "bench_scale_out"
HAPROXY_CONFIG = ROOT / "deploy" / "haproxy.cfg"
HAPROXY = (
    shutil.which("haproxy") or "/usr/sbin/haproxy"
)  # Debian's package (apt-get install haproxy)


@dataclass
class Watcher:
    """The second tab: what its deltas add up to, and the stored feedback in `done`."""

    text: str = ""
    gaps: int = 0
    feedback: str | None = None
    served_by: str = ""


@dataclass
class Pair:
    session_id: int
    cookie: str
    answering: StreamResult = field(default_factory=StreamResult)
    watching: Watcher = field(default_factory=Watcher)
    answering_by: str = ""

    @property
    def lost(self) -> bool:
        a, w = self.answering, self.watching
        if a.done is None or w.feedback is None:
            return False  # counted as unfinished
        return bool(a.gaps or a.mismatch or w.gaps or w.text != w.feedback)


async def _watch(ws, watcher: Watcher, deadline: float) -> None:
    state = json.loads(await ws.recv())
    assert state["type"] == "state", state
    async with asyncio.timeout(deadline):
        while True:
            frame = json.loads(await ws.recv())
            if frame["type"] == "delta":
                if frame["offset"] != len(watcher.text):
                    watcher.gaps += 1
                watcher.text = watcher.text[: frame["offset"]] + frame["text"]
            elif frame["type"] == "done":
                watcher.feedback = frame["feedback"]
                return


async def _open_pairs(base: str, pairs: list[Pair]) -> list[tuple]:
    """Each interview's two sockets, one right after the other (so leastconn sends the
    second to the other process), one interview at a time."""
    sockets: list[tuple] = []
    for pair in pairs:
        first = await open_socket(base, pair.session_id, pair.cookie)
        second = await open_socket(base, pair.session_id, pair.cookie)
        pair.answering_by = first.response.headers.get("X-Served-By", "")
        pair.watching.served_by = second.response.headers.get("X-Served-By", "")
        sockets.append((first, second))
    return sockets


async def _warm_up(base: str, active: list, processes: int) -> None:
    """One answer served by each process first (the first call loads the tokeniser and
    builds the model client)."""
    warmed: set[str] = set()
    while len(warmed) < processes:
        pair = Pair(*active.pop(0))
        ((first, second),) = await _open_pairs(base, [pair])
        by = (pair.answering_by, pair.watching.served_by)
        if by[0] in warmed:
            first, second, by = second, first, by[::-1]
        await asyncio.gather(answer_once(first, StreamResult(), 60), _watch(second, Watcher(), 60))
        warmed.add(by[0])
        await asyncio.gather(first.close(), second.close())


async def run(
    args, base: str, active, daphnes: list[ProcStat], ideal: float, servers: dict[str, str]
) -> None:
    """`servers`: HAProxy's server names (as X-Served-By gives them) → process address."""
    delay = args.first_token_delay
    await _warm_up(base, active, len(daphnes))

    print(
        f"{'streams':>7} {'eff p50':>8} {'eff min':>8} {'ttft p50':>9} {'ttft p95':>9} "
        f"{'x-proc':>6} {'lost':>5} {'unfin.':>6} " + " ".join(f"{'cpu%':>5}" for _ in daphnes)
    )
    realtime = 0
    for n in args.streams:
        batch, active = [Pair(*t) for t in active[:n]], active[n:]
        if len(batch) < n:
            print(f"{n:>7} not enough prepared interviews")
            break
        sockets = await _open_pairs(base, batch)
        # Answers spread over the processes too: each pair answers on the socket whose
        # process has answered fewer so far.
        answers: dict[str, int] = {}
        for i, (pair, (first, second)) in enumerate(zip(batch, sockets, strict=True)):
            by = pair.answering_by
            if answers.get(by, 0) > answers.get(pair.watching.served_by, 0):
                sockets[i] = (second, first)
                pair.answering_by, pair.watching.served_by = pair.watching.served_by, by
            answers[pair.answering_by] = answers.get(pair.answering_by, 0) + 1
        cpu0 = [d.cpu_seconds() for d in daphnes]
        wall0 = time.perf_counter()
        await asyncio.gather(
            *(answer_once(a, p.answering, 120) for p, (a, _b) in zip(batch, sockets, strict=True)),
            *(_watch(b, p.watching, 120) for p, (_a, b) in zip(batch, sockets, strict=True)),
            return_exceptions=True,
        )
        wall = time.perf_counter() - wall0
        cpu = [(d.cpu_seconds() - c) / wall * 100 for d, c in zip(daphnes, cpu0, strict=True)]
        done = [p.answering for p in batch if p.answering.done is not None]
        effs = [ideal / (r.done - r.sent) for r in done if r.done is not None]
        ttft = [(r.first - r.sent - delay) * 1000 for r in done if r.first is not None]
        crossed = sum(
            1 for p in batch if servers.get(p.answering_by) != servers.get(p.watching.served_by)
        )
        lost = sum(1 for p in batch if p.lost)
        unfinished = sum(
            1 for p in batch if p.answering.done is None or p.watching.feedback is None
        )
        await asyncio.gather(*(ws.close() for pair in sockets for ws in pair))
        median = statistics.median(effs) if effs else 0.0
        print(
            f"{n:>7} {median:8.3f} {min(effs, default=0):8.3f} "
            f"{percentile(ttft, 0.5) if ttft else 0:9.0f} "
            f"{percentile(ttft, 0.95) if ttft else 0:9.0f} "
            f"{crossed:>6} {lost:>5} {unfinished:>6} " + " ".join(f"{c:5.0f}" for c in cpu)
        )
        if median >= args.realtime and not lost and not unfinished:
            realtime = max(realtime, n)
        await asyncio.sleep(1)
    print(
        f"\ntotal real-time streams over {len(daphnes)} process(es): {realtime} "
        f"(largest N with median efficiency >= {args.realtime} and 0 lost)"
    )
    print(
        "(x-proc = interviews whose two tabs were on different processes; lost = either tab "
        "had a gap or text unequal to the stored feedback; ttft in ms over the fake's delay; "
        "cpu % of one core, per process)"
    )


def _wait_port(port: int, process: subprocess.Popen, what: str) -> None:
    import socket

    for _ in range(600):
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return
        if process.poll() is not None:
            break
        time.sleep(0.2)
    sys.exit(f"{what} did not start.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, choices=[1, 2], default=2)
    parser.add_argument("--streams", default="10,25,50", help="comma-separated N values")
    parser.add_argument("--tps", type=float, default=50.0, help="fake LLM tokens a second")
    parser.add_argument("--first-token-delay", type=float, default=0.3)
    parser.add_argument("--tokens", type=int, default=200, help="feedback tokens a reply")
    parser.add_argument("--realtime", type=float, default=0.9, help="efficiency that counts")
    args = parser.parse_args()
    args.streams = [int(n) for n in args.streams.split(",") if n]

    text, tokens = fake_reply_text(args.tokens)
    ideal = args.first_token_delay + (tokens - 1) / args.tps
    print(
        f"fake LLM: {tokens} tokens a reply at {args.tps:.0f}/s after "
        f"{args.first_token_delay * 1000:.0f} ms; ideal stream time {ideal:.2f} s; "
        f"{args.processes} Daphne process(es) behind HAProxy"
    )
    database_url = create_database(BENCH_DB)
    processes: list[subprocess.Popen] = []
    try:
        os.environ["DATABASE_URL"] = database_url
        os.environ.pop("REDIS_URL", None)  # the seeding process needs no Redis
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interview_bot.settings")
        os.environ["DJANGO_SECRET_KEY"] = SECRET_KEY
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        call_command("migrate", verbosity=0)
        active, _idle = seed_candidates(4 + sum(args.streams), 1)
        connections.close_all()

        fake, fake_url = start_fake_llm(text, args.tps, args.first_token_delay)
        processes.append(fake)
        env = app_env(database_url, fake_url, f"bench_scale_{os.getpid()}")
        ports = [free_port() for _ in range(args.processes)]
        daphnes = []
        for port in ports:
            daphne = subprocess.Popen(  # noqa: S603 - fixed arguments
                [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port),
                 "--websocket_connect_timeout", "60", "interview_bot.asgi:application"],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            processes.append(daphne)
            daphnes.append(daphne)
        for port, daphne in zip(ports, daphnes, strict=True):
            _wait_port(port, daphne, "Daphne")
        proxy_port = free_port()
        servers = [f"127.0.0.1:{p}" for p in ports] * (3 - args.processes)
        proxy = subprocess.Popen(  # noqa: S603 - fixed arguments
            [HAPROXY, "-db", "-f", str(HAPROXY_CONFIG)],
            env={
                **os.environ,
                "HAPROXY_BIND": f"127.0.0.1:{proxy_port}",
                "INTERVIEW_BOT_APP_1": servers[0],
                "INTERVIEW_BOT_APP_2": servers[1],
            },
            stdout=subprocess.DEVNULL,
        )
        processes.append(proxy)
        _wait_port(proxy_port, proxy, "HAProxy")
        print(f"Daphne pids {[d.pid for d in daphnes]}, HAProxy on port {proxy_port}")
        asyncio.run(
            run(
                args,
                f"127.0.0.1:{proxy_port}",
                active,
                [ProcStat(d.pid) for d in daphnes],
                ideal,
                {"app1": servers[0], "app2": servers[1]},
            )
        )
    finally:
        for process in processes:
            process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=10)
        close_django_connections()
        drop_database(BENCH_DB)


if __name__ == "__main__":
    main()
