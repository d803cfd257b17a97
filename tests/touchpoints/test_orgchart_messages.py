"""What the preview says, word for word, where the mutation run found no test reading it: a
file without ids, a workbook too large unpacked, holders told from post titles, names from
other encodings, the evidence of a repeated id; and what a fatal preview still shows."""

import io
import zipfile

import openpyxl
import pytest

from touchpoints.orgchart import ParsedChart, parse_orgchart, workbook


def parse_csv(text: str, mapping: dict[str, str] | None = None) -> ParsedChart:
    return parse_orgchart(text.encode(), "chart.csv", mapping)


def test_a_people_file_without_its_id_column_says_a_person_s_id_is_missing() -> None:
    chart = parse_csv("id,name,manager,department\n1,Ann,,Board\n", {"code": ""})
    assert chart.fatal == (
        "No column looks like a person's id (such as id, code or unit_id). The file's columns "
        "are: 'id', 'name', 'manager', 'department'. Map one by hand with code=COLUMN."
    )


def test_the_columns_of_a_file_without_ids_are_listed_up_to_forty() -> None:
    def listing(count: int) -> str | None:
        header = ",".join(f"c{i}" for i in range(count))
        return parse_csv(header + "\n" + ",".join("x" * count) + "\n").fatal

    forty = ", ".join(f"'c{i}'" for i in range(40))
    start = (
        "No column looks like a unit's id (such as id, code or unit_id). The file's columns are: "
    )
    end = ". Map one by hand with code=COLUMN."
    assert listing(40) == start + forty + end
    assert listing(41) == start + forty + " and 1 more" + end
    assert listing(45) == start + forty + " and 5 more" + end


def test_a_fatal_preview_still_shows_what_was_read_of_the_file() -> None:
    chart = parse_csv("label;parent\nAlpha;\nBeta;Alpha\n")
    assert chart.fatal is not None
    assert (chart.format, chart.encoding, chart.delimiter, chart.source_rows) == (
        "csv",
        "utf-8",
        ";",
        2,
    )
    assert chart.columns == ["label", "parent"]
    assert chart.samples == {"label": ["Alpha", "Beta"], "parent": ["Alpha"]}
    header_only = parse_csv("id,name,parent\n")
    assert header_only.fatal == "The file has column names but no rows of data."
    assert (header_only.shape, header_only.mapping) == (
        "units_by_parent",
        {"code": "id", "name": "name", "parent": "parent"},
    )


def test_rows_without_ids_are_counted_with_their_posts_in_all() -> None:
    def read(counts: list[str]) -> str | None:
        rows = "".join(f"G{i},{count},P1\n" for i, count in enumerate(counts))
        return parse_csv("Grade,Number of Posts,Parent Post\n" + rows + "G9,1\nG9,1,\n").fatal

    start = (
        "The file's rows have no ids of their own: each points at a unit through 'Parent Post' "
        "(1 distinct units). They look like headcount or vacancy rows under existing units, "
        "not units, so nothing is imported and the org chart stays as it is. Read: "
    )
    end = ". To import units, map a column of the rows' own ids with code=COLUMN."
    # a short row and a blank parent point at no unit; they are rows all the same
    assert read(["2", "1"]) == start + "4 rows (5 in all in 'Number of Posts')" + end
    assert read(["2.5", "0.25"]) == start + "4 rows (4.75 in all in 'Number of Posts')" + end


def test_a_workbook_that_unpacks_past_the_cap_is_refused_unread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(workbook, "MAX_UNPACKED_BYTES", 2 * 2**20)

    def zipped(size: int) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/big.xml", b"\0" * size)
        return buffer.getvalue()

    assert parse_orgchart(zipped(6 * 2**20), "c.xlsx").fatal == (
        "The workbook unpacks to 6 MB, more than the 2 MB a real org chart needs; it was not "
        "read. Save the sheet as CSV and upload that."
    )
    # exactly at the cap it is opened, and found to be no workbook
    assert parse_orgchart(zipped(2 * 2**20), "c.xlsx").fatal == (
        "The file is not a readable Excel workbook (.xlsx); it may be damaged, "
        "password-protected or another kind of file with an .xlsx name."
    )


