"""The caps on a file's size (orgchart.limits) at their exact edges, and the JSON and legacy
.xls cases the mutation run found untested: what the admin is told, word for word. The caps
are lowered for the test (a real file at the cap would be a million rows)."""

import datetime
import io
import re
import zipfile

import pytest
import xlwt

from tests.touchpoints.workbooks import xlsx_bytes
from touchpoints.orgchart import ParsedChart, limits, parse_orgchart


def xls_bytes(rows: list[list[object]], *, dates_1904: bool = False) -> bytes:
    book = xlwt.Workbook()
    book.dates_1904 = dates_1904
    sheet = book.add_sheet("Org")
    dated = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, datetime.datetime):
                sheet.write(r, c, value, dated)
            else:
                sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def parse_csv(text: str) -> ParsedChart:
    return parse_orgchart(text.encode(), "chart.csv")


def codes(chart: ParsedChart) -> list[str]:
    return [unit.code for unit in chart.units]


ROWS: list[list[object]] = [
    ["id", "name"],
    ["A", "Alpha"],
    ["B", "Beta"],
]  # three records of two cells


def test_a_file_of_exactly_the_row_cap_is_read_and_one_more_row_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(limits, "MAX_ROWS", 3)
    message = (
        "The file has more than 3 rows, more than any org chart this can import; "
        "split it by division and import the parts."
    )
    for name, data in [
        ("c.csv", b"id,name\nA,Alpha\nB,Beta\n"),
        ("c.xlsx", xlsx_bytes(ROWS)),
    ]:
        assert codes(parse_orgchart(data, name)) == ["A", "B"]
    longer: list[list[object]] = [*ROWS, ["C", "Gamma"]]
    assert parse_csv("id,name\nA,Alpha\nB,Beta\nC,Gamma\n").fatal == message
    assert parse_orgchart(xlsx_bytes(longer), "c.xlsx").fatal == message


def test_a_file_of_exactly_the_cell_cap_is_read_and_one_more_cell_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(limits, "MAX_CELLS", 6)
    message = (
        "The file has more than 6 cells; export only the columns the import uses "
        "(code, name, parent or manager, department, side, location)."
    )
    assert codes(parse_orgchart(xlsx_bytes(ROWS), "c.xlsx")) == ["A", "B"]
    assert codes(parse_csv("id,name\nA,Alpha\nB,Beta\n")) == ["A", "B"]
    assert parse_csv("id,name\nA,Alpha\nB,Beta,x\n").fatal == message
    assert parse_orgchart(xlsx_bytes([*ROWS, ["C"]]), "c.xlsx").fatal == message


