"""A stopping server leaves no generation `streaming`: each is failed and retryable.

Daphne stops on SIGTERM (every deploy) by stopping Twisted's reactor, which first runs
its "before shutdown" triggers and waits for the Deferreds they return. Daphne's own
trigger cancels the application instances, one per socket; the feedback tasks belong
to no socket (they outlive it), so nothing would cancel them and the turns they stream
would stay `streaming` until their lease and deadline ran out. The first feedback task
of a process therefore adds a trigger of its own (`generation_track`), which:

1. cancels this process's feedback tasks and waits for them (the worker's
   `CancelledError` path stores the text streamed so far and "interrupted");
2. fails any of their turns still `streaming` (a task cancelled outside that path,
   or not done in time) and releases their leases (compare-and-delete: a lease another
   worker has taken over is left alone);
3. ends this process's heartbeat, so other processes see at once that whatever lease
   still names this worker has no live holder.

Outside Daphne (tests, management commands) no reactor runs and nothing is registered:
this module never imports or installs a reactor itself.
"""

import asyncio
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, cast

from interviews.database import run_sync

from .generation import turn_mark_failed
from .limits import lease_release, worker_retire

logger = logging.getLogger(__name__)

# How long a stopping process waits for its generations to store their failure.
SHUTDOWN_GRACE_SECONDS = 10.0
INTERRUPTED = "interrupted"


class _Reactor(Protocol):
    """What this module uses of Twisted's reactor (its zope interface does not type-check
    as a class)."""

    running: bool

    def addSystemEventTrigger(
        self, phase: str, eventType: str, callable: Callable[..., Any]
    ) -> object: ...


@dataclass(frozen=True)
class TrackedGeneration:
    session_id: int
    turn_id: int
    attempt: int
    channel: str


_tracked: dict["asyncio.Task[None]", TrackedGeneration] = {}
_registered_on: set[int] = set()  # ids of the reactors this process registered with


def generation_track(
    task: "asyncio.Task[None]", *, session_id: int, turn_id: int, attempt: int, channel: str
) -> None:
    """Remembers a feedback task until it ends, so a shutdown can fail its turn; the
    first one under Daphne registers the shutdown trigger."""
    _tracked[task] = TrackedGeneration(session_id, turn_id, attempt, channel)
    task.add_done_callback(_untrack)
    _register_with_reactor()


def _untrack(task: "asyncio.Task[None]") -> None:
    _tracked.pop(task, None)


def _running_reactor() -> "_Reactor | None":
    """Daphne's reactor, if it runs this event loop; never imports one (importing
    `twisted.internet.reactor` would install a default reactor)."""
    reactor = sys.modules.get("twisted.internet.reactor")
    if reactor is None or not getattr(reactor, "running", False):
        return None
    # The asyncio reactor keeps its loop here; our tasks must be on that loop.
    loop = getattr(reactor, "_asyncioEventloop", None)
    try:
        if loop is not asyncio.get_running_loop():
            return None
    except RuntimeError:
        return None
    return cast("_Reactor", reactor)


def _register_with_reactor() -> None:
    reactor = _running_reactor()
    if reactor is None or id(reactor) in _registered_on:
        return
    reactor.addSystemEventTrigger("before", "shutdown", _before_shutdown)
    _registered_on.add(id(reactor))


def _before_shutdown() -> object:
    from twisted.internet import defer

    return defer.Deferred.fromFuture(asyncio.ensure_future(generations_stop()))


def _settle(generations: list[TrackedGeneration]) -> int:
    """Fails what is still streaming (only the attempt this process ran) and releases
    the leases; returns how many turns it had to fail itself."""
    failed = 0
    for generation in generations:
        try:
            failed += turn_mark_failed(
                turn_id=generation.turn_id,
                attempt=generation.attempt,
                partial="",
                error=INTERRUPTED,
            )
        except Exception:
            logger.exception("could not fail turn %s on shutdown", generation.turn_id)
        try:
            lease_release(generation.session_id, generation.turn_id, generation.channel)
        except Exception as error:  # the lease names a dead worker: stale at once
            logger.warning("lease release for turn %s failed: %s", generation.turn_id, error)
    try:
        worker_retire()
    except Exception as error:  # a Redis blip: the heartbeat expires by itself
        logger.warning("could not end the worker heartbeat: %s", error)
    return failed


async def generations_stop(*, grace: float = SHUTDOWN_GRACE_SECONDS) -> int:
    """Cancels this event loop's feedback (and relay-retry) tasks, waits up to `grace`
    seconds for them to store their failure, then settles what they left. Returns the
    number of generations that were running."""
    from .streaming import running_feedback_tasks

    loop = asyncio.get_running_loop()
    generations = [g for task, g in _tracked.items() if task.get_loop() is loop]
    tasks = [task for task in running_feedback_tasks() if not task.done()]
    for task in tasks:
        task.cancel()
    if tasks:
        _done, pending = await asyncio.wait(tasks, timeout=grace)
        if pending:
            logger.warning("%d generation tasks did not stop in %.0f s", len(pending), grace)
    failed = await run_sync(_settle)(generations)
    if generations:
        logger.warning(
            "shutdown: %d generations interrupted (%d failed here), left retryable",
            len(generations),
            failed,
        )
    return len(generations)
