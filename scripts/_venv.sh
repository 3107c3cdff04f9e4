# Shared by run.sh and test.sh: a virtual environment with the pinned requirements.
# Usage: ensure_venv REQUIREMENTS_FILE
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
# as_root and apt_install, for Debian's Python on a bare machine.
source "$ROOT/scripts/_system.sh"

new_enough() {
  command -v "$1" >/dev/null 2>&1 && "$1" -c 'import sys; sys.exit(sys.version_info[:2] < (3, 11))'
}

find_python() {
  # 3.11 is what the pins are tested on; a newer Python 3 is accepted.
  local candidate
  for candidate in python3.11 python3.12 python3.13 python3.14 python3; do
    if new_enough "$candidate"; then
      echo "$candidate"
      return 0
    fi
  done
}

ensure_venv() {
  local requirements="$1"
  local python_bin="${PYTHON:-}"
  if [ -n "$python_bin" ] && ! new_enough "$python_bin"; then
    echo "PYTHON=$python_bin is not Python 3.11 or newer." >&2
    exit 1
  fi
  [ -n "$python_bin" ] || python_bin="$(find_python)"
  if [ -z "$python_bin" ]; then
    # A bare Debian machine: its python3 (3.11 on bookworm), when this run may install it.
    apt_install python3 python3-venv && python_bin="$(find_python)"
  fi
  if [ -z "$python_bin" ]; then
    echo "Interview Bot needs Python 3.11 or newer (python3.11 or python3 on PATH)." >&2
    exit 1
  fi
  # Also when an earlier try left a .venv without pip (no venv module then).
  if ! "$PY" -c 'import pip' >/dev/null 2>&1; then
    # Debian's Python makes no venv without its pythonX.Y-venv package (ensurepip).
    local venv_package
    venv_package="python$("$python_bin" -c 'import sys; print("%d.%d" % sys.version_info[:2])')-venv"
    "$python_bin" -c 'import ensurepip' >/dev/null 2>&1 || apt_install "$venv_package" ||
      { echo "$python_bin has no venv module. Install it (apt-get install $venv_package)." >&2; exit 1; }
    echo "==> Creating the virtual environment in .venv"
    "$python_bin" -m venv --clear "$VENV"
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
