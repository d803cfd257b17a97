"""Cases the mutation run (`make mutation`) showed no test looked at: the row numbers of an XLSX
problem, dates, times and booleans in cells, a department's majority, JSON by content, a short
first line that is no `sep=` line, Windows-1252 of even length. Each asserts what the admin sees
in the preview: a row number, a name, a side, a parent, a decoded text."""

import datetime
import io

import xlwt

from tests.touchpoints.workbooks import xlsx_bytes
from touchpoints.orgchart import ParsedChart, parse_orgchart


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


# --- the preview's list of problems, word for word ----------------------------------------


def test_a_units_file_lists_each_problem_with_its_row_and_what_happens() -> None:
    text = (
        "id,name,parent,side,,name\n"
        "A,Alpha,,IT,,\n"
        "B,,A,business,,\n"
        ",Nameless,A,,,\n"
        "C,Gamma,A,maybe,,\n"
        "C,Gamma,A,maybe,,\n"
        "C,Other,B,,,\n"
        "D,Delta,D,,,\n"
        "E,Epsilon,Z,,,\n"
        "F,Phi,G,,,\n"
        "G,Gee,F,,,\n"
        "H,Eta,F,,,\n"
        "I,Iota,A,,,,extra\n"
    )
    chart = parse_orgchart(text.encode(), "units.csv")
    side = "(expected IT or business, yes or no, true or false); it is left unset."
    cycle = "('F' (row 10) → 'G' (row 11) → 'F'); rejected."
    assert [str(problem) for problem in chart.problems] == [
        "Row 1 (warning): Column 5 has no name; it is called column_5.",
        "Row 1 (warning): Two columns are called 'name'; column 6 is called name_2.",
        "Row 3 (warning): Unit 'B' has no name; its id is used as its name.",
        "Row 4 (error): The row has no id in column 'id'; it is rejected.",
        f"Row 5 (warning): The side 'maybe' is not understood {side}",
        f"Row 6 (warning): The side 'maybe' is not understood {side}",
        "Row 6 (warning): Unit 'C' repeats row 5 exactly; the repeat is ignored.",
        "Row 7 (error): The id 'C' is already used on row 5 for a different unit ('name' "
        "'Other' here but 'Gamma' there; 'parent' 'B' here but 'A' there; 'side' '' here but "
        "'maybe' there); this row is rejected and row 5 kept.",
        "Row 8 (warning): Unit 'D' names itself as its parent; it is imported as a root.",
        "Row 9 (warning): The parent 'Z' of unit 'E' is not in the file; the unit is imported "
        "as a root.",
        f"Row 10 (error): Unit 'F' is in a cycle of parents {cycle}",
        f"Row 11 (error): Unit 'G' is in a cycle of parents {cycle}",
        "Row 12 (warning): The parent 'F' of unit 'H' was rejected for being in a cycle; the "
        "unit is imported as a root.",
        "Row 13 (warning): The row has 7 values but the header has 6 columns; the values past "
        "the last column were ignored.",
    ]
    assert [(u.code, u.name, u.parent_code, u.side, u.row) for u in chart.units] == [
        ("A", "Alpha", None, "it", 2),
        ("B", "B", "A", "business", 3),
        ("C", "Gamma", "A", None, 5),
        ("I", "Iota", "A", None, 13),
        ("D", "Delta", None, None, 8),
        ("E", "Epsilon", None, None, 9),
        ("H", "Eta", None, None, 12),
    ]


def test_a_people_file_lists_each_problem_with_its_row_and_what_happens() -> None:
    text = (
        "id,name,manager,department,location\n"
        "1,Ann,,Board,Leeds\n"
        "2,Bob,2,Board,Leeds\n"
        "3,Cat,1,,Leeds\n"
        "4,Dan,1,Tech,York\n"
        "4,Dan,1,Tech,York\n"
        "4,Dan B,1,Tech,York\n"
        "5,Eve,9,Tech,York\n"
        "6,Fay,7,Ops,York\n"
        "7,Gus,6,Sales,York\n"
    )
    chart = parse_orgchart(text.encode(), "people.csv")
    assert [str(problem) for problem in chart.problems] == [
        "Row 3 (warning): Person '2' is their own manager; treated as having none.",
        "Row 4 (warning): Person '3' (Cat) has no department; left out.",
        "Row 6 (warning): Person '4' repeats row 5 exactly; the repeat is ignored.",
        "Row 7 (error): The id '4' is already used on row 5 for a different person; this row "
        "is rejected and row 5 kept.",
        "Row 8 (warning): The manager '9' of person '5' is not in the file.",
        "Row 9 (warning): Departments report to each other in a cycle ('Ops' (row 9) → 'Sales' "
        "(row 10) → 'Ops'); department 'Ops', first in the file, is made a root.",
    ]
    assert [(u.code, u.parent_code, u.location, u.row) for u in chart.units] == [
        ("Board", None, "Leeds", 2),
        ("Tech", "Board", "York", 5),
        ("Ops", None, "York", 9),
        ("Sales", "Ops", "York", 10),
    ]


