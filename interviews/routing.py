"""Websocket routes (mounted by interview_bot/asgi.py)."""

websocket_urlpatterns: list = []
