"""A person's workspace and unit are checked by the database once a statement (migration 0022):
a missing one, or a unit of another workspace, is refused; so is deleting what people name. The
checks lock what they read, as a foreign key does: a concurrent delete waits, then is refused."""

from collections.abc import Iterator
from typing import Any

import psycopg2
import pytest
from django.db import IntegrityError, connection, transaction
from psycopg2 import errors

from convergence.models import Workspace
from tests.conftest import Org
from touchpoints.models import OrgUnit, Person, PersonSource

pytestmark = pytest.mark.django_db


def person(org: Org, **fields: Any) -> Person:
    values: dict[str, Any] = {"workspace": org.workspace, "unit": org.sales, "name": "Ann"}
    return Person(source=PersonSource.UPLOAD, **(values | fields))


def missing_unit_id() -> int:
    return (OrgUnit.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000


def test_a_person_of_an_existing_unit_of_the_workspace_is_kept(org: Org) -> None:
    kept = person(org)
    kept.save()
    Person.objects.bulk_create([person(org, email="b@x.example"), person(org, unit=None)])
    assert Person.objects.filter(workspace=org.workspace).count() == 3


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"workspace_id": 987654}, "a person must belong to an existing workspace"),
        ({"unit_id": -1}, "a person must belong to an existing unit of the same workspace"),
    ],
)
def test_a_missing_workspace_or_unit_is_refused(
    org: Org, fields: dict[str, Any], message: str
) -> None:
    with pytest.raises(IntegrityError, match=message), transaction.atomic():
        person(org, **fields).save()
    assert not Person.objects.exists()


def test_a_unit_of_another_workspace_is_refused(org: Org, other_org: Org) -> None:
    with pytest.raises(IntegrityError, match="unit of the same workspace"), transaction.atomic():
        person(org, unit=other_org.sales).save()
    assert not Person.objects.exists()


def test_one_bad_row_refuses_the_whole_statement(org: Org, other_org: Org) -> None:
    rows = [person(org, email=f"p{n}@x.example") for n in range(50)]
    rows.append(person(org, unit=other_org.finance))
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.bulk_create(rows)
    assert not Person.objects.exists()


def test_an_update_to_a_missing_or_foreign_unit_is_refused(org: Org, other_org: Org) -> None:
    kept = person(org)
    kept.save()
    for unit_id in (missing_unit_id(), other_org.apps.pk):
        with pytest.raises(IntegrityError), transaction.atomic():
            Person.objects.filter(pk=kept.pk).update(unit_id=unit_id)
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.filter(pk=kept.pk).update(workspace_id=other_org.workspace.pk)
    kept.refresh_from_db()
    assert (kept.workspace_id, kept.unit_id) == (org.workspace.pk, org.sales.pk)
    Person.objects.filter(pk=kept.pk).update(unit=org.finance, name="Ann Lee")
    assert Person.objects.get(pk=kept.pk).unit == org.finance


def test_deleting_a_unit_through_the_orm_unsets_its_people_and_sql_is_refused(org: Org) -> None:
    kept = person(org, unit=org.finance)
    kept.save()
    refused = pytest.raises(IntegrityError, match="a unit that people belong to")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM touchpoints_orgunit WHERE id = %s", [org.finance.pk])
        cursor.execute("SET CONSTRAINTS orgunit_people_on_delete IMMEDIATE")  # else at commit
    assert OrgUnit.objects.filter(pk=org.finance.pk).exists()
    org.finance.delete()
    kept.refresh_from_db()
    assert kept.unit_id is None


def test_deleting_a_workspace_through_the_orm_deletes_its_people_and_sql_is_refused(
    org: Org,
) -> None:
    bare = Workspace.objects.create(slug="bare", name="Bare")
    Person.objects.create(workspace=bare, name="Bo", source=PersonSource.UPLOAD)
    refused = pytest.raises(IntegrityError, match="a workspace that has people")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM convergence_workspace WHERE id = %s", [bare.pk])
        cursor.execute("SET CONSTRAINTS workspace_people_on_delete IMMEDIATE")
    person(org).save()
    org.workspace.delete()
    assert not Person.objects.filter(workspace_id=org.workspace.pk).exists()


@pytest.fixture
def raw_connections(transactional_db: None) -> Iterator[tuple[Any, Any]]:
    """Two connections of their own to the test database, outside Django's transactions."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    first, second = psycopg2.connect(**params), psycopg2.connect(**params)
    try:
        yield first, second
    finally:
        first.close()
        second.close()


INSERT = (
    "INSERT INTO touchpoints_person (workspace_id, unit_id, external_id, name, email, title, "
    "grade, source, created_at, updated_at) VALUES (%s, %s, '', 'Ann', '', '', '', 'upload', "
    "now(), now())"
)
DELETE_UNIT = "DELETE FROM touchpoints_orgunit WHERE id = %s"


def lone_unit() -> OrgUnit:
    workspace = Workspace.objects.create(slug="lone", name="Lone")
    return OrgUnit.objects.create(workspace=workspace, code="L", name="Lone unit")


@pytest.mark.django_db(transaction=True)
def test_a_unit_named_by_uncommitted_people_cannot_be_deleted_under_them(
    raw_connections: tuple[Any, Any],
) -> None:
    unit = lone_unit()
    adding, deleting = raw_connections
    with adding.cursor() as cursor:
        cursor.execute(INSERT, [unit.workspace_id, unit.pk])  # not committed: the unit is locked
    with deleting.cursor() as cursor:
        cursor.execute("SET lock_timeout = '300ms'")
        with pytest.raises(errors.LockNotAvailable):
            cursor.execute(DELETE_UNIT, [unit.pk])
    deleting.rollback()
    adding.commit()
    with deleting.cursor() as cursor:
        cursor.execute(DELETE_UNIT, [unit.pk])
    with pytest.raises(errors.ForeignKeyViolation):
        deleting.commit()  # the delete side is checked at commit, as a deferred key is
    assert Person.objects.get().unit_id == unit.pk


@pytest.mark.django_db(transaction=True)
def test_people_cannot_name_a_unit_whose_deletion_is_uncommitted(
    raw_connections: tuple[Any, Any],
) -> None:
    unit = lone_unit()
    adding, deleting = raw_connections
    with deleting.cursor() as cursor:
        cursor.execute(DELETE_UNIT, [unit.pk])  # not committed: the row is locked
    with adding.cursor() as cursor:
        cursor.execute("SET lock_timeout = '300ms'")
        with pytest.raises(errors.LockNotAvailable):
            cursor.execute(INSERT, [unit.workspace_id, unit.pk])
    adding.rollback()
    deleting.commit()
    with adding.cursor() as cursor, pytest.raises(errors.ForeignKeyViolation):
        cursor.execute(INSERT, [unit.workspace_id, unit.pk])
    adding.rollback()
    assert not Person.objects.exists() and not OrgUnit.objects.filter(pk=unit.pk).exists()