def test_a_people_file_with_department_ids_names_the_rows_it_leaves_out() -> None:
    text = (
        "id,name,manager,department,department_id\n"
        "1,Ann,,Board,B\n"
        "2,Bob,1,Tech,\n"
        "3,Cy,1,Tech,T\n"
        "4,Di,1,Technology,T\n"
        "5,Ed,1,Tech,T\n"
    )
    chart = parse_orgchart(text.encode(), "people.csv")
    assert [str(problem) for problem in chart.problems] == [
        "Row 3 (warning): Person '2' (Bob) has department 'Tech' but no department id; left out.",
        "Row 4 (warning): Department 'T' has several names in the file ('Tech' on 2 rows, "
        "'Technology' on 1 row); 'Tech' is used.",
    ]
    assert [(u.code, u.name, u.parent_code, u.row) for u in chart.units] == [
        ("B", "Board", None, 2),
        ("T", "Tech", "B", 4),
    ]


def test_units_under_a_template_top_marker_are_roots_said_once_for_the_file() -> None:
    chart = parse_orgchart(b"id,name,parent\nA,Alpha,XX\nB,Beta,xx\nC,Gamma,A\n", "units.csv")
    assert [str(problem) for problem in chart.problems] == [
        "File (warning): 2 units with 'XX', 'xx' as parent: the top-of-tree marker of the "
        "file's template, not a missing unit; imported as roots (row 2, 3)."
    ]
    assert [(u.code, u.parent_code) for u in chart.units] == [("A", None), ("C", "A"), ("B", None)]
    chart = parse_orgchart(b"id,name,parent\nA,Alpha,top\nC,Gamma,A\n", "units.csv")
    assert [str(problem) for problem in chart.problems] == [
        "File (warning): 1 unit with 'top' as parent: the top-of-tree marker of the file's "
        "template, not a missing unit; imported as roots (row 2)."
    ]


def test_rows_without_ids_are_refused_with_their_count_summed() -> None:
    # A blank or unreadable count, or a row cut short, counts nothing: 2.5 + 1 posts.
    text = (
        "name,Reporting Senior Post,Number of Posts in FTE\n"
        "Clerk,P1,2.5\nAnalyst,P1,n/a\nDev,P2\nOps,P3,1\n"
    )
    chart = parse_orgchart(text.encode(), "junior.csv")
    assert chart.fatal == (
        "The file's rows have no ids of their own: each points at a unit through 'Reporting "
        "Senior Post' (3 distinct units). They look like headcount or vacancy rows under existing "
        "units, not units, so nothing is imported and the org chart stays as it is. Read: 4 rows "
        "(3.5 in all in 'Number of Posts in FTE'). To import units, map a column of the rows' own "
        "ids with code=COLUMN."
    )


def test_a_json_object_is_recognised_by_its_content_too() -> None:
    data = b'{"id": "A", "name": "Alpha", "children": [{"id": "B", "name": "Beta"}]}'
    chart = parse_orgchart(data, "export")
    assert chart.format == "json"
    assert units(chart) == [("A", "Alpha", None, 1), ("B", "Beta", "A", 2)]


def test_xls_dates_read_as_the_spreadsheet_shows_them() -> None:
    book = xlwt.Workbook()
    sheet = book.add_sheet("Org")
    dated = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for c, value in enumerate(["id", "name"]):
        sheet.write(0, c, value)
    sheet.write(1, 0, "A")
    sheet.write(2, 0, "B")
    sheet.write(1, 1, datetime.datetime(2020, 5, 17), dated)
    sheet.write(2, 1, datetime.datetime(2020, 5, 17, 9, 30), dated)
    buffer = io.BytesIO()
    book.save(buffer)
    chart = parse_orgchart(buffer.getvalue(), "org.xls")
    assert units(chart) == [("A", "2020-05-17", None, 2), ("B", "2020-05-17T09:30:00", None, 3)]


def test_a_damaged_xls_is_refused_in_so_many_words() -> None:
    chart = parse_orgchart(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "old.xls")
    assert chart.fatal == (
        "The file is not a readable Excel 97-2003 workbook (.xls); it may be damaged, "
        "password-protected or another kind of file with an .xls name."
    )


def test_utf16_big_endian_without_a_bom_is_read() -> None:
    chart = parse_orgchart("id,name\r\nA,Ärzte\r\n".encode("utf-16-be"), "units.csv")
    assert (chart.encoding, [unit.name for unit in chart.units]) == ("utf-16-be", ["Ärzte"])


