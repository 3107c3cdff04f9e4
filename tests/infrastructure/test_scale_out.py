"""Scale-out: two Daphne processes behind HAProxy (deploy/haproxy.cfg, the file the
README gives for production), sharing PostgreSQL and Redis. Sockets are spread over
both; the two tabs of each interview are on different processes, and both receive the
whole streamed text, equal to the stored feedback."""

import asyncio
import json
import os
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from interviews.models import Turn
from interviews.services.sessions import session_start
from tests.factories import QuestionFactory, TopicFactory, TrackFactory, UserFactory
from tests.processes import ANSWER, HAPROXY, HAPROXY_CONFIG, ROOT, HAProxy, reply, session_cookie

INTERVIEWS = 6


def _interviews(count):
    track = TrackFactory(slug="scale", name="Scale")
    topic = TopicFactory(track=track, slug="decorators", name="Decorators")
    QuestionFactory.create_batch(3, track=track, topic=topic)
    made = []
    for _ in range(count):
        user = UserFactory()
        session = session_start(
            user=user, track=track, level="junior", language="en", length=3, mode="practice"
        )
        made.append((session, session.turns.get(), session_cookie(user)))
    return made


async def _open(base: str, session_id: int, cookie: str):
    from websockets.asyncio.client import connect
    from websockets.typing import Origin

    ws = await connect(
        f"ws://{base}/ws/interviews/{session_id}/",
        origin=Origin(f"http://{base}"),
        additional_headers={"Cookie": f"sessionid={cookie}"},
        open_timeout=30,
    )
    state = json.loads(await ws.recv())
    assert state["type"] == "state"
    assert ws.response is not None  # set once the handshake is done
    return ws, state, ws.response.headers["X-Served-By"]


async def _follow(ws) -> tuple[str, str, int]:
    """The text the socket's deltas add up to, the `done` feedback, and the gaps seen."""
    text, gaps = "", 0
    async with asyncio.timeout(90):
        while True:
            frame = json.loads(await ws.recv())
            if frame["type"] == "delta":
                if frame["offset"] != len(text):
                    gaps += 1
                text = text[: frame["offset"]] + frame["text"]
            elif frame["type"] == "done":
                return text, frame["feedback"], gaps
            elif frame["type"] == "error":
                raise AssertionError(frame)


async def _run(base: str, interviews) -> list[dict]:
    # Opened one after another: HAProxy's leastconn sends each to the less busy process.
    tabs = []
    for i, (session, turn, cookie) in enumerate(interviews):
        first = await _open(base, session.pk, cookie)
        second = await _open(base, session.pk, cookie)
        # Every other interview answers from its second tab: the generations (and their
        # workers) are spread over both processes as well.
        answering, watching = (first, second) if i % 2 == 0 else (second, first)
        tabs.append((turn, answering, watching))
    for turn, (ws, _state, _by), _watching in tabs:
        await ws.send(json.dumps({"type": "answer", "turn": turn.pk, "text": ANSWER}))
    results = await asyncio.gather(*(_follow(ws) for _turn, a, w in tabs for ws in (a[0], w[0])))
    for _turn, a, w in tabs:
        await a[0].close()
        await w[0].close()
    return [
        {
            "turn": turn.pk,
            "served_by": (a[2], w[2]),
            "answering": results[2 * i],
            "watching": results[2 * i + 1],
        }
        for i, (turn, a, w) in enumerate(tabs)
    ]


def test_the_readme_gives_the_configuration_the_test_runs():
    readme = (ROOT / "README.md").read_text()
    block = readme.split("```haproxy\n", 1)[1].split("```", 1)[0]
    assert block == HAPROXY_CONFIG.read_text()


def test_haproxy_accepts_the_configuration():
    if not Path(HAPROXY).exists():
        pytest.skip("haproxy is not installed (make test installs it)")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HAPROXY_BIND": "127.0.0.1:8080",
        "INTERVIEW_BOT_APP_1": "127.0.0.1:8001",
        "INTERVIEW_BOT_APP_2": "127.0.0.1:8002",
    }
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [HAPROXY, "-c", "-f", str(HAPROXY_CONFIG)],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _stored(turn_id: int, seconds: float = 10.0) -> Turn:
    """The turn once its worker has stored it: `done` reaches the sockets before the
    store (issue 13), so a client can see it a moment before the database does."""
    deadline = time.monotonic() + seconds
    turn = Turn.objects.get(pk=turn_id)
    while turn.evaluation_status != Turn.EvaluationStatus.DONE and time.monotonic() < deadline:
        time.sleep(0.05)
        turn.refresh_from_db()
    return turn


@pytest.mark.django_db(transaction=True)
def test_two_daphnes_behind_haproxy_stream_to_tabs_on_both(daphnes, llm, tmp_path):
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.skip("scale-out needs the shared PostgreSQL and Redis")
    llm.default = reply(60, tokens_per_second=40)  # ~1.5 s: the streams overlap
    interviews = _interviews(INTERVIEWS)
    first, second = daphnes(2, redis_url=settings.REDIS_URL)
    proxy = HAProxy(tmp_path, [first.base, second.base]).start()
    try:
        results = asyncio.run(_run(proxy.base, interviews))
    finally:
        proxy.stop()

    served = [name for r in results for name in r["served_by"]]
    assert served.count("app1") == served.count("app2") == INTERVIEWS
    workers = [r["served_by"][0] for r in results]  # the answering tab's process streams
    assert workers.count("app1") == workers.count("app2") == INTERVIEWS // 2
    for result in results:
        answering, watching = result["served_by"]
        assert answering != watching  # the two tabs are on different processes
        turn = _stored(result["turn"])
        assert turn.evaluation_status == Turn.EvaluationStatus.DONE
        for text, done_feedback, gaps in (result["answering"], result["watching"]):
            assert gaps == 0
            assert done_feedback == turn.feedback
            assert turn.feedback.startswith(text.rstrip())  # 0 characters lost
            assert len(text) >= len(turn.feedback.split("**Score")[0].rstrip())
