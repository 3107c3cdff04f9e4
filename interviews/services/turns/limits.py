"""What may run at once: one generation per interview (a lease that expires if its
worker dies) and a number of actions per user and minute (over all their tabs).

The lease names its owner: the turn and, once a worker has claimed it, the worker's
channel. Releasing compares and deletes in one step, so a worker that finishes late
never ends the lease a retry has handed to another worker: on Redis in one Lua script,
on the local-memory cache (which lives in one process) under a process-wide lock.
"""

import json
import threading
import time
import uuid
import weakref
from typing import Any, TypedDict

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured
from redis import Redis

# Settings read when used, never at import: INTERVIEW_GENERATION_DEADLINE_SECONDS (the
# overall deadline of one generation; the provider's timeout is per read only) and
# INTERVIEW_ACTIONS_PER_MINUTE (actions one user may send a minute, over all tabs).

# KEYS[1] the lease; ARGV[1] the turn id, ARGV[2] the worker's channel ('' = any).
_RELEASE_IF_OWNER = """
local held = redis.call('GET', KEYS[1])
if not held then return 0 end
local readable, lease = pcall(cjson.decode, held)
if not readable or type(lease) ~= 'table' then return 0 end
if lease.turn == tonumber(ARGV[1]) and (ARGV[2] == '' or lease.channel == ARGV[2]) then
  return redis.call('DEL', KEYS[1])
end
return 0
"""
_local_lock = threading.Lock()


class Lease(TypedDict, total=False):
    turn: int
    channel: str | None  # the worker's channel once one has claimed the turn
    worker: str  # the process running it, alive while its heartbeat key is


# This process, as a lease names it. A process that dies (SIGKILL, a crash, a deploy
# that stops it) stops beating: its leases are stale within WORKER_HEARTBEAT_TTL seconds,
# not after the generation's whole deadline.
WORKER_ID = uuid.uuid4().hex
WORKER_HEARTBEAT_SECONDS = 3.0
WORKER_HEARTBEAT_TTL = 10


def _heartbeat_key(worker: str) -> str:
    return f"interviews:worker:{worker}"


def worker_heartbeat() -> None:
    """Marks this process alive for WORKER_HEARTBEAT_TTL seconds (Redis only: the
    local-memory cache lives in one process, which is alive if it is asking)."""
    redis = _redis()
    if redis is not None:
        key = cache.make_and_validate_key(_heartbeat_key(WORKER_ID))
        redis.set(key, "1", ex=WORKER_HEARTBEAT_TTL)


def worker_retire() -> None:
    """Ends this process's heartbeat at once (a server shutting down): a lease that still
    names this worker is stale now, not WORKER_HEARTBEAT_TTL seconds later."""
    redis = _redis()
    if redis is not None:
        redis.delete(cache.make_and_validate_key(_heartbeat_key(WORKER_ID)))


def _worker_alive(lease: Lease) -> bool:
    worker = lease.get("worker")
    redis = _redis()
    if not worker or redis is None or worker == WORKER_ID:
        return True
    return bool(redis.exists(cache.make_and_validate_key(_heartbeat_key(worker))))


def _lease_key(session_id: int) -> str:
    return f"interviews:generation:{session_id}"


# One client per cache client (its connection pool: one a process with
# `interview_bot.cache.SharedRedisCache`, while Django makes a backend object per thread
# and context): building a `Redis` costs about as much as the round trip it is for, and
# the answer path makes two.
_clients: "weakref.WeakKeyDictionary[Any, Redis]" = weakref.WeakKeyDictionary()


def _redis() -> Redis | None:
    """The Redis cache's own client (over its connection pool), or None for the
    local-memory cache. The lease is stored as JSON so the release script can read it."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        # Django's cache API has no compare-and-delete, nor a public raw client
        # (`_cache` is private, so django-stubs does not declare it).
        pooled = backend._cache  # type: ignore[attr-defined]
        client = _clients.get(pooled)
        if client is None:
            client = pooled.get_client(write=True)
            _clients[pooled] = client
        return client
    if isinstance(backend, LocMemCache):
        return None
    raise ImproperlyConfigured("The generation lease needs the Redis or the local-memory cache.")


def _owned(lease: Lease | None, turn_id: int, channel: str | None) -> bool:
    return bool(
        lease and lease.get("turn") == turn_id and (channel is None or lease["channel"] == channel)
    )


def lease_get(session_id: int) -> Lease | None:
    """{"turn": id, "channel": name | None} while a worker owns the interview's stream."""
    redis = _redis()
    if redis is None:
        stored: Lease | None = cache.get(_lease_key(session_id))
        return stored
    held = redis.get(cache.make_and_validate_key(_lease_key(session_id)))
    try:
        lease: Lease | None = json.loads(held) if held is not None else None
        return lease
    except ValueError:  # not a lease this code wrote (one from before it stored JSON)
        return None


def lease_on_turn(session_id: int, turn_id: int) -> Lease | None:
    """The lease, if it is this turn's: without it a pending or streaming turn has no
    live worker (it stalled) and may be retried."""
    lease = lease_get(session_id)
    if lease is None or not _owned(lease, turn_id, None) or not _worker_alive(lease):
        return None  # a lease whose process stopped beating is as good as gone
    return lease


def lease_set(session_id: int, turn_id: int, channel: str | None = None) -> None:
    lease: Lease = {"turn": turn_id, "channel": channel}
    if channel is not None:
        lease["worker"] = WORKER_ID  # claimed: this process runs it, and beats for it
    timeout = int(settings.INTERVIEW_GENERATION_DEADLINE_SECONDS) + 30
    redis = _redis()
    if redis is None:
        with _local_lock:
            cache.set(_lease_key(session_id), lease, timeout=timeout)
        return
    # The heartbeat and the lease in one round trip (this is on the answer's path).
    pipe = redis.pipeline(transaction=False)
    if channel is not None:
        beat = cache.make_and_validate_key(_heartbeat_key(WORKER_ID))
        pipe.set(beat, "1", ex=WORKER_HEARTBEAT_TTL)
    pipe.set(cache.make_and_validate_key(_lease_key(session_id)), json.dumps(lease), ex=timeout)
    pipe.execute()


def lease_release(session_id: int, turn_id: int, channel: str | None = None) -> bool:
    """Ends the lease on this turn; with `channel`, only if that worker still holds it
    (a retry may have handed the turn to another). True when it was ended."""
    redis = _redis()
    if redis is None:
        with _local_lock:
            if not _owned(cache.get(_lease_key(session_id)), turn_id, channel):
                return False
            return cache.delete(_lease_key(session_id))
    release = redis.register_script(_RELEASE_IF_OWNER)
    key = cache.make_and_validate_key(_lease_key(session_id))
    return bool(release(keys=[key], args=[turn_id, channel or ""]))


def action_allowed(*, user_id: int) -> bool:
    """Cache-based fixed-window rate limit on actions, shared by all of a user's tabs."""
    window = int(time.time() // 60)
    key = f"interviews:actions:{user_id}:{window}"
    limit: int = settings.INTERVIEW_ACTIONS_PER_MINUTE
    redis = _redis()
    if redis is not None:
        # One round trip (this is on the answer's path): count, and let the window expire.
        pipe = redis.pipeline(transaction=False)
        pipe.incr(cache.make_and_validate_key(key))
        pipe.expire(cache.make_and_validate_key(key), 90)
        count, _expiry = pipe.execute()
        return int(count) <= limit
    if cache.add(key, 1, timeout=90):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.add(key, 1, timeout=90)
        return True
    return count <= limit
