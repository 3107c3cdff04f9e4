# Shared by run.sh and test.sh: a virtual environment with the pinned requirements.
# Usage: ensure_venv REQUIREMENTS_FILE
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"

new_enough() {
  command -v "$1" >/dev/null 2>&1 && "$1" -c 'import sys; sys.exit(sys.version_info[:2] < (3, 11))'
}

ensure_venv() {
  local requirements="$1"
  local python_bin="${PYTHON:-}"
  if [ -n "$python_bin" ] && ! new_enough "$python_bin"; then
    echo "PYTHON=$python_bin is not Python 3.11 or newer." >&2
    exit 1
  fi
  if [ -z "$python_bin" ]; then
    # 3.11 is what the pins are tested on; a newer Python 3 is accepted.
    for candidate in python3.11 python3.12 python3.13 python3.14 python3; do
      if new_enough "$candidate"; then
        python_bin="$candidate"
        break
      fi
    done
  fi
  if [ -z "$python_bin" ]; then
    echo "Interview Bot needs Python 3.11 or newer (python3.11 or python3 on PATH)." >&2
    exit 1
  fi
  if [ ! -x "$PY" ]; then
    echo "==> Creating the virtual environment in .venv"
    "$python_bin" -m venv "$VENV"
  fi
  # Reinstall only when the requirements changed since the last install.
  local stamp="$VENV/.installed-$(basename "$requirements")"
  local digest
  digest="$(cat "$ROOT"/requirements*.txt | sha256sum | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$digest" ]; then
    echo "==> Installing $(basename "$requirements")"
    "$PY" -m pip install --quiet --disable-pip-version-check -r "$ROOT/$requirements"
    echo "$digest" >"$stamp"
  fi
}
