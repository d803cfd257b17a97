"""Cases the mutation run (`make mutation`) showed no test looked at: the row numbers of an XLSX
problem, dates, times and booleans in cells, a department's majority, JSON by content, a short
first line that is no `sep=` line, Windows-1252 of even length. Each asserts what the admin sees
in the preview: a row number, a name, a side, a parent, a decoded text."""

import datetime
import io

import openpyxl

from touchpoints.orgchart import ParsedChart, parse_orgchart


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def units(chart: ParsedChart) -> list[tuple[str, str, str | None, int | None]]:
    return [(unit.code, unit.name, unit.parent_code, unit.row) for unit in chart.units]


def problems(chart: ParsedChart) -> list[tuple[int | None, str]]:
    return [(problem.row, problem.severity) for problem in chart.problems]


# --- XLSX ------------------------------------------------------------------------------------


def test_xlsx_problems_carry_the_row_number_the_spreadsheet_shows() -> None:
    data = xlsx_bytes(
        [
            ["id", "name", "parent"],  # row 1
            ["A", "Alpha", None],  # row 2
            [None, "No id", "A"],  # row 3: rejected
            [],  # row 4: blank, still counted
            ["B", "Beta", "A"],  # row 5
            ["B", "Other beta", "A"],  # row 6: same id, other unit
        ]
    )
    chart = parse_orgchart(data, "chart.xlsx")
    assert units(chart) == [("A", "Alpha", None, 2), ("B", "Beta", "A", 5)]
    assert problems(chart) == [(3, "error"), (6, "error")]
    assert "row 5" in chart.problems[1].message


def test_xlsx_dates_times_and_booleans_read_as_the_spreadsheet_shows_them() -> None:
    data = xlsx_bytes(
        [
            ["id", "name", "location", "is_it"],
            ["A", datetime.datetime(2020, 5, 17), datetime.time(9, 30), True],
            ["B", datetime.datetime(2020, 5, 17, 9, 30), "Leeds", False],
        ]
    )
    chart = parse_orgchart(data, "chart.xlsx")
    a, b = chart.units
    assert (a.name, a.location, a.side) == ("2020-05-17", "09:30:00", "it")
    assert (b.name, b.location, b.side) == ("2020-05-17T09:30:00", "Leeds", "business")


# --- people by manager: the majority decides ---------------------------------------------


def test_a_department_takes_the_side_most_of_its_people_give() -> None:
    text = (
        "id,name,manager,department,side\n"
        "1,Ann,,Board,business\n"
        "2,Bob,1,Tech,business\n"  # first member of Tech says business
        "3,Cat,1,Tech,IT\n"
        "4,Dan,1,Tech,IT\n"
    )
    chart = parse_orgchart(text.encode(), "people.csv")
    sides = {unit.code: unit.side for unit in chart.units}
    assert sides == {"Board": "business", "Tech": "it"}


def test_a_department_goes_under_the_department_most_of_its_managers_sit_in() -> None:
    text = (
        "id,name,manager,department\n"
        "1,Ann,,Board\n"
        "2,Eve,1,Finance\n"
        "3,Bob,2,Ops\n"  # first member of Ops reports into Finance...
        "4,Cat,1,Ops\n"  # ...the two others into the Board
        "5,Dan,1,Ops\n"
    )
    chart = parse_orgchart(text.encode(), "people.csv")
    parents = {unit.code: unit.parent_code for unit in chart.units}
    assert parents == {"Board": None, "Finance": "Board", "Ops": "Board"}


# --- recognising the format and the encoding ----------------------------------------------


def test_json_is_recognised_by_its_content_under_any_other_name() -> None:
    data = b'  [{"id": "A", "name": "Alpha"}, {"id": "B", "name": "Beta", "parent": "A"}]'
    chart = parse_orgchart(data, "export.dat")
    assert chart.format == "json"
    assert units(chart) == [("A", "Alpha", None, 1), ("B", "Beta", "A", 2)]
    chart = parse_orgchart(b"id,name\nA,Alpha\n", "export.dat")
    assert (chart.format, units(chart)) == ("csv", [("A", "Alpha", None, 2)])


def test_a_csv_named_csv_is_read_as_csv_even_when_it_starts_like_json() -> None:
    chart = parse_orgchart(b"[id],name\nA,Alpha\n", "units.csv")
    assert chart.format == "csv"
    assert chart.columns == ["[id]", "name"]


def test_an_excel_sep_line_may_name_the_tab() -> None:
    chart = parse_orgchart(b"sep=\t\r\nid\tname\r\nA\tAlpha, Inc\r\n", "units.csv")
    assert (chart.fatal, chart.delimiter, chart.columns) == (None, "\t", ["id", "name"])
    assert [(unit.name, unit.row) for unit in chart.units] == [("Alpha, Inc", 3)]


def test_a_five_character_first_line_is_a_header_not_a_sep_line() -> None:
    chart = parse_orgchart(b"id,nm\nA,Alpha\n", "units.csv")
    assert (chart.delimiter, chart.columns) == (",", ["id", "nm"])
    assert [(unit.code, unit.row) for unit in chart.units] == [("A", 2)]


def test_windows_1252_of_even_length_is_not_taken_for_utf16() -> None:
    data = "id;name\r\n1;Café\r\n2;Señor\r\n".encode("cp1252")
    assert len(data) % 2 == 0
    chart = parse_orgchart(data, "units.csv")
    assert chart.encoding == "cp1252"
    assert [unit.name for unit in chart.units] == ["Café", "Señor"]
