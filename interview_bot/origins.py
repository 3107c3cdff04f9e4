"""Websockets only from this site's own pages: the Origin must be the address the socket
was opened on (scheme, host and port, as Django's CSRF check compares them), or one of
CSRF_TRUSTED_ORIGINS. Channels' AllowedHostsOriginValidator compares host names only, so
any port or scheme of an allowed host passed (`http://localhost:9999`)."""

from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import split_domain_port, validate_host

_HTTP_SCHEME = {"ws": "http", "wss": "https", "http": "http", "https": "https"}
_DEFAULT_PORT = {"http": "80", "https": "443"}


def _normal(origin: str) -> tuple[str, str, str] | None:
    parts = urlsplit(origin.strip().lower())
    if parts.scheme not in _DEFAULT_PORT or not parts.hostname:
        return None
    try:
        port = str(parts.port or _DEFAULT_PORT[parts.scheme])
    except ValueError:
        return None
    return parts.scheme, parts.hostname, port


def origin_allowed(scope: dict) -> bool:
    headers = {name.lower(): value for name, value in scope.get("headers", [])}
    origin = headers.get(b"origin", b"").decode("latin-1")
    host = headers.get(b"host", b"").decode("latin-1")
    asked = _normal(origin)
    if asked is None:
        return False
    trusted = {_normal(o) for o in settings.CSRF_TRUSTED_ORIGINS}
    if asked in trusted:
        return True
    if not host:
        return False
    domain, _port = split_domain_port(host)
    if not validate_host(domain, settings.ALLOWED_HOSTS):
        return False
    scheme = _HTTP_SCHEME.get(scope.get("scheme", "ws"), "http")
    return asked == _normal(f"{scheme}://{host}")


class SameOriginValidator:
    def __init__(self, application) -> None:
        self.application = application

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket" and not origin_allowed(scope):
            return await WebsocketDenier()(scope, receive, send)
        return await self.application(scope, receive, send)
