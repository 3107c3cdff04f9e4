"""Fixtures for the fault tests: real processes (tests/processes.py), the local
OpenAI-compatible server streaming slowly, and one candidate's interview."""

import json

import pytest
from django.db import connection

from tests.fakes.openai_server import FakeOpenAIServer, Reply
from tests.processes import Daphne, session_cookie, start_all, wait_database_sessions_closed

# A real answer (a junk one is graded by the rubric without calling the model).
ANSWER = (
    "A decorator takes a function and returns a new function that wraps the original to "
    "add behaviour; the @ syntax reassigns the name, and functools.wraps keeps metadata."
)


def reply(words: int, **pace) -> Reply:
    """Feedback of `words` tokens, then the evaluation block the LLM grader expects."""
    feedback = " ".join(f"point{i}" for i in range(words - 1)) + " **done.**\n\n"
    verdicts = {
        "score": 80,
        "key_points": [
            {"id": 1, "verdict": "covered", "evidence": "takes a function and returns a new"},
            {"id": 2, "verdict": "covered", "evidence": "wraps the original to add behaviour"},
            {"id": 3, "verdict": "covered", "evidence": "the @ syntax reassigns the name"},
            {"id": 4, "verdict": "covered", "evidence": "functools.wraps keeps metadata"},
        ],
        "strengths": ["Complete"],
        "improvements": ["An example"],
        "flag": "",
        "reason": "",
    }
    return Reply(feedback + f"<evaluation>\n{json.dumps(verdicts)}\n</evaluation>", **pace)


@pytest.fixture
def llm():
    with FakeOpenAIServer() as server:
        yield server


@pytest.fixture
def interview(transactional_db, candidate, start_session):
    if connection.vendor != "postgresql":
        pytest.skip("the fault tests serve the app from PostgreSQL")
    session = start_session(candidate)
    return session, session.turns.get(), session_cookie(candidate)


@pytest.fixture
def daphnes(tmp_path, llm):
    """Starts Daphne processes side by side on the test database, with the LLM pointed
    at `llm`: `daphnes(2, redis_url=...)` returns them once all serve."""
    started: list[Daphne] = []

    def start(count: int = 1, *, redis_url: str, **env: str) -> list[Daphne]:
        batch = [
            Daphne(
                tmp_path,
                redis_url=redis_url,
                INTERVIEWER_PROVIDER="openai",
                OPENAI_BASE_URL=llm.url,
                OPENAI_API_KEY="test-key",
                OPENAI_MODEL="fake-model",
                OPENAI_MAX_RETRIES="0",
                **env,
            )
            for _ in range(count)
        ]
        started.extend(batch)
        return start_all(batch)

    yield start
    for daphne in started:
        daphne.kill()  # what the test needed from them is done
    wait_database_sessions_closed()
