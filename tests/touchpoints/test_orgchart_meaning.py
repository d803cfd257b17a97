"""Issue 9's parser rules on small files of our own: headers read by meaning, post files,
top markers, whole-row duplicates, job shares, rows without ids, legacy .xls."""

import io

import pytest
import xlwt

from touchpoints.orgchart import ParsedChart, parse_orgchart
from touchpoints.orgchart.meaning import header_words
from touchpoints.orgchart.values import looks_like_person


def parse_csv(text: str, mapping: dict[str, str] | None = None) -> ParsedChart:
    return parse_orgchart(text.encode(), "chart.csv", mapping)


def tree(chart: ParsedChart) -> list[tuple[str, str, str | None]]:
    return [(unit.code, unit.name, unit.parent_code) for unit in chart.units]


ROWS = "A1,Board,\nB2,Finance,A1\nC3,Payroll,B2\n"


@pytest.mark.parametrize(
    ("header", "mapping"),
    [
        ("Org Unit Reference,Org Unit Name,Parent Organisation Code",
         {"code": "Org Unit Reference", "name": "Org Unit Name",
          "parent": "Parent Organisation Code"}),
        ("Employee Number,Position Title,Line Manager ID",
         {"code": "Employee Number", "name": "Position Title", "parent": "Line Manager ID"}),
        ("Post Unique Reference,Title,Reports to Senior Post",
         {"code": "Post Unique Reference", "name": "Title", "parent": "Reports to Senior Post"}),
        ("Code unité,Libellé de l'unité,Unité supérieure",
         {"code": "Code unité", "name": "Libellé de l'unité", "parent": "Unité supérieure"}),
        ("Identifiant,Intitulé,Rattachement hiérarchique",
         {"code": "Identifiant", "name": "Intitulé", "parent": "Rattachement hiérarchique"}),
        ("Organisationsnummer,Bezeichnung,Übergeordnete Einheit",
         {"code": "Organisationsnummer", "name": "Bezeichnung",
          "parent": "Übergeordnete Einheit"}),
        ("Kennung,Stellenbezeichnung,Vorgesetzter",
         {"code": "Kennung", "name": "Stellenbezeichnung", "parent": "Vorgesetzter"}),
        ("Código de unidad,Nombre de la unidad,Unidad superior",
         {"code": "Código de unidad", "name": "Nombre de la unidad",
          "parent": "Unidad superior"}),
        ("Número de empleado,Puesto,Jefe directo",
         {"code": "Número de empleado", "name": "Puesto", "parent": "Jefe directo"}),
        ("Código da unidade,Nome da unidade,Unidade superior",
         {"code": "Código da unidade", "name": "Nome da unidade", "parent": "Unidade superior"}),
        ("Matrícula,Cargo,Chefe imediato",
         {"code": "Matrícula", "name": "Cargo", "parent": "Chefe imediato"}),
        ("Superior,Key,Label",
         {"code": "Key", "name": "Label", "parent": "Superior"}),
    ],
)  # fmt: skip
def test_long_descriptive_headers_in_five_languages_are_read_by_meaning(
    header: str, mapping: dict[str, str]
) -> None:
    columns = header.split(",")
    position = {field: columns.index(column) for field, column in mapping.items()}
    rows = []
    for code, name, parent in (r.split(",") for r in ROWS.strip().split("\n")):
        cells = [""] * len(columns)
        for field, value in (("code", code), ("name", name), ("parent", parent)):
            cells[position[field]] = value
        rows.append(",".join(cells))
    chart = parse_csv(header + "\n" + "\n".join(rows) + "\n")
    assert chart.mapping == mapping
    assert tree(chart) == [("A1", "Board", None), ("B2", "Finance", "A1"), ("C3", "Payroll", "B2")]
    assert set(chart.reasons) == set(mapping)


