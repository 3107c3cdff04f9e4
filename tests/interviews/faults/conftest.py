"""Fixtures for the fault tests: real processes (tests/processes.py), the local
OpenAI-compatible server streaming slowly, and one candidate's interview."""

import pytest
from django.db import connection

from tests.processes import daphnes, llm, session_cookie  # noqa: F401 - fixtures


@pytest.fixture
def interview(transactional_db, candidate, start_session):
    if connection.vendor != "postgresql":
        pytest.skip("the fault tests serve the app from PostgreSQL")
    session = start_session(candidate)
    return session, session.turns.get(), session_cookie(candidate)
