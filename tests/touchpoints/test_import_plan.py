"""plan_import and apply_import against the small Acme org of tests/conftest.py."""

from __future__ import annotations

import pytest

from tests.conftest import Org
from touchpoints.importing import ImportRefused, apply_import, plan_import
from touchpoints.importing.plan import ImportPlan
from touchpoints.models import ImportJob, Location, OrgUnit, Side, TouchPoint
from touchpoints.orgchart import parse_orgchart

pytestmark = pytest.mark.django_db

HEADER = "id,name,parent_id,location\n"
ACME = HEADER + (
    "G,Acme Group,,\nS,Sales,G,London\nF,Finance,G,London\n"
    "IT,IT,,\nA,Apps,IT,London\nI,Infra,IT,Manchester\n"
)


def plan(org: Org, text: str) -> ImportPlan:
    return plan_import(org.workspace.pk, parse_orgchart(text.encode(), "org.csv"))


def apply_file(
    org: Org, text: str, name: str = "org.csv", allowed_retire: int | None = 6
) -> ImportJob:
    """Acme has 6 units, so retiring even one is past the 10% guard: these tests confirm up to
    all 6 (the guard has its own tests in test_import_rules.py)."""
    job = ImportJob.objects.create(
        workspace=org.workspace, data=text.encode(), filename=name, allowed_retire=allowed_retire
    )
    apply_import(job)
    return job


def unit(org: Org, code: str) -> OrgUnit:
    return OrgUnit.objects.get(workspace=org.workspace, code=code)


def database_state(org: Org) -> list[tuple[object, ...]]:
    units = OrgUnit.objects.filter(workspace=org.workspace).order_by("code")
    fields = ["code", "name", "parent_id", "location_id", "is_active", "side", "path", "kind"]
    touchpoints = TouchPoint.objects.filter(workspace=org.workspace).order_by("pk")
    return [
        *units.values_list(*fields),
        *touchpoints.values_list("pk", "business_unit_id", "it_team_id", "flag", "version"),
        *Location.objects.filter(workspace=org.workspace).values_list("name"),
    ]


def test_a_file_that_matches_the_workspace_plans_no_change(org: Org) -> None:
    result = plan(org, ACME)
    assert result.is_noop and result.refusal == ""
    assert result.counts() == {
        "created": 0,
        "renamed": 0,
        "moved": 0,
        "updated": 0,
        "retired": 0,
        "reactivated": 0,
        "unchanged": 6,
        "rejected": 0,
    }


def test_new_units_are_created_under_their_parents_with_new_locations(org: Org) -> None:
    text = ACME + "X,Audit,F,Leeds\nY,Audit Team,X,Leeds\n"
    assert [(c.code, c.row, c.detail) for c in plan(org, text).changes["created"]] == [
        ("X", 8, "under 'F'"),
        ("Y", 9, "under 'X'"),
    ]
    apply_file(org, text)
    audit, team = unit(org, "X"), unit(org, "Y")
    assert audit.parent == org.finance and team.parent == audit
    assert team.path == f"{org.finance.path}{audit.pk}/{team.pk}/" and team.depth == 3
    assert team.location == Location.objects.get(workspace=org.workspace, name="Leeds")


def test_a_renamed_unit_keeps_its_touchpoints(org: Org) -> None:
    touch_point = org.touchpoint()
    text = ACME.replace("S,Sales,", "S,Sales and Marketing,")
    assert [(c.code, c.detail) for c in plan(org, text).changes["renamed"]] == [
        ("S", "was 'Sales'")
    ]
    apply_file(org, text)
    touch_point.refresh_from_db()
    assert touch_point.business_unit.name == "Sales and Marketing"
    assert touch_point.business_unit_id == org.sales.pk and touch_point.flag == ""


def test_a_moved_unit_keeps_its_touchpoints_and_its_new_path(org: Org) -> None:
    touch_point = org.touchpoint()
    text = ACME.replace("S,Sales,G,", "S,Sales,F,")
    assert [(c.code, c.detail) for c in plan(org, text).changes["moved"]] == [
        ("S", "from under 'G' to under 'F'")
    ]
    apply_file(org, text)
    sales = unit(org, "S")
    assert sales.parent == org.finance and sales.path == f"{org.finance.path}{sales.pk}/"
    touch_point.refresh_from_db()
    assert touch_point.business_unit == sales and touch_point.flag == ""


def test_units_missing_from_the_file_are_retired_and_their_touchpoints_flagged(org: Org) -> None:
    touch_point = org.touchpoint(business_unit=org.finance)
    kept = org.touchpoint()
    text = ACME.replace("F,Finance,G,London\n", "")
    assert [c.code for c in plan(org, text).changes["retired"]] == ["F"]
    job = apply_file(org, text)
    finance = unit(org, "F")
    assert not finance.is_active and finance.retired_at is not None
    assert finance.parent == unit(org, "G")
    touch_point.refresh_from_db()
    assert touch_point.flag == f"Unit Finance was retired by import #{job.pk}"
    assert touch_point.version == 2
    kept.refresh_from_db()
    assert kept.flag == ""


