"""The relay heartbeat (interviews/relay_health.py): pings through the channel layer,
and once they come back after a loss every watching socket is told to resync. On a
real Redis killed and restarted: tests/interviews/faults/test_redis_loss.py."""

import asyncio

import pytest
from channels.layers import InMemoryChannelLayer

from interviews import relay_health

pytestmark = pytest.mark.asyncio


class FlakyLayer:
    """An in-memory layer that loses every message, and fails every send, while down."""

    def __init__(self) -> None:
        self.inner = InMemoryChannelLayer()
        self.down = False
        self.pings = 0
        self.sent = asyncio.Event()

    async def new_channel(self) -> str:
        return await self.inner.new_channel()

    async def send(self, channel: str, message: dict) -> None:
        self.pings += 1
        self.sent.set()
        if self.down:
            raise ConnectionError("Redis went away")
        await self.inner.send(channel, message)

    async def receive(self, channel: str) -> dict:
        return await self.inner.receive(channel)


@pytest.fixture
def layer(monkeypatch) -> FlakyLayer:
    flaky = FlakyLayer()
    monkeypatch.setattr(relay_health, "get_channel_layer", lambda: flaky)
    monkeypatch.setattr(relay_health, "RELAY_PING_SECONDS", 0.05)
    return flaky


async def _pings(layer: FlakyLayer, count: int) -> None:
    """Returns once `count` more pings were sent."""
    async with asyncio.timeout(30):
        for _ in range(count):
            layer.sent.clear()
            await layer.sent.wait()


async def test_sockets_resync_once_the_relay_is_back(layer):
    resynced = asyncio.Event()
    calls = []

    async def on_recovered() -> None:
        calls.append(1)
        resynced.set()

    watch = relay_health.relay_watch(on_recovered)
    try:
        await _pings(layer, 3)  # healthy: nothing to resync
        assert calls == []
        layer.down = True
        await _pings(layer, 3)
        assert calls == []  # nothing can be resynced while the relay is down
        layer.down = False
        await asyncio.wait_for(resynced.wait(), timeout=30)
        await _pings(layer, 3)
        assert calls == [1]  # once per loss
    finally:
        relay_health.relay_unwatch(watch)


async def test_the_last_socket_gone_stops_the_pings(layer):
    async def nothing() -> None:
        return None

    first = relay_health.relay_watch(nothing)
    second = relay_health.relay_watch(nothing)
    monitor = relay_health._monitors[asyncio.get_running_loop()]
    relay_health.relay_unwatch(first)
    assert not monitor.cancelled()
    relay_health.relay_unwatch(second)
    await asyncio.sleep(0)
    assert monitor.cancelled()


async def test_nothing_is_watched_on_the_in_memory_layer(monkeypatch):
    monkeypatch.setattr(relay_health, "get_channel_layer", InMemoryChannelLayer)

    async def nothing() -> None:
        return None

    assert relay_health.relay_watch(nothing) is None
