"""The chat model behind the LLM grader: `ChatOpenAI` against OPENAI_BASE_URL (OpenAI
or a compatible server), configured from settings at call time. The grader registry
(`grader.py`) chooses between it and the offline rubric."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from langchain_core.language_models import BaseChatModel
from pydantic import SecretStr


@dataclass(frozen=True)
class OpenAIConfig:
    api_key: str
    base_url: str | None
    model: str
    timeout: float
    max_retries: int
    max_tokens: int
    deadline: float

    @classmethod
    def from_settings(cls) -> "OpenAIConfig":
        timeout = settings.OPENAI_TIMEOUT_SECONDS
        retries = settings.OPENAI_MAX_RETRIES
        # `timeout` is per read; the deadline bounds the whole call, retries included.
        default_deadline = min(180.0, timeout * (retries + 1) + 10.0)
        return cls(
            # A compatible server (Ollama, vLLM) may need no key; the client needs one.
            api_key=settings.OPENAI_API_KEY or "not-needed",
            base_url=settings.OPENAI_BASE_URL or None,
            model=settings.OPENAI_MODEL,
            timeout=timeout,
            max_retries=retries,
            max_tokens=settings.OPENAI_MAX_TOKENS,
            deadline=settings.OPENAI_DEADLINE_SECONDS or default_deadline,
        )


def openai_model(config: OpenAIConfig, *, http_async_client: Any = None) -> BaseChatModel:
    """A ChatOpenAI for this call. Pass an async HTTP client owned by the running loop:
    langchain-openai otherwise shares one per process, which breaks on a second loop."""
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        model=config.model,
        api_key=SecretStr(config.api_key),
        base_url=config.base_url,
        timeout=config.timeout,
        max_retries=config.max_retries,
        # ChatOpenAI's field `max_tokens`, under the name its constructor declares.
        max_completion_tokens=config.max_tokens,
        temperature=0,
        stream_usage=True,
        http_async_client=http_async_client,
        # Our own client carries the transport; keep langchain-openai from building one.
        http_socket_options=(),
    )
