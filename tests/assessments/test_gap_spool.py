"""The report's gaps are streamed: spooled to a file once, read back by each file in order."""

from __future__ import annotations

import csv
import io
import tracemalloc
from collections.abc import Iterator

from assessments.exports import gaps_csv
from assessments.gap_reports import MAX_GAPS_PER_RULE
from assessments.gap_spool import GapSpool
from assessments.rows import GapRow

MANY = 3 * MAX_GAPS_PER_RULE


def rows(count: int) -> Iterator[GapRow]:
    """Gap rows made one at a time, each with evidence and a text of its own."""
    for position in range(count):
        yield GapRow(
            rule="GAP-06",
            severity=("high", "medium", "low")[position % 3],
            subject_kind="touch_point",
            subject_label=f"Unit {position}-Team {position % 97} (operational touch point)",
            business_unit_id=None,
            it_team_id=None,
            touch_point_id=position,
            location="Lyon",
            level="operational",
            evidence={"effectiveness": position % 5, "rated_by": [f"person {position}"]},
            recommendation=f"Meet unit {position} every month " + "and agree a plan. " * 5,
            position=position,
        )


def test_every_gap_comes_back_in_order_on_every_pass_and_interleaved() -> None:
    spool = GapSpool(rows(MANY))
    assert len(spool) == MANY
    assert spool.severities == {"high": MANY // 3, "medium": MANY // 3, "low": MANY // 3}
    assert list(spool) == list(rows(MANY))
    assert [g.position for g in spool] == list(range(MANY))
    assert all(a == b for a, b in zip(spool, spool, strict=True))
    spool.close()


def test_the_csv_is_written_from_the_stream_with_more_gaps_than_the_old_cap() -> None:
    spool = GapSpool(rows(MANY))
    lines = list(csv.reader(io.StringIO(gaps_csv(spool, {}).decode("utf-8-sig"))))
    assert len(lines) == 1 + MANY
    assert [line[0] for line in lines[1:]] == [str(n + 1) for n in range(MANY)]
    spool.close()


def test_spooled_gaps_are_held_in_a_file_not_in_memory() -> None:
    """Memory, not time: the spool keeps what it counts, not the rows (megabytes as a list)."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        held = list(rows(MANY))
        as_list = tracemalloc.get_traced_memory()[0] - before
        del held
        before = tracemalloc.get_traced_memory()[0]
        spool = GapSpool(rows(MANY))
        as_spool = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert as_list > 3_000_000
    assert as_spool < as_list / 20
    assert spool.file.tell() > 1_000_000
    spool.close()
