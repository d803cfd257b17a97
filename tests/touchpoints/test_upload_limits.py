"""Caps on what an org-chart file may hold, checked before and while it is read: a real chart
passes, a hostile one is refused with a message, quickly."""

from __future__ import annotations

import io
import re
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator

import pytest

from tests.touchpoints.test_orgchart_reading import xlsx_bytes
from touchpoints.orgchart import limits, parse_orgchart


def workbook(rows: list[list[str]]) -> bytes:
    return xlsx_bytes([list(row) for row in rows])


def rewritten(data: bytes, part: str, edit: Callable[[bytes], Iterable[bytes]]) -> bytes:
    """The workbook with one part's XML passed through `edit` (streamed when it is a generator
    function taking the original XML)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            xml = source.read(info)
            if info.filename != part:
                target.writestr(info, xml)
                continue
            with target.open(info.filename, "w", force_zip64=True) as stream:
                for chunk in edit(xml):
                    stream.write(chunk)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
CHART = [["id", "name", "parent"], ["G", "Group", ""], ["S", "Sales", "G"]]


def zip_bomb() -> bytes:
    """A small .xlsx whose sheet unpacks to 600 MB (blank space between its rows)."""

    def inflate(xml: bytes) -> Iterator[bytes]:
        head, tail = xml.split(b"</sheetData>")
        yield head
        blank = b" " * 2**20
        for _ in range(600):
            yield blank
        yield b"</sheetData>" + tail

    return rewritten(workbook(CHART), SHEET, inflate)


def test_a_zip_bomb_is_refused_unread_in_under_two_seconds() -> None:
    bomb = zip_bomb()
    assert len(bomb) < 2 * 2**20
    started = time.perf_counter()
    chart = parse_orgchart(bomb, "chart.xlsx")
    elapsed = time.perf_counter() - started
    assert chart.fatal is not None and "unpacks to 600 MB" in chart.fatal
    assert elapsed < 2


def test_a_sheet_declaring_more_rows_than_the_cap_is_refused_before_reading() -> None:
    def declare(xml: bytes) -> Iterator[bytes]:
        # openpyxl writes `<dimension ref="A1:C3" />`, or `<dimension ref="A1:C3"/>` with lxml
        # (which python-pptx brings in).
        declared = re.sub(rb'<dimension ref="A1:C3"\s*/>', b'<dimension ref="A1:C5000000" />', xml)
        assert declared != xml
        yield declared

    data = rewritten(workbook(CHART), SHEET, declare)
    chart = parse_orgchart(data, "chart.xlsx")
    assert chart.fatal is not None and "more than 1,100,000 rows" in chart.fatal


def test_a_real_workbook_passes() -> None:
    chart = parse_orgchart(workbook(CHART), "chart.xlsx")
    assert chart.fatal is None and [unit.code for unit in chart.units] == ["G", "S"]


@pytest.mark.parametrize(
    ("cap", "value", "text", "says"),
    [
        ("MAX_ROWS", 3, "id,name\n" + "".join(f"U{n},Unit {n}\n" for n in range(5)), "rows"),
        ("MAX_CELLS", 7, "id,name\n" + "".join(f"U{n},Unit {n}\n" for n in range(5)), "cells"),
        ("MAX_COLUMNS", 3, "id,name,a,b,c\nU1,One,x,y,z\n", "columns"),
        ("MAX_CELL_CHARS", 10, "id,name\nU1,An eleven-char name\n", "characters"),
    ],
)
def test_each_cap_refuses_a_csv_past_it_with_a_message(
    monkeypatch: pytest.MonkeyPatch, cap: str, value: int, text: str, says: str
) -> None:
    monkeypatch.setattr(limits, cap, value)
    chart = parse_orgchart(text.encode(), "chart.csv")
    assert chart.fatal is not None and says in chart.fatal


def test_a_json_file_is_capped_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_ROWS", 2)
    data = b'[{"id": "A", "name": "A"}, {"id": "B", "name": "B"}, {"id": "C", "name": "C"}]'
    chart = parse_orgchart(data, "chart.json")
    assert chart.fatal is not None and "rows" in chart.fatal


def test_a_sheet_with_formatted_empty_columns_past_the_cap_still_reads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(limits, "MAX_COLUMNS", 3)
    wide = [[*row, *([""] * 5)] for row in CHART]
    wide[0][7] = " "  # a formatted cell far right, as sheets often have
    chart = parse_orgchart(workbook(wide), "chart.xlsx")
    assert chart.fatal is None and len(chart.units) == 2