def test_a_retired_branch_keeps_its_shape_and_an_orphan_in_the_file_becomes_a_root(
    org: Org,
) -> None:
    OrgUnit.objects.create(workspace=org.workspace, code="FX", name="Tax", parent=org.finance)
    OrgUnit.objects.create(workspace=org.workspace, code="FY", name="Payroll", parent=org.finance)
    text = ACME.replace("F,Finance,G,London\n", "") + "FY,Payroll,F,\n"
    apply_file(org, text)
    tax, payroll, finance = unit(org, "FX"), unit(org, "FY"), unit(org, "F")
    assert (tax.is_active, tax.parent_id, finance.is_active) == (False, finance.pk, False)
    assert payroll.is_active and payroll.parent is None and payroll.depth == 0


def test_a_retired_unit_back_in_the_file_is_reactivated_and_unflagged(org: Org) -> None:
    touch_point = org.touchpoint(business_unit=org.finance)
    apply_file(org, ACME.replace("F,Finance,G,London\n", ""))
    result = plan(org, ACME)
    assert [c.code for c in result.changes["reactivated"]] == ["F"]
    assert result.counts()["unchanged"] == 5
    apply_file(org, ACME)
    finance = unit(org, "F")
    assert finance.is_active and finance.retired_at is None
    touch_point.refresh_from_db()
    assert touch_point.flag == ""


def test_a_touchpoint_stays_flagged_while_its_other_end_is_still_retired(org: Org) -> None:
    touch_point = org.touchpoint(business_unit=org.finance, it_team=org.apps)
    without_apps = ACME.replace("A,Apps,IT,London\n", "")
    apply_file(org, without_apps.replace("F,Finance,G,London\n", ""))
    touch_point.refresh_from_db()
    assert "was retired by import" in touch_point.flag
    apply_file(org, without_apps)
    assert unit(org, "F").is_active and not unit(org, "A").is_active
    touch_point.refresh_from_db()
    assert touch_point.flag.startswith("Unit Apps was retired by import #")


def test_importing_the_same_file_twice_changes_nothing_the_second_time(org: Org) -> None:
    org.touchpoint()
    text = (
        "id,name,parent_id,location,is_it,unit_type,criticality\n"
        "G,Acme,,Paris,,Group,\nS,Sales,G,Paris,no,Division,high\nIT,IT,G,Lyon,yes,,low\n"
        "A,Apps,IT,Lyon,,Team,\nN,New,S,,,Team,\n"
    )
    apply_file(org, text)
    before = database_state(org)
    second = plan(org, text)
    assert second.is_noop and second.counts()["unchanged"] == 5
    apply_file(org, text)
    assert database_state(org) == before


def test_a_side_column_marks_units_and_a_blank_side_keeps_the_mark(org: Org) -> None:
    text = "id,name,parent_id,is_it\nG,Acme Group,,\nS,Sales,G,no\nF,Finance,G,yes\nIT,IT,,\n"
    text += "A,Apps,IT,\nI,Infra,IT,\n"
    apply_file(org, text)
    assert unit(org, "F").side == Side.IT and unit(org, "F").side_mark == Side.IT
    assert unit(org, "A").side == Side.IT and unit(org, "IT").side_mark == Side.IT


def test_a_touchpoint_whose_unit_changes_side_is_flagged(org: Org) -> None:
    touch_point = org.touchpoint()
    job = apply_file(org, ACME.replace("S,Sales,G,", "S,Sales,IT,"))
    touch_point.refresh_from_db()
    assert touch_point.flag == f"Unit Sales changed side in import #{job.pk}"


def test_a_failed_apply_changes_nothing(org: Org, monkeypatch: pytest.MonkeyPatch) -> None:
    org.touchpoint(business_unit=org.finance)
    before = database_state(org)

    def explode(*args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("touchpoints.importing.apply.flag_wrong_sides", explode)
    text = ACME.replace("F,Finance,G,London\n", "").replace("Sales", "Revenue") + "Z,Zed,G,Rome\n"
    with pytest.raises(RuntimeError):
        apply_file(org, text)
    assert database_state(org) == before


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (b"", "cannot be imported"),
        (b"id,name,parent_id\n,Nameless,\n,Also nameless,\n", "No row of the file"),
    ],
)
def test_a_file_without_valid_units_is_refused_and_retires_nothing(
    org: Org, text: bytes, reason: str
) -> None:
    job = ImportJob.objects.create(workspace=org.workspace, data=text, filename="org.csv")
    before = database_state(org)
    with pytest.raises(ImportRefused, match=reason):
        apply_import(job)
    assert database_state(org) == before


def test_an_id_too_long_to_store_is_rejected_and_its_children_become_roots(org: Org) -> None:
    long_id = "L" * 1001
    result = plan(org, ACME + f"{long_id},Long,G,\nK,Kid,{long_id},\n")
    assert result.counts()["rejected"] == 1
    assert [(p.row, p.severity) for p in result.problems] == [(8, "error"), (9, "warning")]
    assert [(c.code, c.detail) for c in result.changes["created"]] == [("K", "a root")]