def test_the_values_break_a_tie_between_two_parent_headers_and_say_why() -> None:
    # Both headers say "parent"; only one holds ids of the file.
    text = "Unit ID,Name,Parent Department,Parent Unit\nA,Board,Ministry,\nB,IT,Ministry,A\n"
    chart = parse_csv(text)
    assert chart.mapping["parent"] == "Parent Unit"
    assert "values are ids of the file" in chart.reasons["parent"]
    assert chart.alternatives["parent"] == ["Parent Department"]


def test_a_count_column_and_a_pandas_index_are_never_taken_for_ids() -> None:
    text = ",Number of Posts,Post Ref,Name\n0,3,P1,Chief\n1,3,P2,Deputy\n"
    assert parse_csv(text).mapping["code"] == "Post Ref"


def test_headers_are_cut_into_plain_words() -> None:
    assert header_words("Código da UnidadeSuperior") == ("codigo", "da", "unidade", "superior")
    assert header_words("Übergeordnete_Straße") == ("ubergeordnete", "strasse")


@pytest.mark.parametrize(
    ("value", "person"),
    [("Ann Smith", True), ("Davolio Nancy", True), ("Jean-Luc O'Neill", True),
     ("Maria da Silva", True), ("Human Resources", False), ("IT Services", False),
     ("Finance", False), ("Ministério da Saúde", False), ("Head of Policy", False)],
)  # fmt: skip
def test_person_names_are_told_from_unit_names(value: str, person: bool) -> None:
    assert looks_like_person(value) is person


POSTS = (
    "Post ID,Name,Job Title,Reports To\n"
    "1,Ann Smith,Chief Executive,XX\n"
    "2,'N/D',Finance Director,1\n"
    '3,"Vacant",Head of IT,1\n'
    "4,VACANCY,Payroll Lead,2\n"
    "5,eliminated,Clerk,4\n"
    "6,ND,Tester,3\n"
    "7,tbc,Analyst,3\n"
    "8,-,Architect,3\n"
    "9,Bob Jones,Developer,3\n"
)


def test_a_post_file_names_units_by_title_and_keeps_holders_as_notes() -> None:
    chart = parse_csv(POSTS)
    assert (chart.mapping["name"], chart.mapping["holder"]) == ("Job Title", "Name")
    assert "holds people's names or placeholders" in chart.reasons["name"]
    assert [unit.name for unit in chart.units][:3] == [
        "Chief Executive",
        "Finance Director",
        "Payroll Lead",
    ]
    notes = {unit.code: unit.note for unit in chart.units}
    # Every placeholder spelling is no holder at all.
    assert notes == {"1": "Held by Ann Smith", "9": "Held by Bob Jones"} | {
        code: None for code in "2345678"
    }


def test_a_unit_file_with_a_title_column_keeps_its_names() -> None:
    text = "id,name,title,parent_id\nA,Human Resources,HR,\nB,Information Technology,IT,A\n"
    chart = parse_csv(text)
    assert chart.mapping["name"] == "name" and "holder" not in chart.mapping


@pytest.mark.parametrize("marker", ["XX", "xx", "TOP", "root", "none", "ROOT"])
def test_a_top_marker_makes_a_root_with_one_note_for_the_file(marker: str) -> None:
    chart = parse_csv(f"id,name,parent\nA,Board,{marker}\nB,IT,A\nC,Ops,{marker}\n")
    assert tree(chart) == [("A", "Board", None), ("B", "IT", "A"), ("C", "Ops", None)]
    assert all(problem.row is None for problem in chart.problems)
    assert len(chart.problems) <= 1 and chart.roots == 2


def test_a_marker_that_is_also_an_id_of_the_file_is_that_unit() -> None:
    chart = parse_csv("id,name,parent\nTOP,Top unit,\nB,IT,TOP\n")
    assert tree(chart) == [("TOP", "Top unit", None), ("B", "IT", "TOP")]
    assert chart.problems == []


def test_a_parent_simply_absent_stays_a_warned_orphan() -> None:
    chart = parse_csv("id,name,parent\nA,Board,Z9\n")
    assert [(p.row, p.severity) for p in chart.problems] == [(2, "warning")]
    assert chart.units[0].orphan


