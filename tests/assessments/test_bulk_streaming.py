"""COPY reads the rows as CSV written a few hundred at a time: every row arrives, in order and
intact across the driver's reads, from a generator read once, and the text is never held whole."""

from collections.abc import Iterator

import pytest

from assessments import bulk
from assessments.bulk import insert_rows
from assessments.models import Gap, GapReport
from convergence import copy_stream
from tests.conftest import Org

pytestmark = pytest.mark.django_db

FIELDS: tuple[str, ...] = (
    "report_id",
    "rule",
    "severity",
    "subject_kind",
    "subject_label",
    "location",
    "level",
)
FIELDS += ("evidence", "recommendation", "position")
COUNT = 2 * copy_stream.ROWS_A_READ + 7


def gap_rows(report: GapReport, read: list[int]) -> Iterator[tuple[object, ...]]:
    """Rows whose texts cross the driver's 8 KB reads (quotes, commas, newlines, accents)."""
    for n in range(COUNT):
        read.append(n)
        long = f'"Bühl, {n}"\n' * (n % 900)
        yield (
            report.pk,
            "GAP-09",
            "medium",
            "location",
            f"Site {n}",
            "Bühl",
            "",
            {"n": n},
            long,
            n,
        )


def test_every_row_arrives_in_order_and_intact(org: Org) -> None:
    report = GapReport.objects.create(workspace=org.workspace)
    read: list[int] = []
    insert_rows(Gap, FIELDS, gap_rows(report, read))
    assert read == list(range(COUNT))  # one pass over the generator
    stored = Gap.objects.filter(report=report).order_by("pk")
    columns = ("subject_label", "location", "evidence", "recommendation", "position")
    expected = [(row[4], row[5], row[7], row[8], row[9]) for row in gap_rows(report, [])]
    assert list(stored.values_list(*columns)) == expected


def test_no_rows_send_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    def copy(*args: object) -> None:
        pytest.fail("a COPY of no rows")

    monkeypatch.setattr(bulk, "copy_rows", copy)
    insert_rows(Gap, FIELDS, iter(()))
