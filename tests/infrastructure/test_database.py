"""run_sync: the one way async code reaches the ORM."""

import threading

import pytest
from django.db import connections

from accounts.models import User
from interviews.database import run_sync

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


async def test_runs_off_the_event_loop_and_hands_its_connection_back():
    seen = {}

    def count_users() -> int:
        seen["thread"] = threading.get_ident()
        seen["connection"] = connections["default"]  # this thread's wrapper, not the proxy
        return User.objects.count()

    assert await run_sync(count_users)() == 0
    assert seen["thread"] != threading.get_ident()
    assert seen["connection"].connection is None  # closed, back in the pool


async def test_an_error_still_hands_the_connection_back():
    seen = {}

    def fail() -> None:
        seen["connection"] = connections["default"]  # this thread's wrapper, not the proxy
        User.objects.exists()
        raise LookupError("boom")

    with pytest.raises(LookupError, match="boom"):
        await run_sync(fail)()
    assert seen["connection"].connection is None
