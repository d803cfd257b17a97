"""manage.py import_orgchart: the preview on the terminal, exit status 1 when it can't import."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import Org
from tests.touchpoints.test_import_plan import ACME, database_state
from touchpoints.models import ImportJob, ImportStatus, OrgUnit

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("import_orgchart", *args, stdout=out)
    return out.getvalue()


def chart_file(tmp_path: Path, text: str, name: str = "chart.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_it_imports_a_file_and_prints_what_changed(org: Org, tmp_path: Path) -> None:
    path = chart_file(tmp_path, ACME.replace("Sales", "Revenue") + "X,Audit,F,\n")
    output = run(path, "--workspace", "acme")
    assert "1 created, 1 renamed" in output and "Applied as import #" in output
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.APPLIED and job.created_by is None
    assert OrgUnit.objects.get(code="S").name == "Revenue"


def test_a_dry_run_prints_the_summary_and_changes_nothing(org: Org, tmp_path: Path) -> None:
    path = chart_file(tmp_path, ACME.replace("F,Finance,G,London\n", "") + ",No id,G,\n")
    before = database_state(org)
    output = run(path, "--workspace", "acme", "--dry-run")
    assert "1 retired" in output and "1 rejected" in output
    assert "Row 7 (error): The row has no id" in output
    assert "nothing was changed" in output
    assert database_state(org) == before and not ImportJob.objects.exists()


def test_map_names_the_columns(org: Org, tmp_path: Path) -> None:
    path = chart_file(tmp_path, "Unit,Title,Boss,Kind\nP,Plant,,Site\nQ,Quality,P,Team\n")
    output = run(
        path,
        "--workspace",
        "acme",
        "--map",
        "code=Unit",
        "--map",
        "parent=Boss",
        "--map",
        "name=Title",
        "--map=kind=",
        "--allow-retire=6",  # the file replaces Acme's 6 units
    )
    assert "2 created" in output
    quality = OrgUnit.objects.get(code="Q")
    assert quality.parent == OrgUnit.objects.get(code="P")
    assert quality.name == "Quality" and quality.kind == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--workspace", "nowhere"], "No workspace 'nowhere'"),
        (["--workspace", "acme", "--map", "boss"], "is not FIELD=COLUMN"),
        (["--workspace", "acme", "--map", "parent=Nope"], "cannot be imported"),
    ],
)
def test_it_fails_with_the_reason(org: Org, tmp_path: Path, args: list[str], message: str) -> None:
    path = chart_file(tmp_path, ACME)
    with pytest.raises(CommandError, match=message):
        run(path, *args)


def test_a_file_whose_every_row_is_rejected_is_refused(org: Org, tmp_path: Path) -> None:
    path = chart_file(tmp_path, "id,name,parent_id\n,a,\nNULL,b,\n")
    before = database_state(org)
    with pytest.raises(CommandError, match="No row of the file holds a valid unit"):
        run(path, "--workspace", "acme")
    assert database_state(org) == before


def test_a_missing_file_is_reported(org: Org, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No such file"):
        run(str(tmp_path / "absent.csv"), "--workspace", "acme")


def test_the_exit_status_is_1_on_failure(org: Org, tmp_path: Path) -> None:
    from django.core.management import execute_from_command_line

    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(
            ["manage.py", "import_orgchart", chart_file(tmp_path, ""), "--workspace", "acme"]
        )
    assert exit_info.value.code == 1
