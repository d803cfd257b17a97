"""Settings are read from the environment at import, so each case runs in a fresh process."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "SECRET_KEY": "k7Qm2vX9pL4sR8tY1wZ6nB3cF5hJ0dG7eA2uI9oP4qS6xV8yT1",
    "HTTPS": "true",
    "ALLOWED_HOSTS": "convergence.example.org",
    "DATABASE_URL": "postgres://convergence:secret@db.example.org:5432/convergence",
    "REDIS_URL": "redis://redis.example.org:6379/0",
}
PROBE = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], "
    "'eager': s.CELERY_TASK_ALWAYS_EAGER, 'broker': s.CELERY_BROKER_URL, 'debug': s.DEBUG}))"
)


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {*PRODUCTION, "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    clean |= {"DJANGO_SETTINGS_MODULE": "convergence.settings", "DATA_DIR": "/tmp/conv-settings"}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=clean | env, capture_output=True, text=True
    )


def test_with_nothing_configured_it_uses_sqlite_and_runs_tasks_in_process() -> None:
    result = run(["-c", PROBE], {})
    assert json.loads(result.stdout) == {
        "engine": "django.db.backends.sqlite3",
        "eager": True,
        "broker": "memory://",
        "debug": False,
    }


def test_with_urls_configured_it_uses_postgresql_and_redis() -> None:
    result = run(["-c", PROBE], PRODUCTION)
    settings = json.loads(result.stdout)
    assert settings["engine"] == "django.db.backends.postgresql"
    assert (settings["eager"], settings["broker"]) == (False, PRODUCTION["REDIS_URL"])


def test_the_deploy_check_is_clean_with_the_production_variables() -> None:
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION)
    assert result.returncode == 0, result.stderr


def test_the_deploy_check_flags_the_demo_secret_key() -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr
