"""ASGI entry point: Daphne serves HTTP and websockets from here."""

import os
import threading

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interview_bot.settings")
# Load Django (and the apps' models) before anything imports a consumer.
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from interview_bot.origins import SameOriginValidator  # noqa: E402
from interviews.engine.text import warm_up  # noqa: E402
from interviews.routing import websocket_urlpatterns  # noqa: E402

# Kiwi takes ~2.5 s to load and first analyse; do it now, off the event loop, so the
# first candidate's answer does not wait for it.
threading.Thread(target=warm_up, name="kiwi-warm-up", daemon=True).start()

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # The routes are Django URLPatterns around ASGI apps (see interviews/routing.py).
        "websocket": SameOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),  # type: ignore[arg-type]
    }
)
