#!/usr/bin/env bash
# `make test`: install what the tests need, lint, type-check, and run the whole suite
# against PostgreSQL and Redis (started here when installed but down, installed with
# apt-get on a bare Debian machine when this run may: scripts/_system.sh).
set -euo pipefail
source "$(dirname "$0")/_venv.sh"
source "$(dirname "$0")/_system.sh"
cd "$ROOT"

export DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
export REDIS_URL="${TEST_REDIS_URL:-redis://127.0.0.1:6379/0}"
export LANGSMITH_TRACING=false
export NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}"
export no_proxy="$NO_PROXY"
# Keep the developer's real keys out of the tests: they use local test servers.
unset OPENAI_API_KEY OPENAI_BASE_URL PINECONE_API_KEY PINECONE_HOST INTERVIEWER_PROVIDER RETRIEVER_BACKEND

echo "==> Browser (and speech, for the voice test) for the end-to-end tests"
if [ ! -x /usr/bin/chromium ]; then
  apt_install chromium || { echo "Could not install Debian's chromium (apt-get install chromium)." >&2; exit 1; }
fi
# The voice browser test's fake microphone plays what espeak-ng speaks.
command -v espeak-ng >/dev/null 2>&1 || apt_install espeak-ng ||
  { echo "Could not install espeak-ng (apt-get install espeak-ng)." >&2; exit 1; }
# The scale-out test puts two Daphne processes behind Debian's HAProxy.
ensure_haproxy || exit 1
# Korean glyphs in the browser tests' screenshots; the tests pass without them.
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || apt_install fonts-noto-cjk || echo "(fonts-noto-cjk not installed)"

echo "==> PostgreSQL and Redis"
# Servers given by TEST_DATABASE_URL / TEST_REDIS_URL are the caller's: used as they are.
[ -n "${TEST_DATABASE_URL:-}" ] || ensure_postgres || exit 1
[ -n "${TEST_REDIS_URL:-}" ] || ensure_redis || exit 1

ensure_venv requirements-dev.txt

echo "==> Lint"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
"$VENV/bin/djlint" templates --lint
# Types (config in pyproject.toml: strict on interviews/engine and interviews/services).
"$VENV/bin/mypy"

echo "==> Tests (PostgreSQL + Redis)"
# pytest exits 5 when it collects nothing; set -e turns that into a failure.
"$VENV/bin/pytest" -p no:cacheprovider "$@"
