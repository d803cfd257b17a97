"""docker-compose.yml and the HTTPS settings it runs with."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

ROOT = Path(__file__).resolve().parents[2]


def test_with_https_the_health_check_is_not_redirected(db: None, settings: Settings) -> None:
    settings.SECURE_SSL_REDIRECT = True
    client = Client()
    assert client.get(reverse("health")).status_code == 200
    assert client.get(reverse("login")).status_code == 301


def compose_config(**env: str) -> subprocess.CompletedProcess[str]:
    compose = shutil.which("docker-compose")
    if compose is None:
        pytest.skip("needs docker-compose (apt-get install docker-compose)")
    clean = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"} | env
    return subprocess.run(
        [compose, "-f", str(ROOT / "docker-compose.yml"), "config"],
        env=clean,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def test_compose_refuses_to_start_without_a_secret_key() -> None:
    refused = compose_config()
    assert refused.returncode != 0
    assert "SECRET_KEY" in refused.stderr
    accepted = compose_config(SECRET_KEY="k7Qm2vX9pL4sR8tY1wZ6nB3cF5hJ0dG7eA2uI9oP4qS6xV8yT1")
    assert accepted.returncode == 0, accepted.stderr
    assert "k7Qm2vX9pL4sR8tY1wZ6nB3cF5hJ0dG7eA2uI9oP4qS6xV8yT1" in accepted.stdout
