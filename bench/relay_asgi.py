"""The thinnest Channels relay, the yardstick of `bench/stream.py --compare-relay`.

    daphne -b 127.0.0.1 -p PORT bench.relay_asgi:application
    (RELAY_LLM_URL: the fake LLM's base URL; RELAY_REDIS_URL: the channel layer's Redis)

No database, no sessions, no auth, no rendering: a socket at `/ws/interviews/<id>/`
joins the group of that id and gets a `state` frame; an `answer` frame starts a task that
streams a chat completion from the OpenAI-compatible server with the `openai` SDK and
sends every delta to the group over the same Redis pub/sub channel layer the app uses,
then `done` with the whole text. The frames have the app's shape (`delta` with its
offset, `done` with the text), so one client measures both.
"""

import asyncio
import os
from typing import Any

from django.conf import settings

if not settings.configured:
    settings.configure(
        INSTALLED_APPS=["channels"],
        CHANNEL_LAYERS={
            "default": {
                "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
                "CONFIG": {
                    "hosts": [{"address": os.environ["RELAY_REDIS_URL"], "socket_timeout": None}],
                    "prefix": f"relay-bench-{os.getpid()}",
                },
            }
        },
    )
    import django

    django.setup()

from channels.consumer import get_handler_name
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.routing import URLRouter
from django.urls import path

_client: Any = None
_tasks: set[asyncio.Task[None]] = set()


def _openai() -> Any:
    global _client
    if _client is None:
        import openai

        _client = openai.AsyncOpenAI(
            base_url=os.environ["RELAY_LLM_URL"], api_key="test", max_retries=0
        )
    return _client


class RelayConsumer(AsyncJsonWebsocketConsumer):
    group = ""

    async def dispatch(self, message: dict[str, Any]) -> None:
        # No database: skip Channels' per-message sweep of stale connections.
        await getattr(self, get_handler_name(message))(message)

    async def connect(self) -> None:
        session_id = int(self.scope["url_route"]["kwargs"]["session_id"])
        self.group = f"relay.{session_id}"
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.send_json({"type": "state", "turn": session_id})

    async def disconnect(self, code: int) -> None:
        if self.group:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content: dict[str, Any], **kwargs: Any) -> None:
        if content.get("type") == "answer":
            task = asyncio.create_task(self._stream(content["turn"], content["text"]))
            _tasks.add(task)
            task.add_done_callback(_tasks.discard)

    async def _stream(self, turn: int, answer: str) -> None:
        layer, group, text = self.channel_layer, self.group, ""
        stream = await _openai().chat.completions.create(
            model="fake-model", messages=[{"role": "user", "content": answer}], stream=True
        )
        async for chunk in stream:
            piece = chunk.choices[0].delta.content if chunk.choices else None
            if piece:
                frame = {"type": "delta", "turn": turn, "offset": len(text), "text": piece}
                await layer.group_send(group, {"type": "relay.frame", "frame": frame})
                text += piece
        done = {"type": "done", "turn": turn, "score": None, "feedback": text}
        await layer.group_send(group, {"type": "relay.frame", "frame": done})

    async def relay_frame(self, message: dict[str, Any]) -> None:
        await self.send_json(message["frame"])


# django-stubs types path() for views; Channels routes ASGI applications with it.
routes = [path("ws/interviews/<int:session_id>/", RelayConsumer.as_asgi())]  # type: ignore[arg-type]
application = URLRouter(routes)  # type: ignore[arg-type]
