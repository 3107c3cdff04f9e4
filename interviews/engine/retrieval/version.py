"""A content version in the shared cache, so every process knows when the bank changed.

Each change stores a new random token. A process compares the token it built its
index with against the cache before searching: any process (another Daphne, a
worker) sees a curator's edit on its next search. With the in-process cache
(no REDIS_URL) this only reaches the current process.
"""

import logging
import time
import uuid

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

VERSION_KEY = "retrieval:content-version"
# While the cache is unreachable, indexes are rebuilt at most this often.
_FALLBACK_PERIOD_SECONDS = 60


def content_version() -> str:
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            # First use, or the key was evicted: any index built before is suspect.
            cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
            version = cache.get(VERSION_KEY)
    except Exception:  # a cache outage must not break search; any backend error class
        logger.warning("Retrieval content version unavailable; using a timed one.", exc_info=True)
        version = None
    if version is None:
        return f"timed-{int(time.monotonic() // _FALLBACK_PERIOD_SECONDS)}"
    return str(version)


def mark_content_changed() -> None:
    """Tells every process that curated content changed.

    Called now, so this process (inside its own transaction) sees the change at once,
    and again after commit, so a process that rebuilt in between from the old rows
    rebuilds once more. For bulk writes that send no signals, call it yourself.
    """
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:  # the edit itself succeeded; stale search is better than a 500
        logger.warning("Could not mark retrieval content as changed.", exc_info=True)
