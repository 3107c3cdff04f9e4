"""The Redis cache with one connection pool per process.

Django builds a cache backend per thread and async context (asgiref's `Local`), and
Django's `RedisCache` gives each backend its own client and connection pool. Every
`run_sync` call runs in a fresh context on one of many threads, so each got a new pool
and opened a new connection: TCP connect, handshake, and redis-py reading its own
package metadata, ~9 ms before the first command (10 ms for the rate limit instead of
0.6 ms with a warm pool), on every answer, and the connections left to the garbage
collector. redis-py's pools are thread-safe: backends of one configuration share one.
"""

import re
import threading
from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.utils.functional import cached_property

_clients: dict[tuple[tuple[str, ...], str], RedisCacheClient] = {}
_clients_lock = threading.Lock()


class SharedRedisCache(RedisCache):
    """`RedisCache` whose client (and so its connection pool) is shared by every backend
    of the same servers and options in this process."""

    def __init__(self, server: str | list[str], params: dict[str, Any]) -> None:
        super().__init__(server, params)
        # RedisCache's own copies are private (django-stubs does not declare them).
        self._shared_servers = re.split("[;,]", server) if isinstance(server, str) else server
        self._shared_options: dict[str, Any] = params.get("OPTIONS", {})

    @cached_property
    def _cache(self) -> RedisCacheClient:
        key = (tuple(self._shared_servers), repr(sorted(self._shared_options.items())))
        with _clients_lock:
            client = _clients.get(key)
            if client is None:
                client = RedisCacheClient(self._shared_servers, **self._shared_options)
                _clients[key] = client
        return client
