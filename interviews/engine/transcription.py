"""Speech to text for spoken answers: the OpenAI-compatible `audio/transcriptions`
endpoint (OpenAI, or a local Whisper-compatible server) through the openai SDK, with the
chat model's key, base URL, timeout and retries, configured from settings at call time.
"""

from dataclasses import dataclass

from django.conf import settings


class TranscriptionError(Exception):
    """The server failed or did not answer in time (`timed_out`); nothing was transcribed."""

    def __init__(self, message: str, *, timed_out: bool = False) -> None:
        super().__init__(message)
        self.timed_out = timed_out


@dataclass(frozen=True)
class TranscriptionConfig:
    api_key: str
    base_url: str | None
    model: str
    timeout: float
    max_retries: int

    @classmethod
    def from_settings(cls) -> "TranscriptionConfig":
        return cls(
            # A compatible server may need no key; the client needs one all the same.
            api_key=settings.OPENAI_API_KEY or "not-needed",
            base_url=settings.OPENAI_BASE_URL or None,
            model=settings.OPENAI_TRANSCRIPTION_MODEL,
            timeout=settings.OPENAI_TIMEOUT_SECONDS,
            max_retries=settings.OPENAI_MAX_RETRIES,
        )


def transcription_available() -> bool:
    """A transcription model and a server to ask (a key for OpenAI, or a base URL)."""
    return bool(
        settings.OPENAI_TRANSCRIPTION_MODEL
        and (settings.OPENAI_API_KEY or settings.OPENAI_BASE_URL)
    )


async def atranscribe(*, audio: bytes, filename: str, content_type: str, language: str) -> str:
    """The text spoken in `audio` (`language`: "ko" or "en", a hint to the model). Raises
    TranscriptionError when the server fails, refuses or times out."""
    import openai

    config = TranscriptionConfig.from_settings()
    client = openai.AsyncOpenAI(
        api_key=config.api_key,
        base_url=config.base_url,
        timeout=config.timeout,
        max_retries=config.max_retries,
    )
    try:
        async with client:
            result = await client.audio.transcriptions.create(
                model=config.model,
                file=(filename, audio, content_type),
                language=language,
                response_format="json",
            )
    except openai.APITimeoutError as exc:
        raise TranscriptionError("the transcription server timed out", timed_out=True) from exc
    except openai.OpenAIError as exc:
        raise TranscriptionError(f"the transcription server failed: {exc}") from exc
    return str(result.text)
