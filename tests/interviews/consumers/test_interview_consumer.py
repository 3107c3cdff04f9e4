"""The live interview socket, driven through the real ASGI application (Redis layer)."""

import asyncio
import json

import pytest
from channels.db import database_sync_to_async

from interviews import engine, frames
from interviews.models import InterviewSession, Turn
from tests.interviews.conftest import (
    communicator,
    drain_tasks,
    fake_stream,
    receive_until,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]

S = Turn.EvaluationStatus


@database_sync_to_async
def _turns(session_id: int) -> list[Turn]:
    return list(Turn.objects.filter(session_id=session_id).order_by("order"))


@database_sync_to_async
def _session(session_id: int) -> InterviewSession:
    return InterviewSession.objects.get(pk=session_id)


async def _start_and_open(user, start_session, cookie_of):
    """A new interview for `user` and a socket open on it: (session, socket, state)."""
    session = await database_sync_to_async(start_session)(user)
    cookie = await database_sync_to_async(cookie_of)(user)
    comm, state = await _open(session, cookie)
    return session, comm, state


async def _open(session, cookie):
    comm = communicator(session.pk, cookie)
    connected, _code = await comm.connect()
    assert connected
    state = await comm.receive_json_from(timeout=5)
    assert state["type"] == "state"
    return comm, state


# --- The whole sequence ------------------------------------------------------------------


async def test_answer_streams_feedback_then_the_next_question(candidate, start_session, cookie_of):
    session = await database_sync_to_async(start_session)(candidate)
    cookie = await database_sync_to_async(cookie_of)(candidate)
    comm, state = await _open(session, cookie)
    first = (await _turns(session.pk))[0]
    assert state["status"] == "active"
    assert state["turn"] == first.pk
    assert state["turn_status"] == S.AWAITING_ANSWER
    assert state["streaming"] is None
    assert f'id="turn-{first.pk}"' in state["html"]

    answer = "A decorator takes a function and returns a new function that wraps it."
    await comm.send_json_to({"type": "answer", "turn": first.pk, "text": answer})
    received = await receive_until(comm, "done")
    # The saved answer (shown in every tab) is rendered while the model works, so with
    # the instant offline interviewer it may come after the first deltas.
    saved = [f for f in received if f["type"] == "turn"]
    assert len(saved) == 1
    assert saved[0]["status"] in (S.PENDING, S.STREAMING)
    assert answer in saved[0]["html"]
    assert {f["type"] for f in received[:-1]} == {"turn", "delta"}
    deltas = [f for f in received if f["type"] == "delta"]
    streamed = "".join(d["text"] for d in deltas)
    assert [d["offset"] for d in deltas] == [
        sum(len(d["text"]) for d in deltas[:i]) for i in range(len(deltas))
    ]
    done = received[-1]
    assert done["feedback"] == streamed
    assert 'class="bubble interviewer feedback evaluation-card"' in done["html"]
    assert "<details" in done["html"]

    following = await comm.receive_json_from(timeout=10)
    assert following["type"] == "turn"
    assert following["status"] == S.AWAITING_ANSWER
    await drain_tasks()
    await comm.disconnect()

    turns = await _turns(session.pk)
    assert turns[0].evaluation_status == S.DONE
    assert turns[0].feedback == streamed
    assert turns[0].score == done["score"]
    assert turns[0].key_point_results
    assert turns[0].attempts == 1
    assert turns[0].provider
    assert turns[1].pk == following["turn"]
    assert (await _session(session.pk)).questions_answered == 1


async def test_two_tabs_both_receive_the_stream(candidate, start_session, cookie_of, monkeypatch):
    monkeypatch.setattr(engine, "astream_evaluation", fake_stream(["One ", "two ", "three."]))
    session = await database_sync_to_async(start_session)(candidate)
    cookie = await database_sync_to_async(cookie_of)(candidate)
    tab1, state = await _open(session, cookie)
    tab2, _state = await _open(session, cookie)
    await tab1.send_json_to({"type": "answer", "turn": state["turn"], "text": "My answer"})
    for tab in (tab1, tab2):
        frames_seen = await receive_until(tab, "done")
        text = "".join(f["text"] for f in frames_seen if f["type"] == "delta")
        assert text == "One two three."
        assert frames_seen[-1]["feedback"] == "One two three."
    await drain_tasks()
    await tab1.disconnect()
    await tab2.disconnect()


