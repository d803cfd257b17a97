"""A person's workspace and unit are checked by triggers, once a statement, not by foreign keys.

A foreign-key constraint checks every row on its own: a 50,000-person import spent a third of a
second at commit on 100,000 lookups and row locks. On PostgreSQL, a statement-level trigger
reads the statement's rows as a transition table and checks them all in a few queries; it locks
the rows they refer to, as a foreign key does, so no other transaction can delete a unit or a
workspace that new people name before they commit (and a delete waiting on that lock sees them
and is refused). It is also stricter than the keys: a person's unit must be of the person's own
workspace. Deleting a unit or a workspace that people still name is refused at commit, as a
deferred foreign key refuses it (the ORM sets their unit to NULL, or deletes them, first).
SQLite (the embedded default) gets the same checks of what people name as row triggers; its
deletes are left to the ORM.

Truncating units or workspaces alone needs no trigger: other tables' foreign keys refuse it.
"""

import django.db.models.deletion
from django.db import migrations, models

NO_WORKSPACE = "a person must belong to an existing workspace"
NO_UNIT = "a person must belong to an existing unit of the same workspace, or to none"
UNIT_IN_USE = "a unit that people belong to cannot be deleted"
WORKSPACE_IN_USE = "a workspace that has people cannot be deleted"


def refused_while_named(name: str, table: str, column: str, message: str) -> list[str]:
    """A deferred check that no person names a deleted row of ``table`` in ``column``."""
    return [
        f"""
CREATE FUNCTION {name}_check_no_people() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM touchpoints_person p WHERE p.{column} = OLD.id) THEN
        RAISE EXCEPTION '{message}' USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
""",
        f"""CREATE CONSTRAINT TRIGGER {name}_people_on_delete AFTER DELETE ON {table}
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION {name}_check_no_people();""",
    ]


POSTGRESQL_UP = [
    f"""
CREATE FUNCTION person_check_references() RETURNS trigger AS $$
DECLARE
    pair_workspaces bigint[];
    pair_units bigint[];
    found bigint;
BEGIN
    -- One pass over the rows: each (workspace, unit) they name, once.
    SELECT array_agg(w), array_agg(u) INTO pair_workspaces, pair_units
        FROM (SELECT DISTINCT workspace_id, unit_id FROM written) AS pairs(w, u);
    IF pair_workspaces IS NULL THEN
        RETURN NULL;
    END IF;
    -- Counting what the locking query returns runs it to the end: every row the statement's
    -- rows name is locked, as a foreign key locks it, so nobody deletes it before this
    -- transaction ends; a row deleted meanwhile is not returned, and the count falls short.
    SELECT count(*) INTO found FROM (
        SELECT 1 FROM convergence_workspace w
        WHERE w.id = ANY (pair_workspaces) FOR KEY SHARE) AS locked;
    IF found <> (SELECT count(DISTINCT named) FROM unnest(pair_workspaces) AS named) THEN
        RAISE EXCEPTION '{NO_WORKSPACE}' USING ERRCODE = 'foreign_key_violation';
    END IF;
    SELECT count(*) INTO found FROM (
        SELECT 1 FROM touchpoints_orgunit u
        JOIN unnest(pair_workspaces, pair_units) AS named(w, u)
            ON u.id = named.u AND u.workspace_id = named.w
        FOR KEY SHARE OF u) AS locked;
    IF found <> (SELECT count(named) FROM unnest(pair_units) AS named) THEN
        RAISE EXCEPTION '{NO_UNIT}' USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
""",
    """CREATE TRIGGER person_references_on_insert AFTER INSERT ON touchpoints_person
    REFERENCING NEW TABLE AS written
    FOR EACH STATEMENT EXECUTE FUNCTION person_check_references();""",
    """CREATE TRIGGER person_references_on_update AFTER UPDATE ON touchpoints_person
    REFERENCING NEW TABLE AS written
    FOR EACH STATEMENT EXECUTE FUNCTION person_check_references();""",
    # The delete side is checked at commit, row by row, as a foreign key's is: the ORM's
    # collector does not always delete people before their workspace (it gives up ordering
    # when the models' references form a cycle), and deletes of units and workspaces are rare.
    *refused_while_named("orgunit", "touchpoints_orgunit", "unit_id", UNIT_IN_USE),
    *refused_while_named("workspace", "convergence_workspace", "workspace_id", WORKSPACE_IN_USE),
]
POSTGRESQL_DOWN = [
    "DROP TRIGGER IF EXISTS person_references_on_insert ON touchpoints_person;",
    "DROP TRIGGER IF EXISTS person_references_on_update ON touchpoints_person;",
    "DROP FUNCTION IF EXISTS person_check_references();",
    "DROP TRIGGER IF EXISTS orgunit_people_on_delete ON touchpoints_orgunit;",
    "DROP FUNCTION IF EXISTS orgunit_check_no_people();",
    "DROP TRIGGER IF EXISTS workspace_people_on_delete ON convergence_workspace;",
    "DROP FUNCTION IF EXISTS workspace_check_no_people();",
]

SQLITE_WRONG = f"""
    SELECT RAISE(ABORT, '{NO_WORKSPACE}') WHERE NOT EXISTS (
        SELECT 1 FROM convergence_workspace w WHERE w.id = NEW.workspace_id);
    SELECT RAISE(ABORT, '{NO_UNIT}') WHERE NEW.unit_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM touchpoints_orgunit u
        WHERE u.id = NEW.unit_id AND u.workspace_id = NEW.workspace_id);
"""
# SQLite cannot defer a trigger, so it checks only what people name; its deletes are left to the
# ORM, which sets a deleted unit's people's unit to NULL and deletes a workspace's people.
SQLITE_UP = [
    f"""CREATE TRIGGER person_references_on_insert BEFORE INSERT ON touchpoints_person
        BEGIN {SQLITE_WRONG} END;""",
    f"""CREATE TRIGGER person_references_on_update
        BEFORE UPDATE OF workspace_id, unit_id ON touchpoints_person
        BEGIN {SQLITE_WRONG} END;""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS person_references_on_insert;",
    "DROP TRIGGER IF EXISTS person_references_on_update;",
]


def install(apps, schema_editor):
    statements = {"postgresql": POSTGRESQL_UP, "sqlite": SQLITE_UP}
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def uninstall(apps, schema_editor):
    statements = {"postgresql": POSTGRESQL_DOWN, "sqlite": SQLITE_DOWN}
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("convergence", "0007_sso_identity"),
        ("touchpoints", "0021_person_drop_workspace_unit_index"),
    ]

    # The triggers go in after the keys come out: SQLite rebuilds the table to alter a field,
    # and a rebuild drops the table's triggers.
    operations = [
        migrations.AlterField(
            model_name="person",
            name="unit",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="people",
                to="touchpoints.orgunit",
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="workspace",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="people",
                to="convergence.workspace",
            ),
        ),
        migrations.RunPython(install, uninstall),
    ]
