#!/usr/bin/env bash
# Find a Python 3.12+ interpreter, make .venv with it and install the project into it.
# Usage: scripts/bootstrap.sh [dev]. Re-running only reinstalls when pyproject.toml or the lock
# file changed.
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"

is_suitable() {
  "$1" -c 'import sys; raise SystemExit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null
}

find_python() {
  local candidate
  for candidate in "${PYTHON:-}" python3.14 python3.13 python3.12 python3 python; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 && is_suitable "$(command -v "$candidate")"; then
      command -v "$candidate"; return 0
    fi
  done
  # pyenv, asdf and uv keep interpreters that are not on PATH.
  for candidate in "$HOME"/.pyenv/versions/3.1[2-9]*/bin/python3 \
                   "$HOME"/.asdf/installs/python/3.1[2-9]*/bin/python3 \
                   "$HOME"/.local/share/uv/python/cpython-3.1[2-9]*/bin/python3 \
                   /usr/local/bin/python3.1[2-9] /opt/python*/bin/python3; do
    if [ -x "$candidate" ] && is_suitable "$candidate"; then echo "$candidate"; return 0; fi
  done
  return 1
}

if [ ! -x .venv/bin/python ] || ! is_suitable .venv/bin/python; then
  python=$(find_python) || {
    echo "Convergence needs Python 3.12 or newer, and none was found." >&2
    echo "Install one (e.g. 'pyenv install 3.12' or your system's python3.12) or set PYTHON=/path/to/python3.12." >&2
    exit 1
  }
  echo "Creating .venv with $python ($("$python" --version))"
  rm -rf .venv
  "$python" -m venv .venv
fi

# The locked versions (requirements.lock, or requirements-dev.lock for "dev"; `make lock` writes
# them), each file checked against its hash, then the project itself without its dependencies.
case "$extras" in
  "") lock=requirements.lock ;;
  dev) lock=requirements-dev.lock ;;
  *) echo "bootstrap.sh: no lock file for the extras '$extras' (only 'dev')." >&2; exit 2 ;;
esac
stamp=".venv/.installed-$(cat pyproject.toml "$lock" | sha256sum | cut -c1-16)-${extras:-base}"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet --require-hashes -r "$lock"
  .venv/bin/python -m pip install --quiet --no-deps -e .
  rm -f .venv/.installed-*
  touch "$stamp"
fi