async def test_relaying_a_stream_takes_no_thread_hop_per_frame(
    candidate, start_session, cookie_of, monkeypatch
):
    import channels.consumer

    sweeps = []

    async def sweep() -> None:
        sweeps.append(1)

    monkeypatch.setattr(channels.consumer, "aclose_old_connections", sweep)
    monkeypatch.setattr(engine, "astream_evaluation", fake_stream(["a ", "b ", "c."], delay=0.05))
    session = await database_sync_to_async(start_session)(candidate)
    cookie = await database_sync_to_async(cookie_of)(candidate)
    tab, state = await _open(session, cookie)
    await tab.send_json_to({"type": "answer", "turn": state["turn"], "text": "My answer"})
    seen = await receive_until(tab, "done")
    assert "".join(f["text"] for f in seen if f["type"] == "delta") == "a b c."
    assert sweeps == []
    await drain_tasks()
    await tab.disconnect()


async def test_closing_the_tab_mid_stream_still_stores_the_feedback(
    candidate, start_session, cookie_of, monkeypatch
):
    chunks = [f"part {i} " for i in range(10)]
    monkeypatch.setattr(engine, "astream_evaluation", fake_stream(chunks, delay=0.05))
    session = await database_sync_to_async(start_session)(candidate)
    cookie = await database_sync_to_async(cookie_of)(candidate)
    comm, state = await _open(session, cookie)
    await comm.send_json_to({"type": "answer", "turn": state["turn"], "text": "An answer"})
    await receive_until(comm, "delta")
    await comm.disconnect()  # the candidate closes the tab

    await drain_tasks()
    turn = (await _turns(session.pk))[0]
    assert turn.evaluation_status == S.DONE
    assert turn.feedback == "".join(chunks)
    assert turn.score == 72
    # The interview moved on without anyone watching.
    assert len(await _turns(session.pk)) == 2


async def test_reconnecting_tab_resyncs_without_losing_or_doubling_text(
    candidate, start_session, cookie_of, monkeypatch
):
    gate = asyncio.Event()
    chunks = ["Alpha ", "beta ", "gamma ", "delta."]
    monkeypatch.setattr(engine, "astream_evaluation", fake_stream(chunks, gate=gate))
    session = await database_sync_to_async(start_session)(candidate)
    cookie = await database_sync_to_async(cookie_of)(candidate)
    comm, state = await _open(session, cookie)
    turn_id = state["turn"]
    await comm.send_json_to({"type": "answer", "turn": turn_id, "text": "An answer"})
    first = await receive_until(comm, "delta")
    assert first[-1]["text"] == "Alpha "
    await comm.disconnect()

    # A new socket while the stream is paused after the first chunk.
    again, state = await _open(session, cookie)
    assert state["turn"] == turn_id
    assert state["turn_status"] == S.STREAMING
    assert state["streaming"] == {"turn": turn_id, "text": ""}
    assert state["stalled"] is False
    snapshot = await again.receive_json_from(timeout=5)
    assert snapshot == {"type": "delta", "turn": turn_id, "offset": 0, "text": "Alpha "}
    gate.set()
    rest = await receive_until(again, "done")

    # Apply the deltas as the browser does (offsets drop what it already has).
    text = snapshot["text"]
    for frame in rest:
        if frame["type"] == "delta" and frame["offset"] <= len(text):
            text += frame["text"][len(text) - frame["offset"] :]
    assert text == "".join(chunks)
    assert rest[-1]["feedback"] == text
    await drain_tasks()
    await again.disconnect()


async def test_a_provider_that_hangs_midway_is_reported_as_a_timeout(
    candidate, start_session, cookie_of, monkeypatch
):
    monkeypatch.setattr(
        engine,
        "astream_evaluation",
        fake_stream(["Good start, ", "but "], fail_after=1, timed_out=True),
    )
    session = await database_sync_to_async(start_session)(candidate)
    cookie = await database_sync_to_async(cookie_of)(candidate)
    comm, state = await _open(session, cookie)
    await comm.send_json_to({"type": "answer", "turn": state["turn"], "text": "An answer"})

    error = (await receive_until(comm, "error"))[-1]

    assert (error["code"], error["retry"]) == (frames.TIMEOUT, True)
    await drain_tasks()
    await comm.disconnect()


