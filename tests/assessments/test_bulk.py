import pytest
from django.db import connection

from assessments.bulk import insert_rows
from assessments.models import Gap, GapReport
from tests.conftest import Org

pytestmark = pytest.mark.django_db

FIELDS: tuple[str, ...] = (
    "report_id",
    "rule",
    "severity",
    "subject_kind",
    "subject_label",
    "business_unit_id",
)
FIELDS += ("location", "level", "evidence", "recommendation", "position")


def rows(report: GapReport, org: Org) -> list[tuple[object, ...]]:
    awkward = 'Sales, "EMEA"\nand more'
    return [
        (
            report.pk,
            "GAP-02",
            "critical",
            "business_unit",
            awkward,
            org.sales.pk,
            "",
            "",
            {},
            "",
            0,
        ),
        (
            report.pk,
            "GAP-09",
            "medium",
            "location",
            "London",
            None,
            "London",
            "",
            {"x": 0.5},
            "r",
            1,
        ),
    ]


def stored(report: GapReport) -> list[tuple[object, ...]]:
    return list(
        Gap.objects.filter(report=report)
        .order_by("position")
        .values_list("subject_label", "business_unit_id", "location", "evidence", "recommendation")
    )


def test_copy_keeps_awkward_text_empty_strings_nulls_and_json(org: Org) -> None:
    report = GapReport.objects.create(workspace=org.workspace)
    insert_rows(Gap, FIELDS, rows(report, org))
    assert stored(report) == [
        ('Sales, "EMEA"\nand more', org.sales.pk, "", {}, ""),
        ("London", None, "London", {"x": 0.5}, "r"),
    ]


def test_other_databases_get_the_same_rows_through_bulk_create(
    org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(connection, "vendor", "sqlite")
    report = GapReport.objects.create(workspace=org.workspace)
    insert_rows(Gap, FIELDS, rows(report, org))
    assert stored(report)[1] == ("London", None, "London", {"x": 0.5}, "r")
