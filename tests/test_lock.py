"""The lock files pin every dependency pyproject.toml declares, within its bounds.

scripts/bootstrap.sh and the Dockerfile install requirements*.lock, not pyproject.toml, so a
dependency added to pyproject.toml without `make lock` would never be installed. These tests
fail until the locks are rewritten.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def pyproject() -> dict[str, list[str]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {"app": project["dependencies"], "dev": project["optional-dependencies"]["dev"]}


def pins(lock: str) -> dict[str, str]:
    """Each locked package's canonical name and version."""
    found: dict[str, str] = {}
    for line in (ROOT / lock).read_text().splitlines():
        if match := PIN.match(line):
            found[canonicalize_name(match[1])] = match[2]
    return found


def unlocked(declared: list[str], locked: dict[str, str]) -> list[str]:
    wrong = []
    for text in declared:
        requirement = Requirement(text)
        version = locked.get(canonicalize_name(requirement.name))
        if version is None:
            wrong.append(f"{text}: not in the lock")
        elif not requirement.specifier.contains(version, prereleases=True):
            wrong.append(f"{text}: the lock has {version}")
    return wrong


@pytest.mark.parametrize(
    ("lock", "groups"),
    [("requirements.lock", ["app"]), ("requirements-dev.lock", ["app", "dev"])],
)
def test_the_lock_pins_every_dependency_within_its_bounds(lock: str, groups: list[str]) -> None:
    declared = [text for group in groups for text in pyproject()[group]]
    wrong = unlocked(declared, pins(lock))
    assert not wrong, f"{lock} does not match pyproject.toml; run `make lock`:\n" + "\n".join(wrong)


def test_the_app_runs_on_the_versions_the_tests_run_on() -> None:
    app, dev = pins("requirements.lock"), pins("requirements-dev.lock")
    differ = [
        f"{name}: {app[name]} / {dev.get(name)}" for name in app if dev.get(name) != app[name]
    ]
    assert not differ, "requirements.lock and requirements-dev.lock differ; run `make lock`:\n" + (
        "\n".join(differ)
    )


def test_a_dependency_missing_from_the_lock_is_named() -> None:
    assert unlocked(
        ["django>=6.1", "left-pad>=1", "redis>=99"], {"django": "6.1.3", "redis": "8"}
    ) == [
        "left-pad>=1: not in the lock",
        "redis>=99: the lock has 8",
    ]
