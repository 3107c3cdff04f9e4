"""A heartbeat through the channel layer, so sockets learn that the relay was lost.

While a process has interview sockets open, one task sends a ping to a channel of
its own through the channel layer every RELAY_PING_SECONDS and waits for it to come
back. A Redis blip or restart makes pings fail; every group message sent meanwhile
(a delta, a `done`, the next question) is gone, and a socket that missed the last of
them would wait in silence. When pings come back after a loss, every socket of this
process is told to resync from the database (the consumer sends a fresh `state`).

    watch = relay_watch(on_recovered)   # on connect; `on_recovered` is async, no args
    relay_unwatch(watch)                # on disconnect

The in-memory layer of a single process cannot lose a message: nothing runs there.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from channels.layers import BaseChannelLayer, InMemoryChannelLayer, get_channel_layer

logger = logging.getLogger(__name__)

RELAY_PING_SECONDS = 2.0  # between two pings
RELAY_PING_TIMEOUT = 2.0  # a ping not back by then counts as lost

Recovered = Callable[[], Awaitable[None]]


@dataclass(eq=False)
class Watch:
    on_recovered: Recovered
    loop: asyncio.AbstractEventLoop = field(default_factory=asyncio.get_running_loop)


_watches: set[Watch] = set()
_monitors: dict[asyncio.AbstractEventLoop, "asyncio.Task[None]"] = {}
_pending: set["asyncio.Task[None]"] = set()  # strong references to resync tasks


def _layer() -> BaseChannelLayer:
    layer = get_channel_layer()
    assert layer is not None  # relay_watch checked  # noqa: S101
    return layer


def relay_watch(on_recovered: Recovered) -> Watch | None:
    """Calls `on_recovered` after the relay comes back from a loss (None: the layer
    cannot lose messages, nothing to watch)."""
    layer = get_channel_layer()
    if layer is None or isinstance(layer, InMemoryChannelLayer):
        return None
    watch = Watch(on_recovered)
    _watches.add(watch)
    monitor = _monitors.get(watch.loop)
    if monitor is None or monitor.done():
        _monitors[watch.loop] = watch.loop.create_task(_monitor(watch.loop))
    return watch


def relay_unwatch(watch: Watch | None) -> None:
    if watch is None:
        return
    _watches.discard(watch)
    if not any(w.loop is watch.loop for w in _watches):
        monitor = _monitors.pop(watch.loop, None)
        if monitor is not None:
            monitor.cancel()


async def _monitor(loop: asyncio.AbstractEventLoop) -> None:
    layer = _layer()
    channel: str | None = None
    replies: asyncio.Queue[object] = asyncio.Queue()
    receiver: asyncio.Task[None] | None = None
    lost = False
    number = 0
    try:
        while True:
            await asyncio.sleep(RELAY_PING_SECONDS)
            number += 1
            try:
                if channel is None:
                    channel = await layer.new_channel()
                    receiver = loop.create_task(_receive(layer, channel, replies))
                await layer.send(channel, {"type": "relay.ping", "n": number})
                async with asyncio.timeout(RELAY_PING_TIMEOUT):
                    while await replies.get() != number:
                        pass  # a late reply to an earlier ping
                alive = True
            except Exception as error:  # a Redis error, or no reply in time
                logger.debug("relay ping failed: %s", error)
                alive = False
            if not alive and not lost:
                logger.warning("the channel layer is not relaying; sockets resync when it is back")
            if alive and lost:
                _resync_all(loop)
            lost = not alive
    finally:
        if receiver is not None:
            receiver.cancel()


async def _receive(layer: BaseChannelLayer, channel: str, replies: "asyncio.Queue[object]") -> None:
    """Never cancelled while the monitor runs: the layer keeps the subscription (and
    renews it when Redis comes back), where a timed-out receive would drop it."""
    while True:
        message = await layer.receive(channel)
        replies.put_nowait(message.get("n"))


def _resync_all(loop: asyncio.AbstractEventLoop) -> None:
    watches = [w for w in _watches if w.loop is loop]
    logger.warning("the channel layer is back: %d sockets resync", len(watches))
    for watch in watches:
        task = loop.create_task(_resync(watch))
        _pending.add(task)
        task.add_done_callback(_pending.discard)


async def _resync(watch: Watch) -> None:
    try:
        await watch.on_recovered()
    except Exception:  # a socket that closed meanwhile: nothing to resync
        logger.debug("resync after a relay loss failed", exc_info=True)