async def test_failure_midway_keeps_partial_text_and_retry_succeeds(
    candidate, start_session, cookie_of, monkeypatch
):
    monkeypatch.setattr(
        engine, "astream_evaluation", fake_stream(["Good start, ", "but "], fail_after=1)
    )
    session = await database_sync_to_async(start_session)(candidate)
    cookie = await database_sync_to_async(cookie_of)(candidate)
    comm, state = await _open(session, cookie)
    turn_id = state["turn"]
    await comm.send_json_to({"type": "answer", "turn": turn_id, "text": "An answer"})
    received = await receive_until(comm, "error")
    error = received[-1]
    assert error["code"] == frames.GENERATION_FAILED
    assert error["retry"] is True
    assert error["turn"] == turn_id
    assert error["message"] == str(frames.ERROR_MESSAGES[frames.GENERATION_FAILED])
    failed_turn_frame = received[-2]
    assert failed_turn_frame["type"] == "turn"
    assert failed_turn_frame["status"] == S.FAILED
    assert 'data-action="retry"' in failed_turn_frame["html"]
    await drain_tasks()
    turn = (await _turns(session.pk))[0]
    assert turn.evaluation_status == S.FAILED
    assert turn.feedback == "Good start, "
    assert turn.answer == "An answer"
    assert turn.error

    monkeypatch.setattr(engine, "astream_evaluation", fake_stream(["Now ", "complete."]))
    await comm.send_json_to({"type": "retry", "turn": turn_id})
    received = await receive_until(comm, "done")
    retried = [f for f in received if f["type"] == "turn"]
    assert [f["status"] for f in retried] in ([S.PENDING], [S.STREAMING])
    assert received[-1]["feedback"] == "Now complete."
    await drain_tasks()
    turn = (await _turns(session.pk))[0]
    assert turn.evaluation_status == S.DONE
    assert turn.feedback == "Now complete."
    assert turn.attempts == 2
    assert turn.error == ""
    await comm.disconnect()


async def test_skip_hint_and_end_show_the_summary(candidate, start_session, cookie_of):
    session = await database_sync_to_async(start_session)(candidate)
    cookie = await database_sync_to_async(cookie_of)(candidate)
    comm, state = await _open(session, cookie)
    first = state["turn"]
    await comm.send_json_to({"type": "hint", "turn": first})
    hint = await comm.receive_json_from(timeout=5)
    assert hint["type"] == "turn"
    assert "Hint" in hint["html"]
    await comm.send_json_to({"type": "answer", "turn": first, "text": "It wraps a function."})
    await receive_until(comm, "done")
    after = await comm.receive_json_from(timeout=10)
    await comm.send_json_to({"type": "skip", "turn": after["turn"]})
    skipped = await comm.receive_json_from(timeout=5)
    assert skipped["status"] == S.SKIPPED
    await comm.receive_json_from(timeout=10)  # the next question
    await comm.send_json_to({"type": "end"})
    state = await receive_until(comm, "state")
    assert state[-1]["status"] == "completed"
    assert 'id="summary"' in state[-1]["html"]
    await drain_tasks()
    await comm.disconnect()
    ended = await _session(session.pk)
    assert ended.status == InterviewSession.Status.COMPLETED
    assert ended.overall_score is not None
    assert ended.summary


async def test_time_up_sends_an_empty_answer_that_is_graded_as_no_answer(
    candidate, start_session, cookie_of
):
    # The real offline interviewer grades: an empty answer is "no answer", score 0.
    session = await database_sync_to_async(start_session)(
        candidate, mode="mock", seconds_per_question=120
    )
    cookie = await database_sync_to_async(cookie_of)(candidate)
    comm, state = await _open(session, cookie)
    assert 'data-seconds-left="' in state["html"]
    await comm.send_json_to({"type": "time_up", "turn": state["turn"], "text": ""})
    received = await receive_until(comm, "done")
    assert received[-1]["score"] == 0
    assert "Time ran out" in received[-1]["html"]
    await drain_tasks()
    await comm.disconnect()
    turn = (await _turns(session.pk))[0]
    assert (turn.answer, turn.timed_out, turn.answer_flag) == ("", True, "empty")
    assert turn.evaluation_status == S.DONE


async def test_time_up_in_an_untimed_interview_is_refused(candidate, start_session, cookie_of):
    session, comm, state = await _start_and_open(candidate, start_session, cookie_of)
    await comm.send_json_to({"type": "time_up", "turn": state["turn"], "text": ""})
    error = await comm.receive_json_from(timeout=5)
    assert (error["type"], error["code"]) == ("error", frames.UNTIMED)
    assert error["message"] == str(frames.ERROR_MESSAGES[frames.UNTIMED])
    await comm.disconnect()
    turn = (await _turns(session.pk))[0]
    assert (turn.answer, turn.evaluation_status) == ("", S.AWAITING_ANSWER)


# --- Refusals ------------------------------------------------------------------------------


