"""Redis (the channel layer and the cache) dies mid-stream and comes back empty: the
generation's result is still stored, the turn ends evaluated, and the sockets get the
stored text: the open one from the relay's retry or a `sync`, a reconnecting one from
its `state`."""

import json
import time

from interviews.models import Turn
from tests.processes import ANSWER, RedisServer, next_frame, open_socket, reply

_Status = Turn.EvaluationStatus


def _settled(turn: Turn, *, timeout: float = 60.0) -> Turn:
    """The turn once its generation has ended (done or failed), polled from the database."""
    deadline = time.monotonic() + timeout
    while True:
        turn.refresh_from_db()
        if turn.evaluation_status not in (_Status.PENDING, _Status.STREAMING):
            return turn
        assert time.monotonic() < deadline, f"turn {turn.pk} still {turn.evaluation_status}"
        time.sleep(0.1)


def _final_text(ws) -> str:
    """What the open socket ends with: the `done` frame if a relay retry delivered it, or
    the `state` the server sends when its relay heartbeat is back (interviews/
    relay_health.py); a delta whose offset shows a gap makes the socket ask for the state
    itself, as the browser does."""
    have = 0
    asked = False
    while True:
        frame = next_frame(ws, timeout=30)
        if frame["type"] == "done":
            return frame["feedback"]
        if frame["type"] == "delta":
            if frame["offset"] > have and not asked:
                ws.send(json.dumps({"type": "sync"}))
                asked = True
            have = max(have, frame["offset"] + len(frame["text"]))
        if frame["type"] == "state" and frame["turn_status"] not in ("pending", "streaming"):
            return frame["html"]


def test_redis_killed_mid_stream_loses_no_feedback(interview, llm, daphnes, tmp_path):
    session, turn, cookie = interview
    answer_reply = reply(160, tokens_per_second=25)  # ~6 s of streaming
    llm.enqueue(answer_reply)
    feedback = answer_reply.text.split("<evaluation>")[0].strip()
    redis = RedisServer(tmp_path).start()
    try:
        (daphne,) = daphnes(redis_url=redis.url)
        with open_socket(daphne.base, session.pk, cookie) as ws:
            assert next_frame(ws)["type"] == "state"
            ws.send(json.dumps({"type": "answer", "turn": turn.pk, "text": ANSWER}))
            streamed = ""
            while len(streamed) < 40:
                frame = next_frame(ws)
                if frame["type"] == "delta":
                    streamed += frame["text"]

            redis.kill()
            # With no channel layer and no cache the generation still ends and is stored.
            turn = _settled(turn)
            assert turn.evaluation_status == _Status.DONE, daphne.log()
            assert turn.feedback.startswith(feedback)
            redis.start()  # empty: no leases, no heartbeats, no subscriptions kept

            assert feedback.split()[-3] in _final_text(ws), daphne.log()

        with open_socket(daphne.base, session.pk, cookie) as ws:
            state = next_frame(ws)
        assert state["type"] == "state"
        assert f"point{len(feedback.split()) - 3}" in state["html"]
        # The interview went on: the next question was asked despite the outage.
        assert session.turns.count() == 2, daphne.log()
        assert state["turn"] != turn.pk and state["turn_status"] == _Status.AWAITING_ANSWER
    finally:
        redis.kill()
