"""Sync database work from async code (consumers, the streaming worker, retrieval).

    row = await run_sync(service)(*args, **kwargs)

The one way this project leaves the event loop for the ORM.
"""

import functools
import threading
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import connections

P = ParamSpec("P")
T = TypeVar("T")


_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()
_WORKERS_WITHOUT_POOL = 8


def _database_executor() -> ThreadPoolExecutor:
    """The threads of `run_sync`, as many as the PostgreSQL pool has connections: the
    work is mostly waiting on the database and Redis, and a burst of answers should
    wait there side by side (the event loop's default executor has cores + 4 threads,
    and asgiref's thread-sensitive mode one)."""
    global _executor
    with _executor_lock:
        if _executor is None:
            pool = settings.DATABASES["default"].get("OPTIONS", {}).get("pool")
            workers = int(pool["max_size"]) if isinstance(pool, dict) else _WORKERS_WITHOUT_POOL
            _executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="run_sync")
        return _executor


def run_sync(func: Callable[P, T]) -> Callable[P, Awaitable[T]]:
    """Runs `func` in this module's thread pool and hands its connection back at the end.

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

    return sync_to_async(call, thread_sensitive=False, executor=_database_executor())
