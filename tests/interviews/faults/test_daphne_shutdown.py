"""A deploy stops Daphne with SIGTERM while feedback streams: the turn is left failed
and retryable (interviews/services/turns/shutdown.py), never `streaming`, and Retry
works at once on the server that takes over (the restarted process, or another one behind
the load balancer)."""

import json
import signal
import time

from django.conf import settings

from interviews.models import Turn
from interviews.services.turns.limits import lease_get
from tests.processes import ANSWER, frames_until, next_frame, open_socket, reply

_Status = Turn.EvaluationStatus


def test_sigterm_mid_stream_leaves_the_turn_failed_and_retryable(interview, llm, daphnes):
    session, turn, cookie = interview
    llm.enqueue(reply(300, tokens_per_second=20))  # ~15 s: still streaming at the SIGTERM
    llm.default = reply(40, tokens_per_second=400)  # the retry, quickly
    redis_url = settings.REDIS_URL or "redis://127.0.0.1:6379/0"
    first, second = daphnes(2, redis_url=redis_url)

    with open_socket(first.base, session.pk, cookie) as ws:
        assert next_frame(ws)["type"] == "state"
        ws.send(json.dumps({"type": "answer", "turn": turn.pk, "text": ANSWER}))
        streamed = ""
        while len(streamed) < 40:
            frame = next_frame(ws)
            if frame["type"] == "delta":
                streamed += frame["text"]
        first.signal(signal.SIGTERM)
        assert first.wait(timeout=30) == 0, first.log()

    turn.refresh_from_db()
    assert turn.evaluation_status == _Status.FAILED, first.log()
    assert turn.error == "interrupted"
    assert turn.feedback.startswith(streamed)  # the partial text is kept
    assert lease_get(session.pk) is None  # no lease left to say "busy"

    with open_socket(second.base, session.pk, cookie) as ws:
        state = next_frame(ws)
        assert (state["turn"], state["turn_status"]) == (turn.pk, _Status.FAILED)
        ws.send(json.dumps({"type": "retry", "turn": turn.pk}))
        done = frames_until(ws, "done")[-1]
    assert done["turn"] == turn.pk
    # `done` goes out before the store (streaming._finish): the row follows a moment later.
    for _ in range(100):
        turn.refresh_from_db()
        if turn.evaluation_status == _Status.DONE:
            break
        time.sleep(0.1)
    assert turn.evaluation_status == _Status.DONE
    assert turn.attempts == 2
