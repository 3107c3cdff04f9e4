"""Websocket routes (mounted by interview_bot/asgi.py)."""

from django.urls import path

from interviews.consumers import InterviewConsumer

websocket_urlpatterns = [
    path("ws/interviews/<int:session_id>/", InterviewConsumer.as_asgi()),
]
