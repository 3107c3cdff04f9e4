"""The Redis cache keeps one connection pool per process (interview_bot/cache.py)."""

import pytest
from django.conf import settings

from interview_bot.cache import SharedRedisCache


def _backend(location: str) -> SharedRedisCache:
    return SharedRedisCache(location, {"KEY_PREFIX": "cache-test"})


def test_backends_of_one_configuration_share_one_client_and_pool():
    if not settings.CACHES["default"]["BACKEND"].endswith("SharedRedisCache"):
        pytest.skip("the shared pool is the Redis cache's")
    location = settings.CACHES["default"]["LOCATION"]
    # Django makes a backend per thread and async context (as each run_sync call gets).
    first, second = _backend(location), _backend(location)
    assert first is not second
    assert first._cache is second._cache
    first.set("shared", 1, timeout=5)
    assert second.get("shared") == 1
    pool = first._cache._get_connection_pool(write=True)
    assert second._cache._get_connection_pool(write=True) is pool


def test_another_configuration_has_its_own_client():
    first = _backend("redis://127.0.0.1:6379/3")
    other = _backend("redis://127.0.0.1:6379/4")
    assert first._cache is not other._cache
