"""Issue 9's import rules in the database: long ids, post notes, import modes, the retirement
guard on the command line (the web's is in test_import_views.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction

from tests.conftest import Org
from tests.touchpoints.test_import_command import chart_file, run
from tests.touchpoints.test_import_plan import ACME, HEADER, apply_file, plan, unit
from touchpoints.importing import ImportRefused, apply_import
from touchpoints.importing.plan import GUARD_UNITS
from touchpoints.models import ImportJob, ImportMode, OrgUnit

pytestmark = pytest.mark.django_db


def slug_path(*parts: str) -> str:
    """Ids that are paths: a child's id holds its parent's."""
    return "/".join(parts)


def test_600_character_ids_import_with_their_subtrees_and_stay_unique(org: Org) -> None:
    top = slug_path("org", "x" * 596)
    child = slug_path(top, "finance")
    grandchild = slug_path(child, "payroll")
    assert len(top) == 600
    text = ACME + f"{top},Long Top,G,\n{child},Finance Hub,{top},\n{grandchild},Payroll,{child},\n"
    assert plan(org, text).problems == []
    apply_file(org, text)
    assert unit(org, grandchild).parent == unit(org, child)
    assert unit(org, child).parent == unit(org, top) and unit(org, top).depth == 1
    assert plan(org, text).is_noop
    with pytest.raises(IntegrityError), transaction.atomic():
        OrgUnit.objects.create(workspace=org.workspace, code=child, name="Copy")


def test_an_id_too_long_even_now_is_refused_saying_what_it_had_below(org: Org) -> None:
    huge = "H" * 1001
    result = plan(org, ACME + f"{huge},Huge,G,\nK1,Kid,{huge},\nK2,Kid two,{huge},\n")
    [error] = [p for p in result.problems if p.severity == "error"]
    assert "longer than 1000 characters" in error.message
    assert "its 2 direct units become roots" in error.message
    assert [(c.code, c.detail) for c in result.changes["created"]] == [
        ("K1", "a root"), ("K2", "a root"),
    ]  # fmt: skip


def test_a_post_file_stores_the_holder_as_the_units_note(org: Org) -> None:
    text = "Post Ref,Name,Job Title,Reports To\nP1,Ann Smith,Director,XX\nP2,N/D,Deputy,P1\n"
    apply_file(org, text, allowed_retire=6)
    assert (unit(org, "P1").name, unit(org, "P1").note) == ("Director", "Held by Ann Smith")
    assert unit(org, "P2").note == ""
    moved = text.replace("Ann Smith", "Ann Smith-Jones")
    assert [(c.code, c.detail) for c in plan(org, moved).changes["updated"]] == [
        ("P1", "note 'Held by Ann Smith' → 'Held by Ann Smith-Jones'")
    ]


def test_add_and_update_only_never_retires(org: Org) -> None:
    text = HEADER + "S,Revenue,G,London\nN,New team,G,\n"
    job = ImportJob.objects.create(
        workspace=org.workspace, data=text.encode(), filename="a.csv", mode=ImportMode.ADD_UPDATE
    )
    result = apply_import(job)
    assert result.retire == [] and result.changes["retired"] == []
    assert not result.needs_confirmation
    active = OrgUnit.objects.filter(workspace=org.workspace, is_active=True)
    assert active.count() == 7 and unit(org, "S").name == "Revenue"


def test_the_guard_counts_a_tenth_of_the_units_or_more_than_50(org: Org) -> None:
    one_less = ACME.replace("I,Infra,IT,Manchester\n", "")
    result = plan(org, one_less)
    assert (len(result.retire), result.active_before) == (1, 6)
    assert result.needs_confirmation  # 1 of 6 is past 10%
    assert "retire 1 of the 6 active units and none were confirmed" in result.guard_refusal(None)
    assert result.guard_refusal(1) == ""
    assert "only 0 were confirmed" in result.guard_refusal(0)
    many = ACME + "".join(f"U{i},Unit {i},G,\n" for i in range(600))
    apply_file(org, many)
    result = plan(org, ACME + "".join(f"U{i},Unit {i},G,\n" for i in range(GUARD_UNITS + 1, 600)))
    assert len(result.retire) == GUARD_UNITS + 1 and result.needs_confirmation  # 51 of 606
    result = plan(org, ACME + "".join(f"U{i},Unit {i},G,\n" for i in range(GUARD_UNITS, 600)))
    assert len(result.retire) == GUARD_UNITS and not result.needs_confirmation  # 50 of 606


def test_an_unconfirmed_mass_retirement_is_refused_by_the_job_and_changes_nothing(
    org: Org,
) -> None:
    text = HEADER + "Z,Zed,,\n"
    with pytest.raises(ImportRefused, match="would retire 6 of the 6"):
        apply_file(org, text, allowed_retire=None)
    with pytest.raises(ImportRefused, match="only 5 were confirmed"):
        apply_file(org, text, allowed_retire=5)
    assert OrgUnit.objects.filter(workspace=org.workspace, is_active=True).count() == 6
    apply_file(org, text, allowed_retire=6)
    assert OrgUnit.objects.filter(workspace=org.workspace, is_active=True).count() == 1


def test_the_command_line_needs_allow_retire_and_prints_the_figures(
    org: Org, tmp_path: Path
) -> None:
    path = chart_file(tmp_path, HEADER + "Z,Zed,,\nY,Why,Z,\n")
    with pytest.raises(CommandError, match=r"retire 6 of the 6 .* \(2 rows read; nothing changed"):
        run(path, "--workspace", "acme")
    with pytest.raises(CommandError, match="only 3 were confirmed"):
        run(path, "--workspace", "acme", "--allow-retire", "3")
    assert OrgUnit.objects.filter(workspace=org.workspace, is_active=True).count() == 6
    output = run(path, "--workspace", "acme", "--allow-retire", "6")
    assert "2 units, 1 roots, depth 2, 0 orphans, 0 rejected rows, 6 retired" in output
    assert OrgUnit.objects.filter(workspace=org.workspace, is_active=True).count() == 2


def test_the_command_line_add_update_mode_retires_nothing(org: Org, tmp_path: Path) -> None:
    path = chart_file(tmp_path, HEADER + "Z,Zed,,\n")
    output = run(path, "--workspace", "acme", "--mode", "add_update")
    assert "1 units, 1 roots, depth 1, 0 orphans, 0 rejected rows, 0 retired" in output
    assert OrgUnit.objects.filter(workspace=org.workspace, is_active=True).count() == 7


def test_a_refused_file_says_how_many_rows_were_read_and_why(org: Org, tmp_path: Path) -> None:
    path = chart_file(tmp_path, "Reporting Senior Post,Grade,FTE\nS,B1,2\nF,B2,1\n")
    with pytest.raises(CommandError, match=r"no ids of their own.*\(2 rows read; nothing changed"):
        run(path, "--workspace", "acme")
