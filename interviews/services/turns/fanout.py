"""An interview's messages go straight to its sockets in this process, and through the
channel layer only to other processes.

Every socket of an interview joins the interview's channel-layer group (so a message
published by any process reaches it) and, once it has sent its `state`, registers here
a `Deliver` that queues a message for it without waiting. A sender first hands the
message to this process's registered sockets, then publishes it with the names of the
channels it already reached (`DELIVERED`), so those drop the copy the layer brings back.
Final events are always published; the worker's deltas only while `remote_listeners`
says another process has a socket of the interview (on Redis pub/sub: the subscribers
of the group's Redis channel, less this process's own), or while that cannot be told.
"""

import asyncio
import logging
import weakref
from collections.abc import Callable
from typing import Any

from channels.layers import InMemoryChannelLayer, get_channel_layer
from channels_redis.pubsub import RedisPubSubChannelLayer
from django.conf import settings
from redis.asyncio import Redis

logger = logging.getLogger(__name__)

Deliver = Callable[[dict[str, Any]], None]
DELIVERED = "delivered"  # the channels of the publishing process that already have it

_sockets: dict[int, dict[str, Deliver]] = {}
_channels: dict[str, Deliver] = {}
_clients: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Redis]" = (
    weakref.WeakKeyDictionary()
)


def socket_join(*, session_id: int, channel: str, deliver: Deliver) -> None:
    _sockets.setdefault(session_id, {})[channel] = deliver
    _channels[channel] = deliver


def socket_leave(*, session_id: int, channel: str) -> None:
    _channels.pop(channel, None)
    sockets = _sockets.get(session_id)
    if sockets is not None:
        sockets.pop(channel, None)
        if not sockets:
            del _sockets[session_id]


def deliver_local(session_id: int, message: dict[str, Any]) -> list[str]:
    """Queues `message` for this process's sockets of the interview; their channels."""
    sockets = _sockets.get(session_id, {})
    for channel, deliver in list(sockets.items()):
        try:
            deliver(message)
        except Exception:  # one broken socket never stops the others or the sender
            logger.exception("local delivery to %s failed", channel)
    return list(sockets)


def deliver_to_channel(channel: str, message: dict[str, Any]) -> bool:
    """Queues `message` for one socket of this process; False when it is not one."""
    deliver = _channels.get(channel)
    if deliver is None:
        return False
    deliver(message)
    return True


def tagged(message: dict[str, Any], delivered: list[str]) -> dict[str, Any]:
    """The message as published: with the channels here that already have it."""
    return {**message, DELIVERED: delivered} if delivered else message


def already_delivered(message: dict[str, Any], channel: str) -> bool:
    return channel in message.get(DELIVERED, ())


def _redis(address: str) -> Redis:
    loop = asyncio.get_running_loop()
    client = _clients.get(loop)
    if client is None:
        client = Redis.from_url(address)
        _clients[loop] = client
    return client


async def remote_listeners(session_id: int, group: str) -> bool:
    """Whether another process may have a socket of the interview: False for the
    in-memory layer (one process), the subscriber count of the group's Redis channel on
    Redis pub/sub (one subscription per process with a member), True for any other layer
    (it cannot be told)."""
    layer = get_channel_layer()
    if isinstance(layer, InMemoryChannelLayer):
        return False
    if not isinstance(layer, RedisPubSubChannelLayer):
        return True
    hosts = settings.CHANNEL_LAYERS["default"]["CONFIG"].get("hosts") or []
    if len(hosts) != 1:
        return True  # sharded: which Redis holds the group is the layer's own choice
    host = hosts[0]
    address = host["address"] if isinstance(host, dict) else host
    # The layer names the group's Redis channel (prefix + "__group__" + group); its
    # method is not public API, so a layer upgrade that drops it fails the fan-out tests.
    redis_channel = layer._get_group_channel_name(group)
    counts = await _redis(address).pubsub_numsub(redis_channel)
    subscribers = int(counts[0][1]) if counts else 0
    # This process subscribes once it has a member; a socket between joining the group
    # and registering here counts as remote, which only publishes a copy too many.
    return subscribers > (1 if session_id in _sockets else 0)
