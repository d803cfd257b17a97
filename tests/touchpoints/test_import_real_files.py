"""The three public exports of ../shared/data/orgcharts imported into a workspace, twice."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db.models import Max

from convergence.models import Workspace
from touchpoints.importing import apply_import, plan_import
from touchpoints.models import ImportJob, OrgUnit
from touchpoints.orgchart import parse_orgchart

pytestmark = pytest.mark.django_db

REAL_FILES = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "orgcharts"


@pytest.mark.parametrize(
    ("name", "units", "roots", "depth", "problems"),
    [
        ("br-siorg-federal-bodies-publicbodies.csv", 265, 10, None, []),
        (
            "d3-org-chart-sample-oracle-hr.csv",
            11,
            1,
            1,
            [(80, "warning", "Person '178' (Kimberely) has no department; left out.")],
        ),
        ("d3-org-chart-sample-org.csv", 1516, 1, 9, []),
    ],
)
def test_a_real_export_imports_with_its_units_and_roots_and_again_changes_nothing(
    name: str, units: int, roots: int, depth: int | None, problems: list[tuple[object, ...]]
) -> None:
    path = REAL_FILES / name
    if not path.exists():
        pytest.skip(f"{path} is absent (a clone outside the workplace)")
    workspace = Workspace.objects.create(slug="real", name="Real")
    job = ImportJob.objects.create(workspace=workspace, data=path.read_bytes(), filename=name)
    plan = apply_import(job)
    assert plan.counts()["created"] == units
    assert [(p.row, p.severity, p.message) for p in plan.problems] == problems
    stored = OrgUnit.objects.filter(workspace=workspace, is_active=True)
    assert stored.count() == units and stored.filter(parent=None).count() == roots
    assert all(unit.path.count("/") == unit.depth + 2 for unit in stored)
    if depth is not None:
        assert stored.aggregate(deepest=Max("depth"))["deepest"] == depth
    again = plan_import(workspace.pk, parse_orgchart(path.read_bytes(), name))
    assert again.is_noop and again.counts()["unchanged"] == units