def test_a_row_past_the_column_cap_is_refused_unless_its_extra_cells_are_empty(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(limits, "MAX_COLUMNS", 3)
    # trailing empty cells (a sheet's formatted columns) are dropped, not counted
    assert codes(parse_csv("id,name,parent,,,\nA,Alpha,,,,\nB,Beta,A, , ,\n")) == ["A", "B"]
    chart = parse_csv("id,name,parent\nA,Alpha,\nB,Beta,A,x,\n")
    assert chart.fatal == (
        "Row 3 has more than 3 columns; at most 3 are read. Export only the columns the import "
        "uses."
    )


def test_a_workbook_row_past_the_column_cap_is_refused_without_a_count_it_cannot_know() -> None:
    # A workbook's row is read only one column past the cap, so its length is unknown: the
    # message said "201 columns" of a row of 250.
    message = (
        "Row 2 has more than 200 columns; at most 200 are read. Export only the columns the "
        "import uses."
    )
    wide: list[object] = ["A", "Alpha", *(["x"] * 248)]
    assert parse_orgchart(xlsx_bytes([["id", "name"], wide]), "c.xlsx").fatal == message
    assert parse_orgchart(xls_bytes([["id", "name"], wide]), "c.xls").fatal == message
    assert parse_csv("id,name\nA,Alpha" + ",x" * 248 + "\n").fatal == message


def test_a_workbook_row_of_exactly_the_column_cap_is_read_whole() -> None:
    header: list[object] = ["id", "name", *(f"c{i}" for i in range(3, 201))]
    row: list[object] = ["A", "Alpha", *(["x"] * 197), "last"]
    for name, data in [("c.xlsx", xlsx_bytes([header, row])), ("c.xls", xls_bytes([header, row]))]:
        chart = parse_orgchart(data, name)
        assert (chart.fatal, chart.columns[-1], chart.samples["c200"]) == (None, "c200", ["last"])


def test_a_cell_past_the_length_cap_is_refused_with_its_row(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(limits, "MAX_CELL_CHARS", 5)
    assert codes(parse_csv("id,name\nA,Alpha\n")) == ["A"]
    assert parse_csv("id,name\nA,Alpha\nB,Betabet\n").fatal == (
        "Row 3 has a cell of 7 characters; at most 5 are read. Is this the org-chart export?"
    )


# --- JSON ------------------------------------------------------------------------------------


def test_json_that_is_no_list_of_units_is_refused_in_so_many_words() -> None:
    for text, message in [
        ('"hello"', "The JSON is a single value, not a list of units."),
        ('{"a": 1}', "The JSON is an object without a list of units in it."),
        (
            '{"a": [1], "b": [2]}',
            "The JSON object holds several lists ('a', 'b'); put the units under a key called "
            "'units'.",
        ),
    ]:
        assert parse_orgchart(text.encode(), "chart.json").fatal == message


def test_a_json_object_with_one_list_under_any_key_is_read() -> None:
    text = '{"meta": 1, "stuff": [{"id": "A", "name": "Alpha"}]}'
    chart = parse_orgchart(text.encode(), "chart.json")
    assert [(unit.code, unit.name) for unit in chart.units] == [("A", "Alpha")]


def test_every_item_of_a_json_list_that_is_no_object_is_skipped_and_said() -> None:
    text = '[1, {"id": "A", "name": "Alpha"}, "x", {"id": "B", "name": "Beta", "parent": "A"}]'
    chart = parse_orgchart(text.encode(), "chart.json")
    assert [(unit.code, unit.parent_code, unit.row) for unit in chart.units] == [
        ("A", None, 1),
        ("B", "A", 2),
    ]
    assert [str(problem) for problem in chart.problems] == [
        "File (warning): An item of the JSON is a int, not an object; skipped.",
        "File (warning): An item of the JSON is a str, not an object; skipped.",
    ]


def test_nested_lists_and_objects_in_a_json_field_show_as_empty() -> None:
    text = '[{"id": "A", "name": "Alpha", "tags": ["x"], "meta": {"k": 1}}]'
    chart = parse_orgchart(text.encode(), "chart.json")
    assert chart.columns == ["id", "name", "tags", "meta"]
    assert (chart.samples["tags"], chart.samples["meta"]) == ([], [])


# --- legacy .xls -----------------------------------------------------------------------------


def test_xls_dates_of_a_1904_workbook_read_as_the_spreadsheet_shows_them() -> None:
    data = xls_bytes([["id", "name"], ["A", datetime.datetime(2020, 5, 17)]], dates_1904=True)
    chart = parse_orgchart(data, "org.xls")
    assert [(unit.code, unit.name, unit.row) for unit in chart.units] == [("A", "2020-05-17", 2)]


def test_an_xls_of_empty_sheets_is_refused_in_so_many_words() -> None:
    book = xlwt.Workbook()
    book.add_sheet("Cover")
    buffer = io.BytesIO()
    book.save(buffer)
    assert parse_orgchart(buffer.getvalue(), "org.xls").fatal == (
        "Every sheet of the workbook is empty."
    )


def test_units_without_a_name_are_named_by_their_id_on_one_line() -> None:
    chart = parse_csv("id,parent\nNorth  Region,\nSouth Region,North  Region\n")
    assert [(unit.code, unit.name) for unit in chart.units] == [
        ("North  Region", "North Region"),
        ("South Region", "South Region"),
    ]


def test_xls_blank_cells_are_empty_and_impossible_dates_read_as_their_number() -> None:
    book = xlwt.Workbook()
    sheet = book.add_sheet("Org")
    dated = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for c, value in enumerate(["id", "name", "parent", "location"]):
        sheet.write(0, c, value)
    for c, value in enumerate(["A", "Alpha"]):
        sheet.write(1, c, value)
    sheet.write(1, 2, None, dated)  # a formatted blank cell
    sheet.write(1, 3, 3e7, dated)  # past the year 9999: no date
    buffer = io.BytesIO()
    book.save(buffer)
    chart = parse_orgchart(buffer.getvalue(), "org.xls")
    assert [(unit.code, unit.parent_code, unit.location) for unit in chart.units] == [
        ("A", None, "30000000")
    ]
    assert chart.problems == []


def test_xls_problems_of_size_carry_the_row_number_the_spreadsheet_shows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(limits, "MAX_CELL_CHARS", 5)
    data = xls_bytes([["id", "name"], ["A", "Alpha"], ["B", "Betabet"]])
    assert parse_orgchart(data, "org.xls").fatal == (
        "Row 3 has a cell of 7 characters; at most 5 are read. Is this the org-chart export?"
    )


def test_an_xls_whose_sheet_is_damaged_is_refused_in_so_many_words() -> None:
    data = bytearray(xls_bytes([[f"U{r}", f"Unit {r}"] for r in range(5)]))
    sheet_start = data.rindex(b"\x09\x08\x10\x00")  # the sheet's BOF record (0x0809, 16 bytes)
    data[sheet_start + 4 : sheet_start + 8] = b"\xff\xff\xff\xff"  # the workbook still opens
    assert parse_orgchart(bytes(data), "org.xls").fatal == (
        "The .xls workbook is damaged: a sheet cannot be read."
    )


def test_a_workbook_header_shorter_than_the_sheet_gets_its_empty_columns_named() -> None:
    # the sheet is as wide as its widest row: the header's missing names are columns too
    chart = parse_orgchart(xlsx_bytes([["id", "name"], ["A", "Alpha", None, "note"]]), "c.xlsx")
    assert chart.columns == ["id", "name", "column_3", "column_4"]
    assert [str(problem) for problem in chart.problems] == [
        "Row 1 (warning): Column 3 has no name; it is called column_3.",
        "Row 1 (warning): Column 4 has no name; it is called column_4.",
    ]
    wide: list[object] = ["A", "Alpha", *([None] * 197), "last"]  # the sheet is 200 wide
    chart = parse_orgchart(xlsx_bytes([["id", "name"], wide]), "c.xlsx")
    assert (len(chart.columns), chart.columns[-1], chart.samples["column_200"]) == (
        200,
        "column_200",
        ["last"],
    )


def test_a_workbook_that_declares_no_size_is_read_all_the_same() -> None:
    # Some exporters write no <dimension>: openpyxl then knows neither rows nor columns.
    plain = zipfile.ZipFile(io.BytesIO(xlsx_bytes([["id", "name"], ["A", "Alpha"]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as undeclared:
        for info in plain.infolist():
            data = plain.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"<dimension[^>]*/>", b"", data)
            undeclared.writestr(info, data)
    chart = parse_orgchart(buffer.getvalue(), "c.xlsx")
    assert (chart.fatal, [(unit.code, unit.name) for unit in chart.units]) == (
        None,
        [("A", "Alpha")],
    )
