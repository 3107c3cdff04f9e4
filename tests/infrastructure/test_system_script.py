"""scripts/_system.sh, the part of `make test` that installs and starts PostgreSQL and
Redis, run against stand-in commands: nothing is installed, started or edited outside
a temporary directory."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REAL_TOOLS = "bash ls head tail sort seq sleep mkdir cat sed touch cp".split()
SCRAM_HBA = (
    "local   all   postgres                 peer\n"
    "host    all   all      127.0.0.1/32    scram-sha-256\n"
    "host    all   all      ::1/128         scram-sha-256\n"
)

# Stand-ins: each logs its call; servers are "up" once a state file exists.
STUBS = {
    "id": 'echo "${FAKE_UID:-0}"',
    "pg_ctlcluster": 'echo "pg_ctlcluster $*" >>"$LOG"\n'
    'case "$*" in *start*) touch "$STATE/postgres" ;; esac',
    "pg_isready": '[ -f "$STATE/postgres" ]',
    "redis-server": 'echo "redis-server $*" >>"$LOG"; touch "$STATE/redis"',
    "redis-cli": '[ -f "$STATE/redis" ]',
    "dpkg": "exit 1",
    "haproxy": 'echo "haproxy $*" >>"$LOG"',
}
APT_GET = """echo "apt-get $*" >>"$LOG"
case "$*" in
  *"install"*postgresql*)
    for name in pg_ctlcluster pg_isready; do cp "$STUBS/$name" "$FAKE_BIN/$name"; done
    mkdir -p "$PG_ETC/15/main"
    cp "$STUBS/pg_hba.conf" "$PG_ETC/15/main/pg_hba.conf" ;;
  *"install"*redis-server*)
    for name in redis-server redis-cli; do cp "$STUBS/$name" "$FAKE_BIN/$name"; done ;;
  *"install"*haproxy*)
    cp "$STUBS/haproxy" "$FAKE_BIN/haproxy" ;;