async def test_anonymous_socket_is_closed(candidate, start_session):
    session = await database_sync_to_async(start_session)(candidate)
    comm = communicator(session.pk, None)
    connected, _code = await comm.connect()
    assert not connected


async def test_other_candidates_socket_is_closed(
    candidate, other_candidate, start_session, cookie_of
):
    session = await database_sync_to_async(start_session)(candidate)
    cookie = await database_sync_to_async(cookie_of)(other_candidate)
    comm = communicator(session.pk, cookie)
    connected, _code = await comm.connect()
    assert not connected


@pytest.mark.parametrize(
    "origin",
    [
        b"http://evil.example",
        b"http://127.0.0.1:9999",  # the right host on another port
        b"https://127.0.0.1",  # or another scheme
        b"null",
        None,
    ],
)
async def test_cross_origin_socket_is_closed(candidate, start_session, cookie_of, origin):
    session = await database_sync_to_async(start_session)(candidate)
    cookie = await database_sync_to_async(cookie_of)(candidate)
    comm = communicator(session.pk, cookie, origin=(b"origin", origin) if origin else None)
    connected, _code = await comm.connect()
    assert not connected


async def test_a_trusted_origin_may_open_the_socket(candidate, start_session, cookie_of, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://interview.example"]
    session = await database_sync_to_async(start_session)(candidate)
    cookie = await database_sync_to_async(cookie_of)(candidate)
    comm = communicator(session.pk, cookie, origin=(b"origin", b"https://interview.example"))
    connected, _code = await comm.connect()
    assert connected
    await comm.disconnect()


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("not json", frames.INVALID),
        ("[1, 2]", frames.INVALID),
        (json.dumps({"type": "launch"}), frames.INVALID),
        (json.dumps({"type": "answer", "turn": "1", "text": "x"}), frames.INVALID),
        (json.dumps({"type": "answer", "text": "x"}), frames.INVALID),
        (json.dumps({"type": "end", "extra": 1}), frames.INVALID),
        (json.dumps({"type": "answer", "turn": 1, "text": "   "}), frames.EMPTY_ANSWER),
        (json.dumps({"type": "answer", "turn": 1, "text": "x" * 4001}), frames.ANSWER_TOO_LONG),
        (json.dumps({"type": "answer", "turn": 1, "text": "가" * 6000}), frames.TOO_LARGE),
    ],
)
async def test_bad_frames_get_an_error_and_change_nothing(
    candidate, start_session, cookie_of, raw, code
):
    session = await database_sync_to_async(start_session)(candidate)
    cookie = await database_sync_to_async(cookie_of)(candidate)
    comm, _state = await _open(session, cookie)
    before = [(t.pk, t.evaluation_status, t.answer) for t in await _turns(session.pk)]
    await comm.send_to(text_data=raw)
    error = await comm.receive_json_from(timeout=5)
    assert error["type"] == "error"
    assert error["code"] == code
    assert await comm.receive_nothing(timeout=0.2)
    after = [(t.pk, t.evaluation_status, t.answer) for t in await _turns(session.pk)]
    assert before == after
    await comm.disconnect()


async def test_answer_to_a_finished_interview_is_refused(candidate, start_session, cookie_of):
    session = await database_sync_to_async(start_session)(candidate)
    cookie = await database_sync_to_async(cookie_of)(candidate)
    comm, state = await _open(session, cookie)
    await database_sync_to_async(InterviewSession.objects.filter(pk=session.pk).update)(
        status=InterviewSession.Status.COMPLETED
    )
    await comm.send_json_to({"type": "answer", "turn": state["turn"], "text": "Too late"})
    error = await comm.receive_json_from(timeout=5)
    assert error["code"] == frames.FINISHED
    resync = await comm.receive_json_from(timeout=5)
    assert resync["type"] == "state"
    assert resync["status"] == "completed"
    turn = (await _turns(session.pk))[0]
    assert turn.answer == ""
    assert turn.evaluation_status == S.AWAITING_ANSWER
    await comm.disconnect()


