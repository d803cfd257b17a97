"""An import derives the tree before it writes: each unit is written once, path and depth
included, and the tree it leaves is the one refresh_tree would derive."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from convergence.models import Workspace
from tests.conftest import Org
from tests.touchpoints.test_import_plan import ACME, apply_file, unit
from touchpoints import derived_tree
from touchpoints.derived_tree import refresh_tree
from touchpoints.importing import apply_import
from touchpoints.models import ImportJob, ImportMode, OrgUnit, Side

pytestmark = pytest.mark.django_db

TABLE = OrgUnit._meta.db_table


def unit_writes() -> tuple[int, int]:
    """Rows of units inserted and updated so far in this transaction (the test's)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n_tup_ins, n_tup_upd FROM pg_stat_xact_user_tables WHERE relname = %s",
            [TABLE],
        )
        inserted, updated = cursor.fetchone()
    return inserted, updated


def writes_of(run: Callable[[], object]) -> tuple[int, int]:
    """Unit rows ``run`` inserted and updated."""
    inserted, updated = unit_writes()
    run()
    after = unit_writes()
    return after[0] - inserted, after[1] - updated


def import_into(workspace: Workspace, text: str, mode: str = ImportMode.SYNC) -> None:
    job = ImportJob.objects.create(
        workspace=workspace, data=text.encode(), filename="org.csv", mode=mode, allowed_retire=9
    )
    apply_import(job)


def test_a_first_import_inserts_every_unit_once_with_its_path_and_depth() -> None:
    workspace = Workspace.objects.create(slug="fresh", name="Fresh")
    # Children before their parents: the ids are reserved before anything is written.
    text = "id,name,parent_id,side\nY,Audit Team,X,\nX,Audit,G,\nG,Group,,\nT,Tech,G,it\n"
    assert writes_of(lambda: import_into(workspace, text)) == (4, 0)
    group, audit, team, tech = (
        OrgUnit.objects.get(workspace=workspace, code=code) for code in ("G", "X", "Y", "T")
    )
    assert (team.path, team.depth) == (f"/{group.pk}/{audit.pk}/{team.pk}/", 2)
    assert (group.depth, tech.side, team.side) == (0, Side.IT, Side.BUSINESS)
    assert refresh_tree(workspace.pk) == 0


def test_a_move_writes_the_moved_unit_once_and_its_subtree_follows(org: Org) -> None:
    apply_file(org, ACME + "X,Audit,F,Leeds\nY,Audit Team,X,\n")
    moved = ACME + "X,Audit,S,Leeds\nY,Audit Team,X,\n"
    # X changes parent (one row updated with its new path); Y, unchanged in the file, follows.
    assert writes_of(lambda: apply_file(org, moved)) == (0, 2)
    sales, audit, team = unit(org, "S"), unit(org, "X"), unit(org, "Y")
    assert audit.path == f"{sales.path}{audit.pk}/" and team.path == f"{audit.path}{team.pk}/"
    assert refresh_tree(org.workspace.pk) == 0


def test_units_left_out_of_an_add_and_update_file_follow_their_moved_parent(org: Org) -> None:
    apply_file(org, ACME + "X,Audit,F,Leeds\nY,Audit Team,X,\n")
    import_into(org.workspace, "id,name,parent_id\nX,Audit,IT\nIT,IT,\n", ImportMode.ADD_UPDATE)
    audit, team = unit(org, "X"), unit(org, "Y")
    assert team.path == f"{audit.path}{team.pk}/" and team.depth == 2
    assert audit.side == team.side == Side.IT
    assert refresh_tree(org.workspace.pk) == 0


def test_a_retired_unit_under_a_moved_parent_keeps_a_true_path(org: Org) -> None:
    apply_file(org, ACME + "X,Audit,F,Leeds\nY,Audit Team,X,\n")
    apply_file(org, ACME + "X,Audit,S,Leeds\n")
    team = unit(org, "Y")
    assert not team.is_active and team.path == f"{unit(org, 'X').path}{team.pk}/"
    assert refresh_tree(org.workspace.pk) == 0


def test_a_large_import_refreshes_the_statistics_queries_find_units_by(
    org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the columns units are found and joined by: the names' and codes' wide text made the
    whole table's ANALYZE three or four times as long."""
    monkeypatch.setattr(derived_tree, "ANALYZE_AFTER", 0)  # a few units count as many
    with CaptureQueriesContext(connection) as queries:
        apply_file(org, ACME + "X,Audit,F,Leeds\n")
    analysed = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("ANALYZE")]
    assert analysed, "no ANALYZE after the import"
    for sql in analysed:
        assert sql.startswith(f"ANALYZE {TABLE} (")
        assert {"workspace_id", "parent_id", "side", "path"} <= set(
            sql[sql.index("(") + 1 : -1].split(", ")
        )
        assert "name" not in sql and "code" not in sql
