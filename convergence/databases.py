"""The database settings: a DATABASE_URL, or the embedded SQLite file of a fresh clone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dj_database_url

SQLITE = "django.db.backends.sqlite3"
# legacy_alter_table: a migration that rebuilds a table (SQLite copies it under a new name,
# then renames it back) must not re-check the triggers of other tables that name it, such as
# the touch points' side check on touchpoints_orgunit.
SQLITE_OPTIONS: dict[str, Any] = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA legacy_alter_table=ON;",
    "timeout": 20,
}


def from_url(url: str) -> dict[str, Any]:
    """DATABASE_URL as Django's settings. An SQLite URL gets the embedded file's options:
    without them, migrating a new SQLite database stops at touchpoints 0007."""
    config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    if config["ENGINE"] == SQLITE:
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    return config


def embedded(data_dir: Path) -> dict[str, Any]:
    """The default with nothing configured: a file beside the code, its folder made on first
    run."""
    data_dir.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": SQLITE,
        "NAME": str(data_dir / "convergence.sqlite3"),
        "OPTIONS": dict(SQLITE_OPTIONS),
    }