def test_a_json_list_keeps_its_fields_as_columns_and_says_what_it_skipped() -> None:
    data = (
        b'[{"id": "A", "name": "Alpha", "": "x", "tags": ["t"],'
        b' "children": [{"id": "B", "name": "Beta"}]}, "stray"]'
    )
    chart = parse_orgchart(data, "units.json")
    assert chart.columns == ["id", "name", "column_3", "tags"]
    assert [str(problem) for problem in chart.problems] == [
        "File (warning): Column 3 has no name; it is called column_3.",
        "File (warning): An item of the JSON is a str, not an object; skipped.",
    ]
    assert [(u.code, u.parent_code) for u in chart.units] == [("A", None), ("B", "A")]


def test_a_person_without_an_id_is_rejected_naming_the_id_column() -> None:
    chart = parse_orgchart(b"id,name,manager,department\n1,Ann,,Board\n,Bob,1,Board\n", "p.csv")
    assert [str(problem) for problem in chart.problems] == [
        "Row 3 (error): The row has no id in column 'id'; it is rejected."
    ]


def test_people_without_a_manager_column_make_every_department_a_root() -> None:
    data = b"id,name,Dept\n1,Ann,Board\n2,Bob,Tech\n"
    chart = parse_orgchart(data, "people.csv", {"department": "Dept"})
    assert chart.shape == "people_by_manager"
    assert [str(problem) for problem in chart.problems] == [
        "File (warning): No column names each person's manager, so every department is a root."
    ]
    assert [(u.code, u.parent_code) for u in chart.units] == [("Board", None), ("Tech", None)]


def test_a_repeated_id_is_judged_on_every_cell_of_both_rows() -> None:
    # The first row has a value past the header that the repeat lacks: they differ.
    chart = parse_orgchart(b"id,name\nC,Gamma,x\nC,Gamma\n", "units.csv")
    assert str(chart.problems[-1]) == (
        "Row 3 (error): The id 'C' is already used on row 2 for a different unit ('column 3' '' "
        "here but 'x' there); this row is rejected and row 2 kept."
    )


def test_names_that_differ_past_80_characters_are_no_exact_repeat() -> None:
    # Only the first 80 characters are shown, but the whole names are compared.
    long = "N" * 90
    chart = parse_orgchart(f"id,name\nC,{long}\nC,{long}M\n".encode(), "units.csv")
    shown = "N" * 80 + "…"
    assert [str(problem) for problem in chart.problems] == [
        f"Row 3 (error): The id 'C' is already used on row 2 for a different unit ('name' "
        f"'{shown}' here but '{shown}' there); this row is rejected and row 2 kept."
    ]


def test_invisible_characters_around_an_id_are_dropped() -> None:
    chart = parse_orgchart("id,name\n\u200bA\u2060,Alpha\n".encode(), "units.csv")
    assert [(unit.code, unit.name) for unit in chart.units] == [("A", "Alpha")]


def test_blank_lines_before_the_header_still_count_as_rows() -> None:
    chart = parse_orgchart(b"\n\nid,name\nA,Alpha\n,Nameless\n", "units.csv")
    assert [(unit.code, unit.row) for unit in chart.units] == [("A", 4)]
    assert [problem.row for problem in chart.problems] == [5]


def test_a_file_named_xlsm_is_read_as_a_workbook() -> None:
    chart = parse_orgchart(b"id,name\nA,Alpha\n", "macros.xlsm")
    assert chart.fatal == (
        "The file is not a readable Excel workbook (.xlsx); it may be damaged, "
        "password-protected or another kind of file with an .xlsx name."
    )


def test_a_file_named_xls_is_read_as_a_legacy_workbook() -> None:
    chart = parse_orgchart(b"id,name\nA,Alpha\n", "old.xls")
    assert chart.fatal == (
        "The file is not a readable Excel 97-2003 workbook (.xls); it may be damaged, "
        "password-protected or another kind of file with an .xls name."
    )


def test_only_a_byte_order_mark_is_taken_off_the_first_column_name() -> None:
    chart = parse_orgchart("\ufeffX-ref,id,name\n1,A,Alpha\n".encode(), "units.csv")
    assert chart.columns == ["X-ref", "id", "name"]


def test_an_id_column_with_95_percent_distinct_values_counts_as_unique() -> None:
    # 20 rows, 19 distinct ids (U0 twice): exactly the 95% edge, which earns the bonus.
    rows = "".join(f"U{i},Unit {i},\n" for i in range(19)) + "U0,Again,\n"
    chart = parse_orgchart(("id,name,parent\n" + rows).encode(), "units.csv")
    assert chart.reasons["code"] == "'id' is a usual header for it; its values are unique"
