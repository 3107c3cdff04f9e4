"""Real server processes for the fault and scale-out tests: Daphne on the test
database, a Redis server of the test's own, and HAProxy with the project's
configuration (deploy/haproxy.cfg). Each is started on a free port, logs to a file
the test can show, and is stopped (or killed) by the test.

Daphne runs `interview_bot.settings` (not the test settings) with the test run's
database and Redis key prefix, so the rows and leases it writes are the test's, and
the test's session cookies (same secret key) log its sockets in.
"""

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.error import URLError
from urllib.request import urlopen

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from tests.fakes.openai_server import FakeOpenAIServer, Reply

ROOT = Path(__file__).resolve().parents[1]
HAPROXY_CONFIG = ROOT / "deploy" / "haproxy.cfg"
# Debian's package (scripts/_system.sh installs it for `make test`).
HAPROXY = os.environ.get("HAPROXY_BIN") or shutil.which("haproxy") or "/usr/sbin/haproxy"
START_TIMEOUT = 90.0  # seconds; a loaded 2-core machine starts Django slowly
APP_NAME = "interview-bot-test-server"  # the PostgreSQL application_name of their sessions


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_database_url() -> str:
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def _wait(check, *, timeout: float, what: str, process: "subprocess.Popen | None" = None):
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what}: the process exited with {process.returncode}")
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not within {timeout:.0f} s")
        time.sleep(0.1)


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


class Process:
    """A subprocess with its output in a log file."""

    name = "process"

    def __init__(self, log_dir: Path) -> None:
        self.log_dir = log_dir
        self.process: subprocess.Popen | None = None
        self.log_path = log_dir / f"{self.name}-{id(self)}.log"

    def _spawn(self, args: list[str], env: dict[str, str] | None = None) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        log.close()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:] if self.log_path.exists() else ""

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def signal(self, number: int) -> None:
        assert self.process is not None
        self.process.send_signal(number)

    def wait(self, timeout: float) -> int:
        assert self.process is not None
        return self.process.wait(timeout=timeout)

    def kill(self) -> None:
        """SIGKILL (a crash), or the quick end of a process a test is done with."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.kill()
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


class RedisServer(Process):
    """redis-server on its own port, keeping nothing on disk; `kill` and `start` again
    on the same port to make a Redis blip or restart."""

    name = "redis"

    def __init__(self, log_dir: Path) -> None:
        super().__init__(log_dir)
        self.port = free_port()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed (apt-get install redis-server)")
        self._spawn(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.log_dir)]
        )  # fmt: skip
        _wait(lambda: _port_open(self.port), timeout=20, what="redis-server", process=self.process)
        return self


class Daphne(Process):
    """One Daphne process serving the app on the test database."""

    name = "daphne"

    def __init__(self, log_dir: Path, *, redis_url: str, **env: str) -> None:
        super().__init__(log_dir)
        self.port = free_port()
        self.redis_url = redis_url
        self.extra_env = env

    @property
    def base(self) -> str:
        return f"127.0.0.1:{self.port}"

    def environment(self) -> dict[str, str]:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "interview_bot.settings",
            "DATABASE_URL": test_database_url(),
            "REDIS_URL": self.redis_url,
            # The test run's key space: its leases and heartbeats are the test's to read.
            "REDIS_KEY_PREFIX": settings.CACHES["default"].get("KEY_PREFIX", "") or "faults",
            "DJANGO_SECRET_KEY": settings.SECRET_KEY,
            "DJANGO_DEBUG": "true",
            "DJANGO_LOG_LEVEL": "WARNING",
            "RETRIEVER_BACKEND": "local",
            "LANGSMITH_TRACING": "false",
            "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost",
            "IMPORT_JOBS_BACKEND": "inline",
            "PGAPPNAME": APP_NAME,
            **self.extra_env,
        }
        for key in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "INTERVIEWER_PROVIDER"):
            if key not in self.extra_env:
                env.pop(key, None)
        return env

    def spawn(self) -> "Daphne":
        self._spawn(
            [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(self.port),
             "interview_bot.asgi:application"],
            env=self.environment(),
        )  # fmt: skip
        return self

    def wait_ready(self) -> "Daphne":
        def ready() -> bool:
            try:
                with urlopen(f"http://{self.base}/", timeout=2):
                    return True
            except (URLError, ConnectionError, TimeoutError):
                return False

        try:
            _wait(ready, timeout=START_TIMEOUT, what="Daphne", process=self.process)
        except (RuntimeError, TimeoutError) as error:
            self.stop()
            raise RuntimeError(f"{error}\n{self.log()}") from error
        return self

    def start(self) -> "Daphne":
        return self.spawn().wait_ready()


def start_all(daphnes: list[Daphne]) -> list[Daphne]:
    """Starts the processes side by side (Django takes seconds to start on a loaded
    machine), then waits for each."""
    for daphne in daphnes:
        daphne.spawn()
    return [daphne.wait_ready() for daphne in daphnes]


class HAProxy(Process):
    """HAProxy in front of the given Daphne processes, from deploy/haproxy.cfg (its
    addresses come from the environment, as in production)."""

    name = "haproxy"

    def __init__(self, log_dir: Path, backends: list[str]) -> None:
        super().__init__(log_dir)
        if len(backends) != 2:
            raise ValueError("deploy/haproxy.cfg names two app servers")
        self.port = free_port()
        self.backends = backends

    @property
    def base(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> "HAProxy":
        if not Path(HAPROXY).exists():
            pytest.skip("haproxy is not installed (apt-get install haproxy; make test does)")
        env = {
            **os.environ,
            "HAPROXY_BIND": f"127.0.0.1:{self.port}",
            "INTERVIEW_BOT_APP_1": self.backends[0],
            "INTERVIEW_BOT_APP_2": self.backends[1],
        }
        self._spawn([HAPROXY, "-db", "-f", str(HAPROXY_CONFIG)], env=env)
        try:
            _wait(lambda: _port_open(self.port), timeout=20, what="haproxy", process=self.process)
        except (RuntimeError, TimeoutError) as error:
            self.stop()
            raise RuntimeError(f"{error}\n{self.log()}") from error
        return self


def wait_database_sessions_closed() -> None:
    """PostgreSQL ends a stopped server's sessions a moment after it exits: wait, so the
    test database can be flushed and dropped (the servers' sessions carry APP_NAME; the
    test process's own pool has others)."""
    with connection.cursor() as cursor:
        for _ in range(100):
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = %s AND application_name = %s",
                [connection.settings_dict["NAME"], APP_NAME],
            )
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(0.1)


