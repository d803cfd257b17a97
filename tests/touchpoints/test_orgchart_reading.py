"""Formats and encodings: bytes of CSV, XLSX and JSON exports read into the same units."""

import datetime
import io
from pathlib import Path

import openpyxl
import pytest

from touchpoints.orgchart import ParsedChart, parse_orgchart

FIXTURES = Path(__file__).parent / "fixtures" / "orgcharts"


def parse_fixture(name: str, mapping: dict[str, str] | None = None) -> ParsedChart:
    return parse_orgchart((FIXTURES / name).read_bytes(), name, mapping)


def names(chart: ParsedChart) -> list[str]:
    return [unit.name for unit in chart.units]


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    workbook.create_sheet("ignored").append(["not", "read"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_it_reads_utf8_with_a_bom() -> None:
    chart = parse_fixture("units_utf8_bom.csv")
    assert chart.encoding == "utf-8-sig"
    assert chart.columns[0] == "id"
    assert names(chart) == ["Réseau", "Système"]


def test_it_reads_utf16_with_a_bom_and_tabs() -> None:
    chart = parse_fixture("units_utf16_tab.csv")
    assert (chart.encoding, chart.delimiter) == ("utf-16", "\t")
    assert names(chart) == ["Zürich Zentrale", "Informatik Straße"]


def test_it_falls_back_to_windows_1252_for_accents() -> None:
    chart = parse_fixture("units_cp1252_semicolon.csv", {"name": "nome", "parent": "pai"})
    assert (chart.encoding, chart.delimiter) == ("cp1252", ";")
    assert names(chart) == ["Direção Geral", "Serviços Informáticos", "Gestão Financeira"]


def test_it_reads_utf16_without_a_bom() -> None:
    data = "id,name\r\nA,Ärzte\r\n".encode("utf-16-le")
    assert names(parse_orgchart(data, "units.csv")) == ["Ärzte"]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_it_sniffs_the_delimiter(delimiter: str) -> None:
    text = "\n".join(
        delimiter.join(cells)
        for cells in [["id", "name", "parent"], ["1", '"A, B; C | D"', ""], ["2", "E", "1"]]
    )
    chart = parse_orgchart(text.encode(), "units.csv")
    assert chart.delimiter == delimiter
    assert names(chart) == ["A, B; C | D", "E"]


def test_it_obeys_an_excel_sep_line() -> None:
    chart = parse_orgchart(b"sep=|\nid|name\nA|Alpha, Inc\n", "units.csv")
    assert chart.delimiter == "|"
    assert chart.units[0].row == 3


def test_quoted_cells_may_span_lines_and_rows_count_records() -> None:
    chart = parse_fixture("children_first_pipe.csv")
    assert [(unit.code, unit.name, unit.row) for unit in chart.units] == [
        ("C1", "Root unit", 4),
        ("C2", "Child", 3),
        ("C3", "Grandchild", 2),
    ]


def test_blank_lines_are_skipped_but_still_counted_as_rows() -> None:
    chart = parse_orgchart(b"id,name\n\nA,Alpha\n,\nB,Beta\n", "units.csv")
    assert [(unit.code, unit.row) for unit in chart.units] == [("A", 3), ("B", 5)]


def test_values_past_the_last_column_are_ignored_with_a_warning() -> None:
    chart = parse_orgchart(b"id,name\nA,Alpha,surplus\nB,Beta,,\n", "units.csv")
    assert names(chart) == ["Alpha", "Beta"]
    assert [(problem.row, problem.severity) for problem in chart.problems] == [(2, "warning")]


def test_xlsx_values_are_read_as_the_text_a_spreadsheet_shows() -> None:
    data = xlsx_bytes(
        [
            ["id", "name", "parent", "founded"],
            [1, "Board", None, datetime.datetime(2020, 5, 17)],
            [2.0, "  Finance ", 1, None],
            ["007", "Agents", "1", None],
            [3.5, "Half", 1, None],
        ]
    )
    chart = parse_orgchart(data, "chart.xlsx")
    assert (chart.format, chart.shape) == ("xlsx", "units_by_parent")
    assert [(u.code, u.name, u.parent_code) for u in chart.units] == [
        ("1", "Board", None),
        ("2", "Finance", "1"),
        ("007", "Agents", "1"),
        ("3.5", "Half", "1"),
    ]


def test_an_xlsx_is_recognised_by_its_content_whatever_its_name() -> None:
    chart = parse_orgchart(xlsx_bytes([["id", "name"], [10, "Ten"]]), "export.csv")
    assert chart.format == "xlsx"
    assert chart.units[0].code == "10"


@pytest.mark.parametrize(
    ("data", "filename", "phrase"),
    [
        (b"", "empty.csv", "empty"),
        (b"  \r\n\r\n", "blank.csv", "empty"),
        (b"PK\x03\x04garbage", "broken.xlsx", "not a readable Excel workbook"),
        (b"id,name\n1,A\n", "mislabelled.xlsx", "not a readable Excel workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "old.xls", "97-2003 workbook (.xls)"),
        (bytes(range(256)) * 8, "random.csv", "not text"),
        (b"id,name\n" + bytes(range(1, 32)) * 50, "controls.csv", "binary"),
        (b'{"units": [1, 2', "broken.json", "not valid JSON"),
        (b"[" * 100_000, "deep.json", "JSON"),
        (b'"just a string"', "scalar.json", "single value"),
        (b'{"a": [], "b": []}', "lists.json", "several lists"),
        (b"id,name\n", "header-only.csv", "no rows of data"),
        (b"colour,size\nred,big\n", "other.csv", "'colour', 'size'"),
    ],
)
def test_an_unreadable_file_is_fatal_with_a_reason(data: bytes, filename: str, phrase: str) -> None:
    chart = parse_orgchart(data, filename)
    assert chart.fatal is not None
    assert phrase in chart.fatal
    assert chart.units == []


def test_a_flat_json_list_is_read_like_a_table() -> None:
    chart = parse_fixture("flat.json")
    assert (chart.format, chart.shape) == ("json", "units_by_parent")
    assert [(u.code, u.parent_code, u.row) for u in chart.units] == [
        ("A", None, 1),
        ("B", "A", 2),
        ("C", "B", 3),
    ]


def test_nested_json_takes_parents_from_the_nesting() -> None:
    chart = parse_fixture("nested.json")
    assert chart.shape == "nested_json"
    assert [(u.code, u.parent_code, u.side) for u in chart.units] == [
        ("HQ", None, None),
        ("HQ-IT", "HQ", "it"),
        ("HQ-IT-DESK", "HQ-IT", None),
        ("HQ-FIN", "HQ", "business"),
        ("LAB", None, None),
        ("7", "LAB", None),
    ]
    assert [(p.row, p.severity) for p in chart.problems] == [(7, "warning")]  # 7.0 repeats 7


def test_nested_json_may_be_a_single_root_object_nested_deep() -> None:
    depth = 500
    text = '{"id": "n", "children": [' * depth + '{"id": "leaf"}' + "]}" * depth
    numbered = text.replace('"n"', '"n%d"') % tuple(range(depth))
    chart = parse_orgchart(numbered.encode(), "deep.json")
    assert (len(chart.units), chart.roots) == (depth + 1, 1)
    assert chart.units[-1].code == "leaf"


def test_json_nested_beyond_what_the_decoder_takes_is_fatal_not_a_crash() -> None:
    depth = 100_000
    text = '{"id": "n", "children": [' * depth + "]}" * depth
    chart = parse_orgchart(text.encode(), "deep.json")
    assert chart.fatal == "The JSON is nested too deeply to read."


def test_children_of_a_rejected_nested_unit_become_roots() -> None:
    data = b'[{"name": "no id", "children": [{"id": "A", "name": "Alpha"}]}]'
    chart = parse_orgchart(data, "tree.json")
    assert [(u.code, u.parent_code) for u in chart.units] == [("A", None)]
    assert [(p.row, p.severity) for p in chart.problems] == [(1, "error"), (2, "warning")]


def test_an_xlsx_whose_first_sheets_are_empty_is_read_from_the_first_sheet_with_data() -> None:
    workbook = openpyxl.Workbook()
    assert workbook.active is not None
    workbook.active.title = "Cover"
    workbook.create_sheet("Blank").append([None, "  "])
    units = workbook.create_sheet("Units")
    for row in (["id", "name", "parent"], [1, "Board", None], [2, "Finance", 1]):
        units.append(row)
    workbook.create_sheet("Notes").append(["not", "read"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    chart = parse_orgchart(buffer.getvalue(), "chart.xlsx")
    assert chart.fatal is None
    assert [(u.code, u.parent_code) for u in chart.units] == [("1", None), ("2", "1")]


def test_an_xlsx_with_only_empty_sheets_says_so() -> None:
    workbook = openpyxl.Workbook()
    workbook.create_sheet("Second")
    buffer = io.BytesIO()
    workbook.save(buffer)
    chart = parse_orgchart(buffer.getvalue(), "chart.xlsx")
    assert chart.fatal is not None
    assert "every sheet of the workbook is empty" in chart.fatal.casefold()
