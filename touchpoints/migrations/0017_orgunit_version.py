"""A version on org units, bumped by the database whenever an edited field changes.

Units are written by the API, the side marks, imports (one UPDATE joined to a VALUES list) and
retirements: a trigger bumps the version for all of them, so an API client editing against an
older version learns of any of these writes. Derived fields (path, depth, side) and updated_at
do not count. Written for PostgreSQL (deployments) and SQLite (the embedded default).
"""

from django.db import migrations, models

EDITED = ("code", "name", "parent_id", "kind", "location_id", "side_mark", "criticality", "note")
EDITED_ALL = (*EDITED, "is_active")
CHANGED = " OR ".join(f"OLD.{field} IS DISTINCT FROM NEW.{field}" for field in EDITED_ALL)
SQLITE_CHANGED = " OR ".join(f"OLD.{field} IS NOT NEW.{field}" for field in EDITED_ALL)

POSTGRESQL_UP = f"""
CREATE FUNCTION orgunit_bump_version() RETURNS trigger AS $$
BEGIN
    IF NEW.version = OLD.version AND ({CHANGED}) THEN
        NEW.version := OLD.version + 1;
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER orgunit_version_bump BEFORE UPDATE ON touchpoints_orgunit
    FOR EACH ROW EXECUTE FUNCTION orgunit_bump_version();
"""
POSTGRESQL_DOWN = """
DROP TRIGGER IF EXISTS orgunit_version_bump ON touchpoints_orgunit;
DROP FUNCTION IF EXISTS orgunit_bump_version();
"""
SQLITE_UP = f"""
CREATE TRIGGER orgunit_version_bump AFTER UPDATE ON touchpoints_orgunit
    WHEN NEW.version = OLD.version AND ({SQLITE_CHANGED})
    BEGIN UPDATE touchpoints_orgunit SET version = OLD.version + 1 WHERE id = NEW.id; END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS orgunit_version_bump;"


def install(apps, schema_editor):
    statement = {"postgresql": POSTGRESQL_UP, "sqlite": SQLITE_UP}.get(schema_editor.connection.vendor)
    if statement:
        schema_editor.execute(statement)


def uninstall(apps, schema_editor):
    statement = {"postgresql": POSTGRESQL_DOWN, "sqlite": SQLITE_DOWN}.get(
        schema_editor.connection.vendor
    )
    if statement:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("touchpoints", "0016_people_upload")]

    operations = [
        migrations.AddField(
            model_name="orgunit",
            name="version",
            field=models.PositiveIntegerField(db_default=1, default=1),
        ),
        migrations.RunPython(install, uninstall),
    ]
