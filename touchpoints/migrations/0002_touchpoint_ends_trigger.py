"""Refuse, in the database, a touch point whose ends are on the wrong side or another workspace.

A CHECK constraint cannot look at another table, so this is a trigger, written for PostgreSQL
(deployments) and SQLite (the embedded default).
"""

from django.db import migrations

MESSAGE = "a touch point must join a business-side unit to an IT-side unit of its own workspace"

END_IS_WRONG = """
    NOT EXISTS (SELECT 1 FROM touchpoints_orgunit u WHERE u.id = NEW.business_unit_id
                AND u.workspace_id = NEW.workspace_id AND u.side = 'business')
    OR NOT EXISTS (SELECT 1 FROM touchpoints_orgunit u WHERE u.id = NEW.it_team_id
                AND u.workspace_id = NEW.workspace_id AND u.side = 'it')
"""

POSTGRESQL_UP = f"""
CREATE FUNCTION touchpoint_check_ends() RETURNS trigger AS $$
BEGIN
    IF {END_IS_WRONG} THEN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER touchpoint_ends_check
    BEFORE INSERT OR UPDATE OF business_unit_id, it_team_id, workspace_id
    ON touchpoints_touchpoint FOR EACH ROW EXECUTE FUNCTION touchpoint_check_ends();
"""
POSTGRESQL_DOWN = """
DROP TRIGGER IF EXISTS touchpoint_ends_check ON touchpoints_touchpoint;
DROP FUNCTION IF EXISTS touchpoint_check_ends();
"""

SQLITE_UP = [
    f"""CREATE TRIGGER touchpoint_ends_check_insert BEFORE INSERT ON touchpoints_touchpoint
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}') WHERE {END_IS_WRONG}; END;""",
    f"""CREATE TRIGGER touchpoint_ends_check_update
        BEFORE UPDATE OF business_unit_id, it_team_id, workspace_id ON touchpoints_touchpoint
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}') WHERE {END_IS_WRONG}; END;""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS touchpoint_ends_check_insert;",
    "DROP TRIGGER IF EXISTS touchpoint_ends_check_update;",
]


def install(apps, schema_editor):
    statements = {"postgresql": [POSTGRESQL_UP], "sqlite": SQLITE_UP}
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def uninstall(apps, schema_editor):
    statements = {"postgresql": [POSTGRESQL_DOWN], "sqlite": SQLITE_DOWN}
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("touchpoints", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall)]
