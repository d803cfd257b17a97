#!/usr/bin/env bash
# Command 1: a working, demo-filled Convergence at http://127.0.0.1:8000.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
export DJANGO_SETTINGS_MODULE=convergence.settings
host="${HOST:-127.0.0.1}" port="${PORT:-8000}"
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py load_demo
.venv/bin/python manage.py collectstatic --noinput -v0
echo
echo "Convergence is running at http://${host}:${port}/  (Ctrl-C to stop)"
echo
exec .venv/bin/gunicorn convergence.wsgi --bind "${host}:${port}" --workers 2 --access-logfile - \
  --log-level warning