async def test_a_second_generation_is_refused_while_one_runs(
    candidate, start_session, cookie_of, monkeypatch
):
    gate = asyncio.Event()
    monkeypatch.setattr(engine, "astream_evaluation", fake_stream(["a ", "b"], gate=gate))
    session = await database_sync_to_async(start_session)(candidate)
    cookie = await database_sync_to_async(cookie_of)(candidate)
    tab1, state = await _open(session, cookie)
    tab2, _ = await _open(session, cookie)
    turn_id = state["turn"]
    await tab1.send_json_to({"type": "answer", "turn": turn_id, "text": "First"})
    await receive_until(tab1, "delta")
    # Another tab answers the same turn, asks for a retry, and tries to end meanwhile.
    await tab2.send_json_to({"type": "answer", "turn": turn_id, "text": "Second"})
    refused = await receive_until(tab2, "error")
    assert refused[-1]["code"] == frames.BUSY
    await tab2.send_json_to({"type": "retry", "turn": turn_id})
    assert (await receive_until(tab2, "error"))[-1]["code"] == frames.BUSY
    await tab2.send_json_to({"type": "end"})
    assert (await receive_until(tab2, "error"))[-1]["code"] == frames.BUSY
    gate.set()
    await receive_until(tab1, "done")
    await drain_tasks()
    turn = (await _turns(session.pk))[0]
    assert turn.answer == "First"
    assert turn.attempts == 1
    await tab1.disconnect()
    await tab2.disconnect()


async def test_too_many_actions_get_a_polite_refusal(candidate, start_session, cookie_of, settings):
    settings.INTERVIEW_ACTIONS_PER_MINUTE = 2
    session = await database_sync_to_async(start_session)(candidate)
    cookie = await database_sync_to_async(cookie_of)(candidate)
    comm, state = await _open(session, cookie)
    for _ in range(2):
        await comm.send_json_to({"type": "hint", "turn": state["turn"]})
        assert (await comm.receive_json_from(timeout=5))["type"] == "turn"
    await comm.send_json_to({"type": "answer", "turn": state["turn"], "text": "An answer"})
    error = await comm.receive_json_from(timeout=5)
    assert error["code"] == frames.RATE_LIMITED
    assert error["message"] == str(frames.ERROR_MESSAGES[frames.RATE_LIMITED])
    turn = (await _turns(session.pk))[0]
    assert turn.answer == ""
    await comm.disconnect()


async def test_hint_is_refused_in_mock_mode(candidate, start_session, cookie_of):
    session = await database_sync_to_async(start_session)(candidate, mode="mock")
    cookie = await database_sync_to_async(cookie_of)(candidate)
    comm, state = await _open(session, cookie)
    await comm.send_json_to({"type": "hint", "turn": state["turn"]})
    error = await comm.receive_json_from(timeout=5)
    assert error["code"] == frames.NO_HINT
    await comm.disconnect()


async def test_a_korean_socket_gets_its_refusals_in_korean(start_session, cookie_of):
    from tests.factories import UserFactory

    korean = await database_sync_to_async(UserFactory)(preferred_language="ko")
    session = await database_sync_to_async(start_session)(korean, mode="mock")
    cookie = await database_sync_to_async(cookie_of)(korean)
    comm, state = await _open(session, cookie)

    await comm.send_json_to({"type": "hint", "turn": state["turn"]})
    refused = await comm.receive_json_from(timeout=5)
    await comm.send_json_to({"type": "nonsense"})
    invalid = await comm.receive_json_from(timeout=5)

    assert refused["message"] == "힌트는 연습 모드에서만 볼 수 있습니다."
    assert invalid["code"] == frames.INVALID
    assert "nothing was changed" not in invalid["message"]
    await comm.disconnect()


# --- "Why?" about a verdict --------------------------------------------------------------


async def test_why_streams_the_explanation_stores_it_and_never_asks_twice(
    candidate, start_session, cookie_of, monkeypatch
):
    session, comm, state = await _start_and_open(candidate, start_session, cookie_of)
    first = state["turn"]
    await comm.send_json_to(
        {"type": "answer", "turn": first, "text": "A decorator wraps a function in another one."}
    )
    await receive_until(comm, "done")
    await comm.receive_json_from(timeout=10)  # the next question

    await comm.send_json_to({"type": "why", "turn": first, "point": 0})
    received = await receive_until(comm, "turn")
    streamed = "".join(f["text"] for f in received if f["type"] == "why")
    assert streamed.strip()
    assert {f["point"] for f in received if f["type"] == "why"} == {0}
    stored = (await _turns(session.pk))[0].key_point_results[0]["explanation"]
    assert stored == streamed.strip()
    assert received[-1]["turn"] == first and f'id="why-{first}-0"' in received[-1]["html"]

    calls = []

    async def counting(**kwargs):
        calls.append(kwargs)
        yield engine.types.FeedbackDelta("new text")

    monkeypatch.setattr(engine, "astream_explanation", counting)
    await comm.send_json_to({"type": "why", "turn": first, "point": 0})
    again = await receive_until(comm, "why")
    assert again[-1]["text"] == stored and calls == []
    await drain_tasks()
    await comm.disconnect()