@contextlib.contextmanager
def stopped_at_exit(*processes: Process) -> Iterator[None]:
    try:
        yield
    finally:
        for process in processes:
            process.stop()


# A real answer (a junk one is graded by the rubric without calling the model).
ANSWER = (
    "A decorator takes a function and returns a new function that wraps the original to "
    "add behaviour; the @ syntax reassigns the name, and functools.wraps keeps metadata."
)


def reply(words: int, **pace) -> Reply:
    """Feedback of `words` tokens, then the evaluation block the LLM grader expects."""
    feedback = " ".join(f"point{i}" for i in range(words - 1)) + " **done.**\n\n"
    verdicts = {
        "score": 80,
        "key_points": [
            {"id": 1, "verdict": "covered", "evidence": "takes a function and returns a new"},
            {"id": 2, "verdict": "covered", "evidence": "wraps the original to add behaviour"},
            {"id": 3, "verdict": "covered", "evidence": "the @ syntax reassigns the name"},
            {"id": 4, "verdict": "covered", "evidence": "functools.wraps keeps metadata"},
        ],
        "strengths": ["Complete"],
        "improvements": ["An example"],
        "flag": "",
        "reason": "",
    }
    return Reply(feedback + f"<evaluation>\n{json.dumps(verdicts)}\n</evaluation>", **pace)


# --- A websocket client (the websockets library's sync API) ------------------------------


def open_socket(base: str, session_id: int, cookie: str) -> Any:
    from websockets.sync.client import connect
    from websockets.typing import Origin

    return connect(
        f"ws://{base}/ws/interviews/{session_id}/",
        origin=Origin(f"http://{base}"),
        additional_headers={"Cookie": f"sessionid={cookie}"},
        open_timeout=30,
        close_timeout=5,
        max_size=2**22,
    )


def next_frame(ws: Any, *, timeout: float = 30.0) -> dict[str, Any]:
    return json.loads(ws.recv(timeout=timeout))


def frames_until(ws: Any, kind: str, *, timeout: float = 60.0) -> list[dict[str, Any]]:
    """Frames up to and including the first of type `kind`."""
    deadline = time.monotonic() + timeout
    seen: list[dict[str, Any]] = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"no {kind!r} frame within {timeout:.0f} s: {seen[-3:]}")
        frame = next_frame(ws, timeout=left)
        seen.append(frame)
        if frame["type"] == kind:
            return seen


# --- Fixtures (imported by the conftest.py of the tests that start servers) -------------


@pytest.fixture
def llm():
    with FakeOpenAIServer() as server:
        yield server


@pytest.fixture
def daphnes(tmp_path, llm):
    """Starts Daphne processes side by side on the test database, with the LLM pointed
    at `llm`: `daphnes(2, redis_url=...)` returns them once all serve."""
    started: list[Daphne] = []

    def start(count: int = 1, *, redis_url: str, **env: str) -> list[Daphne]:
        batch = [
            Daphne(
                tmp_path,
                redis_url=redis_url,
                INTERVIEWER_PROVIDER="openai",
                OPENAI_BASE_URL=llm.url,
                OPENAI_API_KEY="test-key",
                OPENAI_MODEL="fake-model",
                OPENAI_MAX_RETRIES="0",
                **env,
            )
            for _ in range(count)
        ]
        started.extend(batch)
        return start_all(batch)

    yield start
    for daphne in started:
        daphne.kill()  # what the test needed from them is done
    wait_database_sessions_closed()
