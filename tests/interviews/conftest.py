"""Fixtures for the live interview, history and progress tests."""

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from channels.layers import channel_layers
from channels.testing import WebsocketCommunicator
from django.test import Client

from interview_bot.asgi import application
from interviews.engine.types import (
    EngineError,
    Evaluation,
    FeedbackDelta,
    FeedbackDone,
    KeyPointResult,
    KeyPointStatus,
)
from interviews.models import InterviewSession
from interviews.services.sessions import session_start
from interviews.services.turns import streaming as turn_streaming
from tests.factories import QuestionFactory, TopicFactory, TrackFactory

ORIGIN = (b"origin", b"http://127.0.0.1")


@pytest.fixture(autouse=True)
def _fresh_channel_layer():
    # Each async test runs on a new event loop; a layer built on an old one holds locks
    # bound to it, so every test gets its own layer instance.
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


@pytest.fixture
def bank(db):
    """A track with two topics and six published English junior questions."""
    track = TrackFactory(slug="python", name="Python", name_ko="파이썬")
    topics = [TopicFactory(track=track, slug=f"t{i}", name=f"Topic {i}") for i in range(2)]
    questions = [
        QuestionFactory(track=track, topic=topics[i % 2], text=f"Explain decorators, part {i}?")
        for i in range(6)
    ]
    return {"track": track, "topics": topics, "questions": questions}


@pytest.fixture
def start_session(bank) -> Callable[..., InterviewSession]:
    def start(user, **kwargs) -> InterviewSession:
        options: dict[str, Any] = {
            "level": "junior",
            "language": "en",
            "length": 3,
            "mode": "practice",
        }
        options.update(kwargs)
        return session_start(user=user, track=bank["track"], **options)

    return start


def session_cookie(user) -> bytes:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


@pytest.fixture
def cookie_of() -> Callable[..., bytes]:
    return session_cookie


def communicator(session_id: int, cookie: bytes | None, origin=ORIGIN) -> WebsocketCommunicator:
    headers = [(b"host", b"127.0.0.1"), origin] if origin else [(b"host", b"127.0.0.1")]
    if cookie:
        headers.append((b"cookie", cookie))
    return WebsocketCommunicator(application, f"/ws/interviews/{session_id}/", headers=headers)


async def receive_until(comm: WebsocketCommunicator, kind: str, wait: float = 10) -> list[dict]:
    """All frames up to and including the first of type `kind`."""
    frames = []
    while True:
        frame = await comm.receive_json_from(timeout=wait)
        frames.append(frame)
        if frame["type"] == kind:
            return frames


async def drain_tasks() -> None:
    """Waits for feedback tasks that outlive their sockets (before the DB is flushed)."""
    while tasks := turn_streaming.running_feedback_tasks():
        await asyncio.gather(*tasks, return_exceptions=True)


def evaluation(text: str, score: int = 72) -> Evaluation:
    return Evaluation(
        score=score,
        key_points=(
            KeyPointResult("takes a function and returns a new function", KeyPointStatus.COVERED),
            KeyPointResult("functools.wraps keeps metadata", KeyPointStatus.MISSED),
        ),
        strengths=("Clear",),
        improvements=("Mention functools.wraps",),
        model_answer="A decorator wraps a function.",
        feedback=text,
        provider="fake",
        graded_offline=False,
    )


def fake_stream(
    chunks: list[str],
    *,
    delay: float = 0.0,
    fail_after: int | None = None,
    timed_out: bool = False,
    score: int = 72,
    gate: asyncio.Event | None = None,
):
    """A stand-in for engine.astream_evaluation: fixed chunks, optional pause or failure."""

    async def astream_evaluation(
        *, question, answer, persona=None, language, references=(), offline=False
    ) -> AsyncIterator:
        sent = ""
        for index, chunk in enumerate(chunks):
            if fail_after is not None and index == fail_after:
                raise EngineError("provider went away", partial=sent, timed_out=timed_out)
            if gate is not None and index == 1:
                await gate.wait()
            if delay:
                await asyncio.sleep(delay)
            sent += chunk
            yield FeedbackDelta(chunk)
        yield FeedbackDone(evaluation(sent, score=score))

    return astream_evaluation
