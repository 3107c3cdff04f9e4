"""A local OpenAI-compatible chat completions server that plays scripted replies.

Real clients (`openai`, `langchain-openai`) talk to it over HTTP/1.1 with keep-alive
and chunked SSE, as to the real API, so connection reuse across event loops is
exercised too (a double that closed every connection would hide "Event loop is
closed"). Each request takes the next scripted `Reply`; with none left it gets
`default`, or a 500 saying the script ran out.

    with FakeOpenAIServer([Reply("**Score: 80/100** ..."), Reply.error(500)]) as fake:
        ChatOpenAI(base_url=fake.url, api_key="test", model="fake-model")
        fake.requests[0]["json"]["messages"]   # headers are lower-cased

For load benchmarks, stream at a fixed pace:

    FakeOpenAIServer(default=Reply(text), tokens_per_second=50, first_token_delay=0.3)

It also serves `POST /v1/audio/transcriptions` (multipart, as the openai SDK sends it)
from a script of its own: each upload takes the next `Reply` of `transcripts` (its
`text` is the transcript; `Reply.error(500)`, or `Reply.stall(s)` to outlast the
client's timeout), else `transcript_default`. With `transcription_model` set, an upload
naming another model gets a 404 as from OpenAI. Uploads are kept in `transcriptions`:

    fake = FakeOpenAIServer(transcripts=[Reply("A decorator wraps a function")],
                            transcription_model="whisper-test")
    fake.transcriptions[0]["form"]["model"], fake.transcriptions[0]["files"]["file"]
"""

import email.parser
import email.policy
import json
import re
import socket
import threading
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_TOKENS = re.compile(r"\S+\s*|\s+")


@dataclass
class Reply:
    """One scripted response. A 200 reply is streamed (or sent whole when not asked to
    stream); `cut_after` drops the connection after that many content chunks; a
    `finish_reason` of None sends no finish reason at all."""

    text: str = ""
    finish_reason: str | None = "stop"
    usage: tuple[int, int] | None = (50, 20)  # prompt, completion tokens
    status: int = HTTPStatus.OK
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None  # error body (dict or str) for non-200 replies
    delay: float = 0.0  # seconds before the response headers (simulates a slow server)
    cut_after: int | None = None
    tokens_per_second: float | None = None  # overrides the server's pace
    first_token_delay: float | None = None

    @classmethod
    def error(cls, status: int = 500, message: str = "boom", **headers: str) -> "Reply":
        body = {"error": {"message": message, "type": "server_error", "code": None}}
        return cls(status=status, body=body, headers=dict(headers))

    @classmethod
    def rate_limited(cls, retry_after: float = 0) -> "Reply":
        reply = cls.error(429, "Rate limit reached")
        reply.headers["Retry-After"] = str(retry_after)
        return reply

    @classmethod
    def stall(cls, seconds: float) -> "Reply":
        """No headers for `seconds`: the client's read timeout fires first."""
        return cls(text="late", delay=seconds)

    def tokens(self) -> list[str]:
        return _TOKENS.findall(self.text)


class FakeOpenAIServer:
    def __init__(
        self,
        replies: Iterable[Reply] = (),
        *,
        default: Reply | None = None,
        tokens_per_second: float | None = None,
        first_token_delay: float = 0.0,
        model: str = "fake-model",
        transcripts: Iterable[Reply] = (),
        transcript_default: Reply | None = None,
        transcription_model: str | None = None,
    ) -> None:
        self.transcripts: deque[Reply] = deque(transcripts)
        self.transcript_default = transcript_default
        self.transcription_model = transcription_model
        # {"path", "headers", "form": {field: text}, "files": {field: UploadedAudio}}
        self.transcriptions: list[dict[str, Any]] = []
        self.replies: deque[Reply] = deque(replies)
        self.default = default
        self.tokens_per_second = tokens_per_second
        self.first_token_delay = first_token_delay
        self.model = model
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle ------------------------------------------------------------------
    def start(self) -> "FakeOpenAIServer":
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> "FakeOpenAIServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None, "start() the server first"
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        """The base URL to give the client (ends in /v1)."""
        return f"http://127.0.0.1:{self.port}/v1"

    # --- script ---------------------------------------------------------------------
    def enqueue(self, *replies: Reply) -> None:
        with self._lock:
            self.replies.extend(replies)

    def _next(self, request: dict[str, Any]) -> Reply:
        with self._lock:
            self.requests.append(request)
            if self.replies:
                return self.replies.popleft()
        if self.default is not None:
            return self.default
        return Reply.error(500, "FakeOpenAIServer: no scripted reply left")

    def _next_transcript(self, request: dict[str, Any]) -> Reply:
        with self._lock:
            self.transcriptions.append(request)
            if self.transcripts:
                return self.transcripts.popleft()
        if self.transcript_default is not None:
            return self.transcript_default
        return Reply.error(500, "FakeOpenAIServer: no scripted transcript left")


@dataclass(frozen=True)
class UploadedAudio:
    filename: str
    content_type: str
    data: bytes


def _multipart(content_type: str, body: bytes) -> tuple[dict[str, str], dict[str, UploadedAudio]]:
    """The fields and files of a multipart/form-data body."""
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    form: dict[str, str] = {}
    files: dict[str, UploadedAudio] = {}
    for part in message.iter_parts():
        name = str(part.get_param("name", header="content-disposition"))
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        filename = part.get_filename()
        if filename is not None:
            files[name] = UploadedAudio(filename, part.get_content_type(), data)
        else:
            form[name] = data.decode()
    return form, files


