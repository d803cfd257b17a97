import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments import bulk, gap_reports
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


def common_values(table: str, column: str) -> set[str]:
    """The column's most common values in the planner's statistics (none until analysed)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_vals::text::text[] FROM pg_stats"
            " WHERE tablename = %s AND attname = %s",
            [table, column],
        )
        found = cursor.fetchone()
    return set(found[0]) if found and found[0] else set()


def test_a_large_copy_refreshes_the_statistics_of_its_keys_and_the_matched_columns(
    org: Org,
) -> None:
    """Gap changes join two reports' gaps on rule and subject: without those columns'
    statistics the planner takes the labels for 700 characters wide and sorts both sides."""
    report = GapReport.objects.create(workspace=org.workspace)
    many = [
        (*row[:4], f"{row[4]} {n}", *row[5:10], n) for n, row in enumerate(rows(report, org) * 600)
    ]
    insert_rows(Gap, FIELDS, many, matched_on=("rule", "subject_label"))
    assert common_values(Gap._meta.db_table, "rule") == {"GAP-02", "GAP-09"}
    assert common_values(Gap._meta.db_table, "report_id") == {str(report.pk)}
    assert Gap.objects.filter(report=report).count() == 1200


def test_a_stored_report_refreshes_the_statistics_of_its_gaps_levels(
    org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The overview lists one level's gaps of the newest report under a filter: without the
    level's statistics (autovacuum may be off) the planner guessed 127 gaps for 10,151 and
    joined their units by a nested loop."""
    monkeypatch.setattr(bulk, "ANALYZE_AFTER", 0)  # this report's few gaps count as many
    org.touchpoint(business_unit=org.finance, it_team=org.infra, effectiveness=2)
    report = GapReport.objects.create(workspace=org.workspace)
    with CaptureQueriesContext(connection) as queries:
        gap_reports.build_report(report.pk)
    analysed = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("ANALYZE")]
    gap_table = f'ANALYZE "{Gap._meta.db_table}"'
    assert any(sql.startswith(gap_table) and '"level"' in sql for sql in analysed), analysed