def test_a_formula_without_a_saved_value_is_no_name() -> None:
    sheet_book = openpyxl.Workbook()
    sheet = sheet_book.active
    assert sheet is not None
    sheet.append(["id", "name"])
    sheet.append(["A", "=B1"])  # openpyxl saves no value for it, as Excel would
    buffer = io.BytesIO()
    sheet_book.save(buffer)
    chart = parse_orgchart(buffer.getvalue(), "c.xlsx")
    assert [(unit.code, unit.name) for unit in chart.units] == [("A", "A")]


@pytest.mark.parametrize(
    ("holder", "is_a_person"),
    [
        ("Ann Smith", True),
        ("Ann Mary Jane Smith", True),  # four words
        ("Ann Bob Cat Dan Eve", False),  # five words
        ("A" * 19 + " " + "B" * 20, True),  # 40 characters
        ("A" * 20 + " " + "B" * 20, False),  # 41 characters
        ("da Silva", False),  # one name and a particle
        ("de la", False),
        ('"Smith, Ann"', True),
        ("Xavier Smith", True),
        ("ann smith", False),
        ("J Smith", True),  # an initial is no acronym
        ("HR Jones", False),
        ("NASA Smith", False),
        ("SMITH Ann", True),  # five capitals: a surname, not an acronym
    ],
)
def test_a_post_file_s_holders_are_told_from_unit_names(holder: str, is_a_person: bool) -> None:
    rows = "".join(f"P{i},{holder},Post {i},\n" for i in range(1, 4))
    chart = parse_csv("id,Name,Title,parent\n" + rows)
    assert ("holder" in chart.mapping) is is_a_person
    assert chart.mapping["name"] == ("Title" if is_a_person else "Name")


def test_posts_need_holders_on_60_percent_of_their_rows() -> None:
    def holders(people: int, of: int) -> bool:
        rows = "".join(
            f"P{i},{'Ann Smith' if i <= people else 'Finance'},Post {i},\n"
            for i in range(1, of + 1)
        )
        return "holder" in parse_csv("id,Name,Title,parent\n" + rows).mapping

    assert holders(3, 5)
    assert not holders(1, 3)
    assert not holders(2, 5)


def test_parents_mostly_written_as_text_are_said_so() -> None:
    rows = "".join(f"U{i},Unit {i},Some Unit {i}\n" for i in range(1, 10)) + "U10,Unit 10,X1\n"
    chart = parse_csv("id,name,parent\n" + rows)  # one parent of ten is code-like
    assert chart.reasons["parent"] == (
        "'parent' is a usual header for it; its values are not ids of the file; "
        "its values are text, not ids"
    )


def test_a_dos_cyrillic_file_is_decoded_by_detection() -> None:
    text = "id,name\n1,Бюро Нового Проекта\n2,Эксплуатация\n"
    chart = parse_orgchart(text.encode("cp866"), "units.csv")
    assert [(unit.code, unit.name) for unit in chart.units] == [
        ("1", "Бюро Нового Проекта"),
        ("2", "Эксплуатация"),
    ]
    assert chart.encoding in ("cp866", "cp1125")  # the DOS Cyrillic code pages


def test_utf16_without_a_bom_is_named_as_read() -> None:
    chart = parse_orgchart("id,name\r\nA,Ärzte\r\n".encode("utf-16-le"), "units.csv")
    assert (chart.encoding, [unit.name for unit in chart.units]) == ("utf-16-le", ["Ärzte"])
    # the smallest such file: one column name of two characters
    smallest = parse_orgchart("Äd".encode("utf-16-le"), "units.csv")
    assert (smallest.encoding, smallest.columns) == ("utf-16-le", ["Äd"])


def test_a_repeated_id_shows_four_differing_columns_and_counts_the_rest() -> None:
    four = parse_csv("id,name,a,b,c\nA,Alpha,1,2,3\nA,Beta,9,9,9\n")
    assert four.errors[0].message == (
        "The id 'A' is already used on row 2 for a different unit ('name' 'Beta' here but "
        "'Alpha' there; 'a' '9' here but '1' there; 'b' '9' here but '2' there; 'c' '9' here "
        "but '3' there); this row is rejected and row 2 kept."
    )
    six = parse_csv("id,name,a,b,c,d,e\nA,Alpha,1,2,3,4,5\nA,Beta,9,9,9,9,9\n")
    assert six.errors[0].message.endswith(
        "'c' '9' here but '3' there; 2 more columns differ); this row is rejected and row 2 kept."
    )
    wider = parse_csv("id,name\nA,Alpha\nA,Alpha,extra\n")
    assert wider.errors[0].message == (
        "The id 'A' is already used on row 2 for a different unit ('column 3' 'extra' here but "
        "'' there); this row is rejected and row 2 kept."
    )


