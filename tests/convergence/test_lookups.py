"""``__any_of``: the rows ``__in`` finds, with the ids sent as one array parameter."""

from collections.abc import Iterable

import pytest
from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext

from tests.conftest import Org
from touchpoints.models import OrgUnit, TouchPoint

pytestmark = pytest.mark.django_db


def ids(rows: Iterable[Model]) -> list[int]:
    return sorted(row.pk for row in rows)


def test_it_finds_what_in_finds_on_keys_and_foreign_keys(org: Org) -> None:
    on_sales = org.touchpoint(business_unit=org.sales)
    org.touchpoint(business_unit=org.finance)
    wanted = [org.sales.pk, org.apps.pk, 999_999]
    assert ids(OrgUnit.objects.filter(pk__any_of=wanted)) == ids(
        OrgUnit.objects.filter(pk__in=wanted)
    )
    found = TouchPoint.objects.filter(business_unit_id__any_of=wanted)
    assert ids(found) == ids(TouchPoint.objects.filter(business_unit_id__in=wanted))
    assert ids(found) == [on_sales.pk]
    assert ids(TouchPoint.objects.filter(business_unit__any_of=wanted)) == [on_sales.pk]


def test_the_ids_travel_as_one_array(org: Org) -> None:
    wanted = [org.sales.pk, org.finance.pk, org.apps.pk]
    with CaptureQueriesContext(connection) as queries:
        list(OrgUnit.objects.filter(pk__any_of=wanted))
    sql = queries.captured_queries[0]["sql"]
    assert "= ANY(ARRAY[" in sql and "::bigint[])" in sql


def test_no_ids_find_nothing_without_a_query(org: Org) -> None:
    with CaptureQueriesContext(connection) as queries:
        assert list(OrgUnit.objects.filter(pk__any_of=set())) == []
    assert len(queries) == 0
    assert OrgUnit.objects.exclude(pk__any_of=[]).count() == OrgUnit.objects.count()


def test_a_set_and_an_exclusion_behave_as_in(org: Org) -> None:
    org.touchpoint(business_unit=org.sales)
    org.touchpoint(business_unit=org.finance, it_team=org.infra)
    wanted = {org.sales.pk}
    assert ids(TouchPoint.objects.exclude(business_unit_id__any_of=wanted)) == ids(
        TouchPoint.objects.exclude(business_unit_id__in=wanted)
    )


def test_other_databases_get_an_in_list(org: Org, monkeypatch: pytest.MonkeyPatch) -> None:
    wanted = [org.sales.pk, org.apps.pk]
    monkeypatch.setattr(connection, "vendor", "sqlite")
    with CaptureQueriesContext(connection) as queries:
        found = ids(OrgUnit.objects.filter(pk__any_of=wanted))
    assert found == sorted(wanted)
    assert "IN (" in queries.captured_queries[0]["sql"]
    assert not OrgUnit.objects.filter(pk__any_of=[]).exists()


def test_only_integers_are_taken() -> None:
    with pytest.raises(ValueError):
        list(OrgUnit.objects.filter(pk__any_of=["1) OR (1=1"]))
    for not_ids in ("202", b"202", 202):
        with pytest.raises(TypeError, match="collection of ids"):
            list(OrgUnit.objects.filter(pk__any_of=not_ids))
