"""Websockets only from this site's own pages: the Origin must be the address the socket
was opened on (scheme, host and port, as Django's CSRF check compares them), or one of
CSRF_TRUSTED_ORIGINS. Channels' AllowedHostsOriginValidator compares host names only, so
any port or scheme of an allowed host passed (`http://localhost:9999`)."""

from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import split_domain_port, validate_host

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


def _trusted(asked: tuple[str, str, str]) -> bool:
    """In CSRF_TRUSTED_ORIGINS, with Django's "https://*.example.com" subdomain form."""
    scheme, host, port = asked
    for origin in settings.CSRF_TRUSTED_ORIGINS:
        wildcard = "://*." in origin
        trusted = _normal(origin.replace("://*.", "://", 1))
        if trusted is None or trusted[0] != scheme or trusted[2] != port:
            continue
        if host == trusted[1] or (wildcard and host.endswith("." + trusted[1])):
            return True
    return False


def _secure(scope: dict, headers: dict[bytes, bytes]) -> bool:
    """As `request.is_secure()` decides: the proxy's header when one is configured."""
    proxy = settings.SECURE_PROXY_SSL_HEADER
    if proxy:
        name = proxy[0].removeprefix("HTTP_").replace("_", "-").lower().encode("latin-1")
        value = headers.get(name, b"").decode("latin-1").split(",")[0].strip()
        if value == proxy[1]:
            return True
    return scope.get("scheme") in ("wss", "https")


def origin_allowed(scope: dict) -> bool:
    headers = {name.lower(): value for name, value in scope.get("headers", [])}
    origin = headers.get(b"origin", b"").decode("latin-1")
    host = headers.get(b"host", b"").decode("latin-1")
    asked = _normal(origin)
    if asked is None:
        return False
    if _trusted(asked):
        return True
    if not host:
        return False
    domain, port = split_domain_port(host)
    if not validate_host(domain, settings.ALLOWED_HOSTS):
        return False
    # The page's own address, as Django's CSRF check has it: the scheme the request came
    # in on (`SECURE_PROXY_SSL_HEADER` behind a TLS proxy), the Host header's host, and
    # its port or the scheme's default.
    expected = "https" if _secure(scope, headers) else "http"
    return asked == (expected, domain.lower().strip("[]"), port or _DEFAULT_PORT[expected])


class SameOriginValidator:
    def __init__(self, application) -> None:
        self.application = application

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket" and not origin_allowed(scope):
            return await WebsocketDenier()(scope, receive, send)
        return await self.application(scope, receive, send)
