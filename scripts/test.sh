#!/usr/bin/env bash
# Command 2: the whole test suite against PostgreSQL and Redis, plus the static checks.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh dev
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/convergence}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"
export DJANGO_SETTINGS_MODULE=convergence.settings
py=.venv/bin/python
echo "== ruff";       .venv/bin/ruff check . && .venv/bin/ruff format --check .
echo "== mypy";       .venv/bin/mypy .
echo "== django checks"
$py manage.py check --fail-level WARNING
# Migrations are compared with the models alone; no database needs to exist for that.
DATABASE_URL= DATA_DIR="$(mktemp -d)" $py manage.py makemigrations --check --dry-run
echo "== pytest"
# On two processes (pytest-xdist; each worker gets a test database of its own): the
# suite waits on browsers, workers and PostgreSQL a good part of the time, and one process
# took about 16 minutes of CI's 15. PYTEST_WORKERS=0 runs it in one process.
exec .venv/bin/pytest -n "${PYTEST_WORKERS:-2}" "$@"
