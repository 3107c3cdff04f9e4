#!/usr/bin/env bash
# `make test`: install what the tests need, lint, and run the whole suite against
# PostgreSQL and Redis (started here when installed but down).
set -euo pipefail
source "$(dirname "$0")/_venv.sh"
cd "$ROOT"

export DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
export REDIS_URL="${TEST_REDIS_URL:-redis://127.0.0.1:6379/0}"
export LANGSMITH_TRACING=false
export NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}"
export no_proxy="$NO_PROXY"
# Keep the developer's real keys out of the tests: they use local test servers.
unset OPENAI_API_KEY OPENAI_BASE_URL PINECONE_API_KEY PINECONE_HOST INTERVIEWER_PROVIDER RETRIEVER_BACKEND

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"; else return 1; fi
}

apt_install() {
  # Installs Debian packages when this run may (root or passwordless sudo).
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get install -y -q "$@" >/dev/null 2>&1 ||
    { as_root apt-get update -q >/dev/null 2>&1 && as_root apt-get install -y -q "$@" >/dev/null; }
}

echo "==> Browser for the end-to-end test"
if [ ! -x /usr/bin/chromium ]; then
  apt_install chromium || { echo "Could not install Debian's chromium (apt-get install chromium)." >&2; exit 1; }
fi
# Korean glyphs in the browser tests' screenshots; the tests pass without them.
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || apt_install fonts-noto-cjk || echo "(fonts-noto-cjk not installed)"

echo "==> PostgreSQL and Redis"
if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  if ! command -v pg_ctlcluster >/dev/null 2>&1 && [ -z "${TEST_DATABASE_URL:-}" ]; then
    # A bare machine: Debian's PostgreSQL, local connections trusted (tests only).
    if apt_install postgresql; then
      for hba in /etc/postgresql/*/main/pg_hba.conf; do
        as_root sed -i -E 's/^(host\s+all\s+all\s+(127\.0\.0\.1\/32|::1\/128)\s+)\S+/\1trust/' "$hba" || true
      done
    fi
  fi
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
  pg_isready -q -h 127.0.0.1 -p 5432 ||
    { echo "PostgreSQL is not running on 127.0.0.1:5432 and could not be started. Install it (apt-get install postgresql) or set TEST_DATABASE_URL." >&2; exit 1; }
fi
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  if ! command -v redis-server >/dev/null 2>&1 && [ -z "${TEST_REDIS_URL:-}" ]; then
    apt_install redis-server || true
  fi
  if command -v redis-server >/dev/null 2>&1; then
    mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
    for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
  fi
  redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 ||
    { echo "Redis is not running on 127.0.0.1:6379 and could not be started. Install it (apt-get install redis-server) or set TEST_REDIS_URL." >&2; exit 1; }
fi

ensure_venv requirements-dev.txt

echo "==> Lint"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
"$VENV/bin/djlint" templates --lint

echo "==> Tests (PostgreSQL + Redis)"
# pytest exits 5 when it collects nothing; set -e turns that into a failure.
"$VENV/bin/pytest" -p no:cacheprovider "$@"
