"""The websocket's same-origin rule (interview_bot/origins.py), as Django's CSRF has it."""

import pytest

from interview_bot.origins import origin_allowed


def _scope(origin: str, host: str, scheme: str = "ws", **headers: str) -> dict:
    pairs = [(b"origin", origin.encode()), (b"host", host.encode())]
    pairs += [(k.replace("_", "-").encode(), v.encode()) for k, v in headers.items()]
    return {"type": "websocket", "scheme": scheme, "headers": pairs}


@pytest.mark.parametrize(
    ("origin", "host", "scheme", "allowed"),
    [
        ("http://127.0.0.1:8000", "127.0.0.1:8000", "ws", True),
        ("http://127.0.0.1:9999", "127.0.0.1:8000", "ws", False),
        ("https://127.0.0.1", "127.0.0.1", "wss", True),
        ("http://127.0.0.1", "127.0.0.1", "wss", False),
        ("https://127.0.0.1", "127.0.0.1", "ws", False),
        ("http://[::1]:8000", "[::1]:8000", "ws", True),
        ("http://evil.example", "evil.example", "ws", False),  # not an allowed host
    ],
)
def test_the_origin_must_be_the_sockets_own_address(origin, host, scheme, allowed):
    assert origin_allowed(_scope(origin, host, scheme)) is allowed


def test_behind_a_tls_proxy_the_forwarded_scheme_counts(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    forwarded = {"x_forwarded_proto": "https"}

    assert origin_allowed(_scope("https://localhost", "localhost", "ws", **forwarded))
    assert not origin_allowed(_scope("http://localhost", "localhost", "ws", **forwarded))


def test_trusted_origins_match_as_for_forms_with_subdomain_wildcards(settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://*.example.com"]

    assert origin_allowed(_scope("https://app.example.com", "internal:8000"))
    assert not origin_allowed(_scope("http://app.example.com", "internal:8000"))
    assert not origin_allowed(_scope("https://example.com.evil.io", "internal:8000"))
