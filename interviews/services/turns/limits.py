"""What may run at once: one generation per interview (a lease that expires if its
worker dies) and a number of actions per user and minute (over all their tabs)."""

import time
from typing import Any

from django.conf import settings
from django.core.cache import cache

# Settings read when used, never at import: INTERVIEW_GENERATION_DEADLINE_SECONDS (the
# overall deadline of one generation; the provider's timeout is per read only) and
# INTERVIEW_ACTIONS_PER_MINUTE (actions one user may send a minute, over all tabs).


def _lease_key(session_id: int) -> str:
    return f"interviews:generation:{session_id}"


def lease_get(session_id: int) -> dict[str, Any] | None:
    """{"turn": id, "channel": name | None} while a worker owns the interview's stream."""
    return cache.get(_lease_key(session_id))


def lease_set(session_id: int, turn_id: int, channel: str | None = None) -> None:
    cache.set(
        _lease_key(session_id),
        {"turn": turn_id, "channel": channel},
        timeout=int(settings.INTERVIEW_GENERATION_DEADLINE_SECONDS) + 30,
    )


def lease_release(session_id: int, turn_id: int, channel: str | None = None) -> None:
    """Ends the lease on this turn; with `channel`, only if that worker still holds it
    (a retry may have handed the turn to another)."""
    current = cache.get(_lease_key(session_id))
    if (
        current
        and current.get("turn") == turn_id
        and (channel is None or current.get("channel") == channel)
    ):
        cache.delete(_lease_key(session_id))


def action_allowed(*, user_id: int) -> bool:
    """Cache-based fixed-window rate limit on actions, shared by all of a user's tabs."""
    window = int(time.time() // 60)
    key = f"interviews:actions:{user_id}:{window}"
    if cache.add(key, 1, timeout=90):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.add(key, 1, timeout=90)
        return True
    return count <= settings.INTERVIEW_ACTIONS_PER_MINUTE