esac
"""
SUDO = 'echo "sudo $*" >>"$LOG"; [ "$1" = "-n" ] && shift; FAKE_UID=0 "$@"'


def _write(path: Path, body: str) -> None:
    path.write_text(f"#!/bin/bash\n{body}\n")
    path.chmod(0o755)


@pytest.fixture
def machine(tmp_path):
    """A bare machine: coreutils, apt-get, no PostgreSQL or Redis; returns a runner."""
    bin_dir, stubs, state = tmp_path / "bin", tmp_path / "stubs", tmp_path / "state"
    for folder in (bin_dir, stubs, state):
        folder.mkdir()
    for tool in REAL_TOOLS:
        (bin_dir / tool).symlink_to(shutil.which(tool))
    for name, body in STUBS.items():
        _write(stubs / name, body)
    (stubs / "pg_hba.conf").write_text(SCRAM_HBA)
    _write(bin_dir / "id", STUBS["id"])
    _write(bin_dir / "apt-get", APT_GET)
    env = {
        "PATH": str(bin_dir),
        "FAKE_BIN": str(bin_dir),
        "STUBS": str(stubs),
        "STATE": str(state),
        "LOG": str(tmp_path / "calls.log"),
        "PG_ETC": str(tmp_path / "etc-postgresql"),
        "TMPDIR": str(tmp_path),
        "HAPROXY_BIN": str(bin_dir / "haproxy"),
    }

    class Machine:
        bin = bin_dir
        etc = tmp_path / "etc-postgresql"

        def install(self, *names: str) -> None:
            for name in names:
                shutil.copy(stubs / name, bin_dir / name)

        def up(self, *servers: str) -> None:
            for server in servers:
                (state / server).touch()

        def run(self, functions: str, **extra: str) -> subprocess.CompletedProcess:
            script = f'source "{ROOT}/scripts/_system.sh"; {functions}'
            bash = shutil.which("bash")
            assert bash is not None
            return subprocess.run(  # noqa: S603 - our own script, with stand-in commands
                [bash, "-c", script],
                env={**env, **extra},
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )

        @property
        def calls(self) -> list[str]:
            log = Path(env["LOG"])
            return log.read_text().splitlines() if log.exists() else []

    return Machine()


def test_a_bare_machine_as_root_gets_both_servers_installed_and_started(machine):
    result = machine.run("ensure_postgres && ensure_redis")

    assert result.returncode == 0, result.stderr
    calls = machine.calls
    assert "apt-get install -y -q postgresql" in calls
    assert "pg_ctlcluster --skip-systemctl-redirect 15 main start" in calls
    assert "pg_ctlcluster --skip-systemctl-redirect 15 main reload" in calls
    assert "apt-get install -y -q redis-server" in calls
    redis = next(c for c in calls if c.startswith("redis-server"))
    assert "--daemonize yes --bind 127.0.0.1 -::1 --port 6379" in redis
    hba = (machine.etc / "15/main/pg_hba.conf").read_text()
    assert "127.0.0.1/32    trust" in hba and "::1/128         trust" in hba
    assert "postgres                 peer" in hba  # only local TCP is trusted


def test_passwordless_sudo_does_the_same(machine):
    _write(machine.bin / "sudo", SUDO)

    result = machine.run("ensure_postgres && ensure_redis", FAKE_UID="1000")

    assert result.returncode == 0, result.stderr
    assert "sudo -n apt-get install -y -q postgresql" in machine.calls
    assert "sudo -n apt-get install -y -q redis-server" in machine.calls


@pytest.mark.parametrize(
    ("function", "line"),
    [
        (
            "ensure_postgres",
            "PostgreSQL is not running on 127.0.0.1:5432 and could not be started. Install it "
            "(apt-get install postgresql) or set TEST_DATABASE_URL.",
        ),
        (
            "ensure_redis",
            "Redis is not running on 127.0.0.1:6379 and could not be started. Install it "
            "(apt-get install redis-server) or set TEST_REDIS_URL.",
        ),
    ],
)
def test_without_root_or_sudo_it_stops_with_one_clear_line(machine, function, line):
    result = machine.run(function, FAKE_UID="1000")

    assert result.returncode == 1
    assert result.stderr.strip() == line
    assert machine.calls == []  # no apt-get without the right to use it


def test_installed_servers_that_are_down_are_started_and_left_configured_as_they_were(machine):
    machine.install("pg_ctlcluster", "pg_isready", "redis-server", "redis-cli")
    (machine.etc / "15/main").mkdir(parents=True)
    (machine.etc / "15/main/pg_hba.conf").write_text(SCRAM_HBA)

    result = machine.run("ensure_postgres && ensure_redis")

    assert result.returncode == 0, result.stderr
    assert not any(call.startswith("apt-get") for call in machine.calls)
    assert "pg_ctlcluster --skip-systemctl-redirect 15 main start" in machine.calls
    assert (machine.etc / "15/main/pg_hba.conf").read_text() == SCRAM_HBA


def test_running_servers_are_left_alone(machine):
    machine.install("pg_isready", "redis-cli")
    machine.up("postgres", "redis")

    result = machine.run("ensure_postgres && ensure_redis")

    assert result.returncode == 0
    assert machine.calls == []


def test_a_bare_machine_gets_haproxy_for_the_scale_out_test_once(machine):
    result = machine.run("ensure_haproxy && ensure_haproxy")

    assert result.returncode == 0, result.stderr
    assert machine.calls == ["apt-get install -y -q haproxy"]  # installed, never started
    assert (machine.bin / "haproxy").exists()


def test_haproxy_without_root_or_sudo_stops_with_one_clear_line(machine):
    result = machine.run("ensure_haproxy", FAKE_UID="1000")

    assert result.returncode == 1
    assert "Install it (apt-get install haproxy)" in result.stderr
    assert machine.calls == []
