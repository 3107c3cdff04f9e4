"""The generation lease: only its owner ends it, and the check and the delete are one
step, on Redis and on the local-memory cache alike."""

import threading

import pytest
from django.core.cache.backends.locmem import LocMemCache
from redis import Redis

from interviews.services.turns import limits
from interviews.services.turns.limits import lease_get, lease_on_turn, lease_release, lease_set


def _held(lease):
    """Who holds a lease: (turn, channel)."""
    return None if lease is None else (lease["turn"], lease["channel"])


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
    assert _held(lease_get(9001)) == (5, "worker-b")
    assert lease_release(9001, 6, "worker-b") is False  # not its turn either
    assert _held(lease_get(9001)) == (5, "worker-b")
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

    assert _held(lease_get(9002)) == (5, "worker-b")


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


def test_a_lease_whose_process_stopped_beating_is_stale_at_once(lease_backend, monkeypatch):
    """A worker process killed mid-stream (a deploy, a crash) stops its heartbeat: the
    turn may be retried within seconds, not after the generation's deadline."""
    lease_set(9004, turn_id=3, channel="worker-a")
    assert lease_get(9004)["worker"] == limits.WORKER_ID
    assert lease_on_turn(9004, 3) is not None  # this process: alive

    # Seen from another process, whose own id differs: alive while the key lives.
    monkeypatch.setattr(limits, "WORKER_ID", "another-process")
    if lease_backend == "local-memory":
        assert lease_on_turn(9004, 3) is not None  # one process: nothing else to ask
        return
    assert lease_on_turn(9004, 3) is not None
    from django.core.cache import cache

    limits._redis().delete(
        cache.make_and_validate_key(limits._heartbeat_key(lease_get(9004)["worker"]))
    )
    assert lease_on_turn(9004, 3) is None  # the process is gone: stale, retryable
