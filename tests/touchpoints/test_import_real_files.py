"""The three public exports of ../shared/data/orgcharts imported into a workspace, twice."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db.models import Max

from convergence.models import Workspace
from touchpoints.importing import ImportRefused, apply_import, plan_import
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


def import_real(workspace: Workspace, name: str) -> tuple[ImportJob, bytes]:
    path = REAL_FILES / name
    if not path.exists():
        pytest.skip(f"{path} is absent (a clone outside the workplace)")
    data = path.read_bytes()
    return ImportJob.objects.create(workspace=workspace, data=data, filename=name), data


def levels(workspace: Workspace) -> int:
    stored = OrgUnit.objects.filter(workspace=workspace, is_active=True)
    return (stored.aggregate(deepest=Max("depth"))["deepest"] or 0) + 1


# The README's table ("What a correct import gives"): units, roots, levels, with no --map.
@pytest.mark.parametrize(
    ("name", "units", "roots", "depth"),
    [
        ("br-siorg-federal-bodies-publicbodies.csv", 265, 10, 4),
        ("d3-org-chart-sample-org.csv", 1516, 1, 10),
        ("uk-organogram-dft-2011-09-30-senior.csv", 114, 1, 4),
        ("uk-organogram-hm-treasury-2013-09-senior.csv", 89, 1, 5),
        ("gr-publicbodies.csv", 851, 624, 4),
    ],
)
def test_every_real_file_gives_the_readme_figures_with_no_mapping(
    name: str, units: int, roots: int, depth: int
) -> None:
    workspace = Workspace.objects.create(slug="real", name="Real")
    job, data = import_real(workspace, name)
    plan = apply_import(job)
    stored = OrgUnit.objects.filter(workspace=workspace, is_active=True)
    assert (stored.count(), stored.filter(parent=None).count(), levels(workspace)) == (
        units, roots, depth,
    )  # fmt: skip
    assert (plan.roots, plan.depth) == (roots, depth)
    assert plan_import(workspace.pk, parse_orgchart(data, name)).is_noop


def test_the_uk_senior_sheets_are_posts_named_by_title_under_the_xx_marker() -> None:
    workspace = Workspace.objects.create(slug="real", name="Real")
    job, _ = import_real(workspace, "uk-organogram-dft-2011-09-30-senior.csv")
    plan = apply_import(job)
    assert plan.chart.mapping == {
        "code": "Post Unique Reference", "name": "Job Title",
        "parent": "Reports to Senior Post", "holder": "Name",
    }  # fmt: skip
    # Post 1 (row 81) reports to XX: said once for the file, never as a missing unit.
    marker = [p for p in plan.problems if "'XX'" in p.message]
    assert [(p.row, p.severity) for p in marker] == [(None, "warning")]
    assert "top-of-tree marker" in marker[0].message
    assert not any("is not in the file" in p.message for p in plan.problems)
    top = OrgUnit.objects.get(workspace=workspace, code="1")
    assert top.parent is None and top.name == "Permanent Secretary"
    assert OrgUnit.objects.get(workspace=workspace, code="55").note == "Held by John Dowie"


def test_the_treasury_sheet_keeps_one_of_the_two_posts_0_and_names_the_differing_column() -> None:
    workspace = Workspace.objects.create(slug="real", name="Real")
    job, _ = import_real(workspace, "uk-organogram-hm-treasury-2013-09-senior.csv")
    plan = apply_import(job)
    [error] = plan.chart.errors
    assert error.row == 73
    assert "'Reports to Senior Post' '24032' here but '24033' there" in error.message
    kept = OrgUnit.objects.get(workspace=workspace, code="0")
    assert kept.parent == OrgUnit.objects.get(workspace=workspace, code="24033")


def test_the_greek_bodies_reject_conflicting_ids_and_say_so() -> None:
    workspace = Workspace.objects.create(slug="real", name="Real")
    job, _ = import_real(workspace, "gr-publicbodies.csv")
    plan = apply_import(job)
    messages = [p.message for p in plan.problems]
    # 14 ids on 112 rows: 97 rows differ from the first (rejected), 1 repeats it exactly.
    assert sum("is already used on row" in m for m in messages) == 97
    assert sum("exactly; the repeat is ignored" in m for m in messages) == 1
    assert sum("has no id" in m for m in messages) == 1
    assert sum("is not in the file" in m for m in messages) == plan.orphans == 38
    assert sum("names itself as its parent" in m for m in messages) == 2


@pytest.mark.parametrize(
    ("senior", "junior", "posts", "pointed"),
    [
        ("uk-organogram-dft-2011-09-30-senior.csv", "uk-organogram-dft-2011-09-30-junior.csv",
         114, 110),
        ("uk-organogram-hm-treasury-2013-09-senior.csv",
         "uk-organogram-hm-treasury-2013-09-junior.csv", 89, 57),
    ],
)  # fmt: skip
def test_a_junior_sheet_after_its_senior_sheet_retires_nothing(
    senior: str, junior: str, posts: int, pointed: int
) -> None:
    workspace = Workspace.objects.create(slug="real", name="Real")
    apply_import(import_real(workspace, senior)[0])
    job, _ = import_real(workspace, junior)
    with pytest.raises(ImportRefused) as refused:
        apply_import(job)
    assert "rows have no ids of their own" in str(refused.value)
    assert f"through 'Reporting Senior Post' ({pointed} distinct units)" in str(refused.value)
    stored = OrgUnit.objects.filter(workspace=workspace)
    assert stored.filter(is_active=True).count() == stored.count() == posts
    assert stored.filter(parent=None).count() == 1