async def test_why_about_a_turn_not_evaluated_or_a_missing_verdict_is_refused(
    candidate, start_session, cookie_of
):
    _session, comm, state = await _start_and_open(candidate, start_session, cookie_of)

    await comm.send_json_to({"type": "why", "turn": state["turn"], "point": 0})
    refused = await comm.receive_json_from(timeout=5)
    refreshed = await comm.receive_json_from(timeout=5)
    await comm.send_json_to({"type": "why", "turn": state["turn"], "point": "0"})
    invalid = await comm.receive_json_from(timeout=5)

    assert (refused["type"], refused["code"]) == ("error", frames.WRONG_TURN)
    assert refreshed["type"] == "state"
    assert invalid["code"] == frames.INVALID
    await comm.disconnect()


async def test_why_about_another_candidates_turn_is_not_found(
    candidate, other_candidate, start_session, cookie_of
):
    mine = await database_sync_to_async(start_session)(candidate)
    theirs = await database_sync_to_async(start_session)(other_candidate)
    their_turn = (await _turns(theirs.pk))[0]
    cookie = await database_sync_to_async(cookie_of)(candidate)
    comm, _state = await _open(mine, cookie)

    await comm.send_json_to({"type": "why", "turn": their_turn.pk, "point": 0})
    refused = await comm.receive_json_from(timeout=5)

    assert refused["code"] == frames.NOT_FOUND
    await comm.disconnect()


# --- Hostile input -----------------------------------------------------------------------


async def test_nul_and_lone_surrogates_are_dropped_and_the_answer_is_kept(
    candidate, start_session, cookie_of
):
    session, comm, state = await _start_and_open(candidate, start_session, cookie_of)
    raw = '{"type": "answer", "turn": TURN, "text": "GIL\\u0000 is a lock \\ud800here"}'.replace(
        "TURN", str(state["turn"])
    )

    await comm.send_to(text_data=raw)
    await receive_until(comm, "done")
    await drain_tasks()
    await comm.disconnect()

    assert (await _turns(session.pk))[0].answer == "GIL is a lock \ufffdhere"


async def test_deeply_nested_json_is_an_invalid_frame_and_the_socket_stays_open(
    candidate, start_session, cookie_of
):
    session = await database_sync_to_async(start_session)(candidate)
    cookie = await database_sync_to_async(cookie_of)(candidate)
    comm, _state = await _open(session, cookie)

    await comm.send_to(text_data="[" * 5000 + "]" * 5000)
    error = await comm.receive_json_from(timeout=5)
    await comm.send_json_to({"type": "sync"})
    state = await comm.receive_json_from(timeout=5)

    assert error["code"] == frames.INVALID
    assert state["type"] == "state"
    await comm.disconnect()


async def test_a_flood_of_sync_frames_renders_the_transcript_twice_not_a_thousand_times(
    candidate, start_session, cookie_of, monkeypatch
):
    from interviews import consumers

    renders = []
    real = consumers.render_state

    def counted(**kwargs):
        renders.append(1)
        return real(**kwargs)

    monkeypatch.setattr(consumers, "render_state", counted)
    monkeypatch.setattr(consumers, "SYNC_INTERVAL", 0.5)
    session = await database_sync_to_async(start_session)(candidate)
    cookie = await database_sync_to_async(cookie_of)(candidate)
    comm, _state = await _open(session, cookie)
    renders.clear()

    for _ in range(1000):
        await comm.send_json_to({"type": "sync"})
    first = await comm.receive_json_from(timeout=5)
    last = await comm.receive_json_from(timeout=5)  # the deferred one, after the flood

    assert first["type"] == last["type"] == "state"
    assert await comm.receive_nothing(timeout=0.8)
    assert len(renders) == 2
    await comm.disconnect()


# --- Relay failures ----------------------------------------------------------------------


