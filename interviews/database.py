"""Sync database work from async code (consumers, the streaming worker, retrieval).

    row = await run_sync(service)(*args, **kwargs)

The one way this project leaves the event loop for the ORM.
"""

import functools
from collections.abc import Awaitable, Callable
from typing import ParamSpec, TypeVar

from asgiref.sync import sync_to_async
from django.db import connections

P = ParamSpec("P")
T = TypeVar("T")


def run_sync(func: Callable[P, T]) -> Callable[P, Awaitable[T]]:
    """Runs `func` in the thread pool and hands its connection back at the end.

    Not thread-sensitive: engine calls made inside a service may wait on a model
    server, and must not hold up every other socket's database work. The connection
    is closed (returned to the pool) after every call, so a pool thread never keeps one,
    and nothing is left for Channels' per-message sweep to close.
    """

    @functools.wraps(func)
    def call(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return func(*args, **kwargs)
        finally:
            connections.close_all()

    return sync_to_async(call, thread_sensitive=False)
