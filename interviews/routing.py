"""Websocket routes (mounted by interview_bot/asgi.py)."""

from django.urls import path

from interviews.consumers import InterviewConsumer

# Channels routes ASGI apps with Django's path(), whose stub accepts only views.
websocket_urlpatterns = [
    path("ws/interviews/<int:session_id>/", InterviewConsumer.as_asgi()),  # type: ignore[arg-type]
]
