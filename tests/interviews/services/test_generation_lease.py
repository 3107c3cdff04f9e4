"""The generation lease: only its owner ends it, and the check and the delete are one
step, on Redis and on the local-memory cache alike."""

import threading

import pytest
from django.core.cache.backends.locmem import LocMemCache
from redis import Redis

from interviews.services.turns.limits import lease_get, lease_on_turn, lease_release, lease_set


@pytest.fixture(params=["redis", "local-memory"])
def lease_backend(request, settings) -> str:
    if request.param == "redis":
        if not settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
            pytest.skip("the test run has no Redis cache (REDIS_URL unset)")
    else:
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "lease-tests",
            }
        }
    return request.param


def test_only_the_worker_holding_the_lease_releases_it(lease_backend):
    lease_set(9001, turn_id=5, channel="worker-b")  # a retry handed turn 5 to worker b

    assert lease_release(9001, 5, "worker-a") is False  # the stale worker a finishes late
    assert lease_get(9001) == {"turn": 5, "channel": "worker-b"}
    assert lease_release(9001, 6, "worker-b") is False  # not its turn either
    assert lease_get(9001) == {"turn": 5, "channel": "worker-b"}
    assert lease_release(9001, 5, "worker-b") is True
    assert lease_get(9001) is None
    assert lease_release(9001, 5, "worker-b") is False  # nothing left to end


def test_a_lease_not_yet_claimed_by_a_worker_is_the_turns_alone(lease_backend):
    lease_set(9003, turn_id=7)  # a retry: pending, no worker yet

    assert lease_on_turn(9003, 7) == {"turn": 7, "channel": None}
    assert lease_on_turn(9003, 8) is None
    assert lease_release(9003, 7, "worker-a") is False  # a worker's release needs its own
    assert lease_release(9003, 7) is True  # without a channel: any lease on the turn
    assert lease_on_turn(9003, 7) is None


def test_a_lease_taken_over_while_a_late_worker_releases_survives(lease_backend, monkeypatch):
    """A retry hands the turn to worker b just as the late worker a releases: a's check
    and delete are one step, so b's lease is never deleted by a."""
    lease_set(9002, turn_id=5, channel="worker-a")
    takeover = threading.Thread(target=lease_set, args=(9002, 5, "worker-b"))
    reads = {"local-memory": (LocMemCache, LocMemCache.get), "redis": (Redis, Redis.get)}
    backend, read = reads[lease_backend]

    def read_then_take_over(*args, **kwargs):
        value = read(*args, **kwargs)
        if not takeover.is_alive() and takeover.ident is None:
            takeover.start()  # between a read-back and its delete, if the release has one
            takeover.join(timeout=0.3)
        return value

    monkeypatch.setattr(backend, "get", read_then_take_over)
    lease_release(9002, 5, "worker-a")
    if takeover.ident is None:  # the release read nothing back (one server-side step)
        takeover.start()
    takeover.join()
    monkeypatch.undo()

    assert lease_get(9002) == {"turn": 5, "channel": "worker-b"}


def test_a_lease_in_another_format_reads_as_none_and_is_not_released(lease_backend):
    """A lease a process of the previous release wrote (pickled by the cache) expires by
    itself; meanwhile it neither breaks the state nor is deleted by a worker."""
    from django.core.cache import cache

    if lease_backend != "redis":
        pytest.skip("only Redis stores the lease as JSON")
    cache.set("interviews:generation:9004", {"turn": 5, "channel": "worker-a"})

    assert lease_get(9004) is None
    assert lease_release(9004, 5, "worker-a") is False
    assert cache.get("interviews:generation:9004") == {"turn": 5, "channel": "worker-a"}