async def test_a_channel_layer_failure_mid_stream_loses_no_feedback(
    candidate, start_session, cookie_of, monkeypatch
):
    """Redis fails for every published delta and for the first try of `done`, with
    another process listening: this process's socket has every frame straight, and the
    stored turn and the retried `done` are whole."""
    from interviews.services.turns import fanout, streaming

    monkeypatch.setattr(engine, "astream_evaluation", fake_stream(["One ", "two ", "three."]))
    monkeypatch.setattr(streaming, "RELAY_RETRIES", (0.1,))

    async def another_process_listens(session_id, group):
        return True

    monkeypatch.setattr(fanout, "remote_listeners", another_process_listens)
    real_send = streaming._group_send
    failed, published = [], []

    async def flaky(session_id, message):
        kind = message["frames"][0]["type"] if "frames" in message else message["type"]
        if kind == "delta" or (kind == "done" and "done" not in failed):
            failed.append(kind)
            raise ConnectionError("Redis went away")
        published.append(kind)
        await real_send(session_id, message)

    monkeypatch.setattr(streaming, "_group_send", flaky)
    session, comm, state = await _start_and_open(candidate, start_session, cookie_of)
    await comm.send_json_to({"type": "answer", "turn": state["turn"], "text": "My answer"})

    received = await receive_until(comm, "done")
    await drain_tasks()
    await comm.disconnect()

    assert "done" in failed and "delta" in failed
    assert "".join(f["text"] for f in received if f["type"] == "delta") == "One two three."
    assert received[-1]["feedback"] == "One two three."
    assert "done" in published  # the retry published it for the other process
    turn = (await _turns(session.pk))[0]
    assert (turn.evaluation_status, turn.feedback) == (S.DONE, "One two three.")


# --- LLM budgets -------------------------------------------------------------------------


async def test_past_the_budget_the_answer_is_saved_and_the_refusal_says_when_it_resets(
    candidate, start_session, cookie_of, settings, openai_server
):
    from django.utils import formats, timezone

    from interviews.selectors.llm_usage import next_day_start
    from tests.factories import InterviewSessionFactory, TurnFactory

    @database_sync_to_async
    def spent_today():
        TurnFactory(
            session=InterviewSessionFactory(candidate=candidate, status="completed"),
            evaluation_status=S.DONE,
            evaluated_at=timezone.now(),
            prompt_tokens=50,
            completion_tokens=20,
            provider="openai:fake-model",
        )

    await spent_today()
    settings.LLM_DAILY_TOKENS_PER_USER = 70
    session, comm, state = await _start_and_open(candidate, start_session, cookie_of)
    await comm.send_json_to({"type": "answer", "turn": state["turn"], "text": "My answer"})
    error = await comm.receive_json_from(timeout=5)
    assert error["code"] == frames.OVER_DAILY_BUDGET
    resets = formats.date_format(timezone.localtime(next_day_start()), "SHORT_DATETIME_FORMAT")
    assert resets in error["message"] and "Your answer is saved" in error["message"]
    fresh = await comm.receive_json_from(timeout=5)
    assert fresh["type"] == "state" and fresh["turn_status"] == S.FAILED
    assert "Retry" in fresh["html"]
    turn = (await _turns(session.pk))[0]
    assert (turn.answer, turn.evaluation_status) == ("My answer", S.FAILED)
    assert openai_server.requests == []  # no model call
    await comm.disconnect()


# --- In-process fan-out, done before the store ---------------------------------------------


def _kinds(messages: list[dict]) -> list[str]:
    return [m["frames"][0]["type"] if "frames" in m else m["type"] for m in messages]


async def test_tabs_in_this_process_get_the_stream_without_the_channel_layer(
    candidate, start_session, cookie_of, monkeypatch
):
    """No other process has a socket of the interview: the deltas go straight to this
    process's two tabs and none is published; the final events are published once,
    and neither tab gets any frame twice."""
    from interviews.services.turns import streaming

    monkeypatch.setattr(
        engine, "astream_evaluation", fake_stream(["One ", "two ", "three."], delay=0.2)
    )
    real_send = streaming._group_send
    published: list[dict] = []

    async def recording(session_id, message):
        published.append(message)
        await real_send(session_id, message)

    monkeypatch.setattr(streaming, "_group_send", recording)
    session = await database_sync_to_async(start_session)(candidate)
    cookie = await database_sync_to_async(cookie_of)(candidate)
    tab1, state = await _open(session, cookie)
    tab2, _state = await _open(session, cookie)
    await tab1.send_json_to({"type": "answer", "turn": state["turn"], "text": "My answer"})

    for tab in (tab1, tab2):
        seen = await receive_until(tab, "done")
        assert "".join(f["text"] for f in seen if f["type"] == "delta") == "One two three."
        assert [f["type"] for f in seen].count("done") == 1
        following = await tab.receive_json_from(timeout=5)
        assert following["type"] == "turn" and following["turn"] != state["turn"]
        assert await tab.receive_nothing(timeout=0.5)  # the published copies were dropped
    await drain_tasks()
    await tab1.disconnect()
    await tab2.disconnect()

    assert "delta" not in _kinds(published)
    assert _kinds(published).count("done") == 1


