"""Fixtures for the tests that start real servers (tests/processes.py)."""

from tests.processes import daphnes, llm  # noqa: F401 - fixtures