class _Handler(BaseHTTPRequestHandler):
    fake: FakeOpenAIServer
    protocol_version = "HTTP/1.1"  # keep-alive and chunked bodies, like the real API

    def log_message(self, format: str, *args: Any) -> None:  # quiet test output
        return

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if self.path.rstrip("/").endswith("/audio/transcriptions"):
            self._transcribe(raw)
            return
        try:
            payload = json.loads(raw or b"{}")
        except json.JSONDecodeError:
            payload = {"_raw": raw.decode(errors="replace")}
        headers = {key.lower(): value for key, value in self.headers.items()}
        request = {"path": self.path, "headers": headers, "json": payload}
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self._send_json(HTTPStatus.NOT_FOUND, {"error": {"message": "unknown path"}})
            return
        reply = self.fake._next(request)
        if reply.delay:
            time.sleep(reply.delay)
        if reply.status != HTTPStatus.OK:
            self._send_json(reply.status, reply.body or {"error": {"message": "error"}}, reply)
            return
        if payload.get("stream"):
            self._stream(reply, payload)
        else:
            self._whole(reply, payload)

    def _transcribe(self, raw: bytes) -> None:
        headers = {key.lower(): value for key, value in self.headers.items()}
        form, files = _multipart(headers.get("content-type", ""), raw)
        request = {"path": self.path, "headers": headers, "form": form, "files": files}
        reply = self.fake._next_transcript(request)
        if reply.delay:
            time.sleep(reply.delay)
        try:
            self._transcript(reply, form, files)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up waiting
            self.close_connection = True

    def _transcript(
        self, reply: Reply, form: dict[str, str], files: dict[str, "UploadedAudio"]
    ) -> None:
        expected = self.fake.transcription_model
        if expected is not None and form.get("model") != expected:
            message = f"The model `{form.get('model')}` does not exist"
            self._send_json(HTTPStatus.NOT_FOUND, {"error": {"message": message}})
            return
        if "file" not in files or not files["file"].data:
            self._send_json(HTTPStatus.BAD_REQUEST, {"error": {"message": "no audio file"}})
            return
        if reply.status != HTTPStatus.OK:
            self._send_json(reply.status, reply.body or {"error": {"message": "error"}}, reply)
            return
        self._send_json(HTTPStatus.OK, {"text": reply.text}, reply)

    # --- responses ------------------------------------------------------------------
    def _send_json(self, status: int, body: Any, reply: Reply | None = None) -> None:
        data = (body if isinstance(body, str) else json.dumps(body)).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (reply.headers if reply else {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def _base(self, payload: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": "chatcmpl-fake",
            "created": int(time.time()),
            "model": payload.get("model") or self.fake.model,
            "system_fingerprint": "fake",
        }

    def _whole(self, reply: Reply, payload: dict[str, Any]) -> None:
        body = {
            **self._base(payload),
            "object": "chat.completion",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": reply.text},
                    "finish_reason": reply.finish_reason,
                    "logprobs": None,
                }
            ],
        }
        if reply.usage:
            prompt, completion = reply.usage
            body["usage"] = {
                "prompt_tokens": prompt,
                "completion_tokens": completion,
                "total_tokens": prompt + completion,
            }
        self._send_json(HTTPStatus.OK, body, reply)

    def _chunk(self, data: str) -> None:
        encoded = data.encode()
        self.wfile.write(f"{len(encoded):X}\r\n".encode() + encoded + b"\r\n")
        self.wfile.flush()

    def _event(self, payload: dict[str, Any], delta: dict[str, Any], finish: str | None) -> None:
        body = {
            **self._base(payload),
            "object": "chat.completion.chunk",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}],
        }
        self._chunk(f"data: {json.dumps(body)}\n\n")

    def _stream(self, reply: Reply, payload: dict[str, Any]) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        for key, value in reply.headers.items():
            self.send_header(key, value)
        self.end_headers()
        pace = reply.tokens_per_second or self.fake.tokens_per_second
        first = reply.first_token_delay
        first = self.fake.first_token_delay if first is None else first
        try:
            self._event(payload, {"role": "assistant", "content": ""}, None)
            if first:
                time.sleep(first)
            for index, token in enumerate(reply.tokens()):
                if reply.cut_after is not None and index >= reply.cut_after:
                    # Drop the connection mid-body, without the terminating chunk.
                    self.connection.shutdown(socket.SHUT_RDWR)
                    self.close_connection = True
                    return
                if pace and index:
                    time.sleep(1.0 / pace)
                self._event(payload, {"content": token}, None)
            if reply.finish_reason is not None:
                self._event(payload, {}, reply.finish_reason)
            include_usage = (payload.get("stream_options") or {}).get("include_usage")
            if include_usage and reply.usage:
                prompt, completion = reply.usage
                usage = {
                    "prompt_tokens": prompt,
                    "completion_tokens": completion,
                    "total_tokens": prompt + completion,
                }
                body = {
                    **self._base(payload),
                    "object": "chat.completion.chunk",
                    "choices": [],
                    "usage": usage,
                }
                self._chunk(f"data: {json.dumps(body)}\n\n")
            self._chunk("data: [DONE]\n\n")
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