def test_duplicates_are_judged_on_the_whole_row() -> None:
    text = (
        "id,name,parent,updated\nA,Board,,2024\nB,IT,A,2024\n"
        "B,IT,A,2024\n"  # every column matches: ignored
        "B,IT,A,2025\n"  # one unmapped column differs: a different row, named
        "B,Ops,,2024\n"  # different unit fields
    )
    chart = parse_csv(text)
    assert [(p.row, p.severity) for p in chart.problems] == [
        (4, "warning"), (5, "error"), (6, "error"),
    ]  # fmt: skip
    assert "repeats row 3 exactly" in chart.problems[0].message
    assert "'updated' '2025' here but '2024' there" in chart.problems[1].message
    assert "'name' 'Ops' here but 'IT' there" in chart.problems[2].message
    assert "'parent' '' here but 'A' there" in chart.problems[2].message
    assert tree(chart) == [("A", "Board", None), ("B", "IT", "A")]


def test_a_job_share_is_one_unit_naming_every_holder() -> None:
    text = (
        "Post Ref,Name,Job Title,Reports To,FTE\n"
        "1,Ann Smith,Director,,1\n2,Bob Jones,Deputy,1,0.5\n2,Cara Lee,Deputy,1,0.5\n"
    )
    chart = parse_csv(text)
    assert chart.errors == []
    assert [(u.code, u.name, u.note) for u in chart.units] == [
        ("1", "Director", "Held by Ann Smith"),
        ("2", "Deputy", "Held by Bob Jones and Cara Lee (job share)"),
    ]
    assert "job share with row 3" in chart.warnings[0].message


def test_the_same_post_id_with_another_parent_is_no_job_share() -> None:
    text = "Post Ref,Name,Job Title,Reports To\n1,Ann Smith,Director,\n2,Bob Jones,Deputy,1\n"
    chart = parse_csv(text + "2,Cara Lee,Deputy,\n")
    assert [(p.row, p.severity) for p in chart.errors] == [(4, "error")]


def test_rows_without_ids_of_their_own_are_explained_and_import_nothing() -> None:
    text = (
        "Unit,Reporting Senior Post,Grade,Generic Job Title,Number of Posts in FTE\n"
        "Finance,P1,B2,Analyst,2.5\nFinance,P1,B3,Clerk,1\nIT,P2,B2,Developer,4\n"
    )
    chart = parse_csv(text)
    assert chart.units == [] and chart.source_rows == 3
    assert chart.fatal is not None
    assert "rows have no ids of their own" in chart.fatal
    assert "through 'Reporting Senior Post' (2 distinct units)" in chart.fatal
    assert "7.5 in all in 'Number of Posts in FTE'" in chart.fatal


def xls_bytes(rows: list[list[object]], empty_first_sheet: bool = True) -> bytes:
    book = xlwt.Workbook()
    if empty_first_sheet:
        book.add_sheet("Cover")
    sheet = book.add_sheet("Org")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_legacy_xls_workbook_reads_like_xlsx() -> None:
    data = xls_bytes(
        [["Unit Code", "Unit Name", "Parent Unit Code", "Is IT"],
         [1.0, "Board", "", False], [2.0, " Digital ", 1.0, True], [7.5, "Ops", 1, ""]]
    )  # fmt: skip
    chart = parse_orgchart(data, "org.xls", {"side": "Is IT"})
    assert chart.format == "xls" and chart.fatal is None
    assert [(u.code, u.name, u.parent_code, u.side) for u in chart.units] == [
        ("1", "Board", None, "business"), ("2", "Digital", "1", "it"), ("7.5", "Ops", "1", None),
    ]  # fmt: skip


@pytest.mark.parametrize("name", ["org.xls", "org.bin"])
def test_a_damaged_xls_is_refused_with_a_clear_message(name: str) -> None:
    data = xls_bytes([["id"], ["1"]])
    chart = parse_orgchart(data[: len(data) // 3], name)
    assert chart.fatal is not None and ".xls" in chart.fatal