def test_a_cell_of_80_characters_is_shown_whole_and_a_longer_one_cut() -> None:
    chart = parse_csv("id,name\nA," + "x" * 80 + "\nA," + "y" * 81 + "\n")
    assert chart.errors[0].message == (
        f"The id 'A' is already used on row 2 for a different unit ('name' '{'y' * 80}…' here "
        f"but '{'x' * 80}' there); this row is rejected and row 2 kept."
    )


def test_units_without_a_name_column_are_named_by_id_with_one_warning() -> None:
    chart = parse_csv("id,parent\nA,\nB,A\n")
    assert [str(problem) for problem in chart.problems] == [
        "File (warning): No column holds unit names; each unit is named by its id."
    ]


def test_a_json_list_of_no_objects_is_refused_in_so_many_words() -> None:
    assert parse_orgchart(b"[1, 2]", "chart.json").fatal == "The JSON holds no objects to import."


def test_a_json_size_problem_names_the_object_it_is_in(monkeypatch: pytest.MonkeyPatch) -> None:
    from touchpoints.orgchart import limits

    monkeypatch.setattr(limits, "MAX_CELL_CHARS", 5)
    text = '[{"id": "A", "name": "Alpha"}, {"id": "B", "name": "Betabet"}]'
    assert parse_orgchart(text.encode(), "chart.json").fatal == (
        "Row 2 has a cell of 7 characters; at most 5 are read. Is this the org-chart export?"
    )


def test_booleans_read_as_lower_case_words_outside_the_side_column() -> None:
    sheet_book = openpyxl.Workbook()
    sheet = sheet_book.active
    assert sheet is not None
    sheet.append(["id", "name", "location"])
    sheet.append(["A", "Alpha", True])
    sheet.append(["B", "Beta", False])
    buffer = io.BytesIO()
    sheet_book.save(buffer)
    chart = parse_orgchart(buffer.getvalue(), "c.xlsx")
    assert [unit.location for unit in chart.units] == ["true", "false"]


@pytest.mark.parametrize(
    "header",
    [
        "ÄБäб",  # a quarter of the bytes are NUL: the least that says UTF-16
        "ÄБäбБ",  # 2 NULs of 10 bytes: a quarter rounded down
    ],
)
def test_utf16_without_a_bom_is_read_down_to_a_quarter_of_nul_bytes(header: str) -> None:
    chart = parse_orgchart(header.encode("utf-16-le"), "units.csv")
    assert (chart.encoding, chart.columns) == ("utf-16-le", [header])


def test_children_of_a_rejected_nested_unit_become_roots_and_are_told_why() -> None:
    text = '[{"name": "No id", "children": [{"id": "B", "name": "Beta"}]}]'
    chart = parse_orgchart(text.encode(), "chart.json")
    assert [(unit.code, unit.parent_code, unit.row) for unit in chart.units] == [("B", None, 2)]
    assert [str(problem) for problem in chart.problems] == [
        "Row 1 (error): The row has no id in column 'id'; it is rejected.",
        "Row 2 (warning): The unit it is nested under (row 1) was rejected; it becomes a root.",
    ]


def test_a_department_known_only_by_its_id_is_named_by_it() -> None:
    chart = parse_csv("id,name,manager,department_id\n1,Ann,,D1\n2,Bob,1,D2\n")
    assert [(unit.code, unit.name, unit.parent_code) for unit in chart.units] == [
        ("D1", "D1", None),
        ("D2", "D2", "D1"),
    ]


def test_a_workbook_of_empty_sheets_is_refused_in_so_many_words() -> None:
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    assert parse_orgchart(buffer.getvalue(), "c.xlsx").fatal == (
        "Every sheet of the workbook is empty."
    )


def test_a_fatal_preview_keeps_the_file_s_warnings_and_an_unread_file_has_no_rows() -> None:
    chart = parse_csv("label,label\nAlpha,x\n")
    assert chart.fatal is not None
    assert [str(problem) for problem in chart.problems] == [
        "Row 1 (warning): Two columns are called 'label'; column 2 is called label_2."
    ]
    unread = parse_orgchart(b"\x00\x01\x02\x03" * 50, "chart.csv")
    assert (unread.fatal is not None, unread.source_rows, unread.problems) == (True, 0, [])
