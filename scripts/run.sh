#!/usr/bin/env bash
# `make run`: set up and serve Interview Bot on embedded defaults
# (SQLite, in-memory channel layer, offline interviewer and retriever, demo data;
# no Redis, so the admin's imports run inline: IMPORT_JOBS_BACKEND in the README).
set -euo pipefail
source "$(dirname "$0")/_venv.sh"
cd "$ROOT"
ensure_venv requirements.txt

echo "==> Preparing the database"
"$PY" manage.py migrate --noinput
"$PY" manage.py collectstatic --noinput --verbosity 0
# The starter bank first: the demo interviews are drawn from its questions.
"$PY" manage.py load_starter_bank --if-empty
"$PY" manage.py load_demo_data --if-empty

HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
echo "==> Serving on http://$HOST:$PORT/ (Ctrl+C stops)"
exec "$VENV/bin/daphne" -b "$HOST" -p "$PORT" interview_bot.asgi:application