async def test_a_socket_of_another_process_gets_every_delta(
    candidate, start_session, cookie_of, monkeypatch
):
    """Another process subscribed to the interview's group (here a plain Redis
    subscriber, as that process's layer would be): every delta is published for it, in
    order, naming the local tab that already has it, which gets no copy."""
    from channels.layers import get_channel_layer
    from django.conf import settings
    from redis.asyncio import Redis

    from interviews.services.sessions import session_group

    chunks = ["Alpha ", "beta ", "gamma."]
    monkeypatch.setattr(engine, "astream_evaluation", fake_stream(chunks, delay=0.2))
    session, tab, state = await _start_and_open(candidate, start_session, cookie_of)
    layer = get_channel_layer()
    redis = Redis.from_url(settings.REDIS_URL)
    other = redis.pubsub()
    await other.subscribe(layer._get_group_channel_name(session_group(session.pk)))
    try:
        await tab.send_json_to({"type": "answer", "turn": state["turn"], "text": "My answer"})
        seen = await receive_until(tab, "done")
        remote: list[dict] = []
        async with asyncio.timeout(10):
            while not remote or remote[-1]["frames"][0]["type"] != "done":
                message = await other.get_message(ignore_subscribe_messages=True, timeout=1)
                if message is not None:
                    remote.append(layer.deserialize(message["data"]))
    finally:
        await other.aclose()
        await redis.aclose()
    await drain_tasks()
    await tab.disconnect()

    assert "".join(f["text"] for f in seen if f["type"] == "delta") == "".join(chunks)
    deltas = [m["frames"][0] for m in remote if m["frames"][0]["type"] == "delta"]
    assert "".join(d["text"] for d in deltas) == "".join(chunks)
    assert [d["offset"] for d in deltas] == [
        sum(len(d["text"]) for d in deltas[:i]) for i in range(len(deltas))
    ]
    assert remote[-1]["frames"][0]["feedback"] == "".join(chunks)


async def test_done_is_sent_before_the_store_and_the_store_follows(
    candidate, start_session, cookie_of, monkeypatch
):
    import threading

    from interviews.services.turns import streaming

    monkeypatch.setattr(engine, "astream_evaluation", fake_stream(["One ", "two."]))
    release = threading.Event()
    real_store = streaming.turn_store_evaluation

    def held_store(**kwargs):
        release.wait(timeout=10)
        return real_store(**kwargs)

    monkeypatch.setattr(streaming, "turn_store_evaluation", held_store)
    session, comm, state = await _start_and_open(candidate, start_session, cookie_of)
    await comm.send_json_to({"type": "answer", "turn": state["turn"], "text": "My answer"})

    done = (await receive_until(comm, "done"))[-1]
    turn = (await _turns(session.pk))[0]
    assert (done["feedback"], done["score"]) == ("One two.", 72)
    assert f'id="turn-{turn.pk}"' in done["html"] and "72" in done["html"]
    assert (turn.evaluation_status, turn.feedback) == (S.STREAMING, "")  # not stored yet
    release.set()
    following = await comm.receive_json_from(timeout=5)
    await drain_tasks()
    await comm.disconnect()

    assert following["type"] == "turn" and following["turn"] != turn.pk
    turn = (await _turns(session.pk))[0]
    assert (turn.evaluation_status, turn.feedback, turn.score) == (S.DONE, "One two.", 72)


async def test_the_saved_answer_is_rendered_once_the_model_has_the_request(
    candidate, start_session, cookie_of, monkeypatch, openai_server
):
    from tests.fakes.openai_server import Reply

    openai_server.enqueue(Reply("Fine.\n\n<evaluation>{}</evaluation>", first_token_delay=0.3))
    requests_at_render: list[int] = []
    real_render = frames.render_turn_html

    def recording(turn, language):
        requests_at_render.append(len(openai_server.requests))
        return real_render(turn, language)

    monkeypatch.setattr(frames, "render_turn_html", recording)
    _session, comm, state = await _start_and_open(candidate, start_session, cookie_of)
    await comm.send_json_to({"type": "answer", "turn": state["turn"], "text": "A decorator wraps."})

    seen = await receive_until(comm, "done")
    await drain_tasks()
    await comm.disconnect()

    answered = next(f for f in seen if f["type"] == "turn")
    assert answered["turn"] == state["turn"]
    assert requests_at_render[0] == 1  # the model had the request before any rendering
