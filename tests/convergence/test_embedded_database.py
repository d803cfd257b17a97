"""README's command 1 on a machine with no database server: the embedded SQLite default."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def manage(data_dir: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env |= {"DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "convergence.settings"}
    command = [sys.executable, str(ROOT / "manage.py"), *arguments]
    return subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT)


def test_every_migration_runs_on_a_new_sqlite_database_and_the_demo_loads(
    tmp_path: Path,
) -> None:
    # A migration that rebuilds the org unit table once failed on SQLite, as the touch points'
    # side-check trigger names that table (settings: legacy_alter_table).
    migrated = manage(tmp_path, "migrate", "--noinput", "-v0")
    assert migrated.returncode == 0, migrated.stderr[-2000:]
    demo = manage(tmp_path, "load_demo")
    assert demo.returncode == 0, demo.stderr[-2000:]
    check = "from touchpoints.models import TouchPoint; print(TouchPoint.objects.count())"
    counted = manage(tmp_path, "shell", "-c", check)
    assert int(counted.stdout.strip().splitlines()[-1]) > 0


def test_sqlite_refuses_a_person_of_a_missing_unit_or_another_workspace(tmp_path: Path) -> None:
    migrated = manage(tmp_path, "migrate", "--noinput", "-v0")
    assert migrated.returncode == 0, migrated.stderr[-2000:]
    script = """
from django.db import IntegrityError, transaction
from convergence.models import Workspace
from touchpoints.models import OrgUnit, Person
ours, theirs = (Workspace.objects.create(slug=s, name=s) for s in ("ours", "theirs"))
unit = OrgUnit.objects.create(workspace=ours, code="U", name="U")
foreign = OrgUnit.objects.create(workspace=theirs, code="F", name="F")
Person.objects.create(workspace=ours, unit=unit, name="kept", source="upload")
for fields in ({"unit_id": 10**6}, {"unit": foreign}, {"workspace_id": 10**6, "unit": None}):
    try:
        with transaction.atomic():
            Person.objects.create(**({"workspace": ours, "name": "x", "source": "upload"} | fields))
        print("kept")
    except IntegrityError as error:
        print("refused:", error)
print(Person.objects.count())
"""
    ran = manage(tmp_path, "shell", "-c", script)
    assert ran.returncode == 0, ran.stderr[-2000:]
    lines = ran.stdout.strip().splitlines()
    assert [line.split(":")[0] for line in lines[-4:-1]] == ["refused"] * 3, lines
    assert lines[-1] == "1"
