"""People by manager: departments become units, and who reports to whom makes their tree."""

from pathlib import Path

from touchpoints.orgchart import ParsedChart, parse_orgchart

FIXTURES = Path(__file__).parent / "fixtures" / "orgcharts"


def parse_people(text: str) -> ParsedChart:
    return parse_orgchart(text.encode(), "people.csv")


def tree(chart: ParsedChart) -> list[tuple[str, str | None]]:
    return [(unit.code, unit.parent_code) for unit in chart.units]


def test_departments_are_units_under_the_department_of_their_members_managers() -> None:
    chart = parse_orgchart((FIXTURES / "people_by_manager.csv").read_bytes(), "people.csv")
    assert chart.shape == "people_by_manager"
    assert chart.source_rows == 13
    # SEC: one member reports into IT, one into FIN: a tie, won by FIN, first in the file.
    assert tree(chart) == [
        ("EXE", None),
        ("FIN", "EXE"),
        ("AP", "FIN"),
        ("SEC", "FIN"),
        ("IT", "EXE"),
        ("OPS", "IT"),
    ]


def test_a_department_takes_its_most_common_name_and_location() -> None:
    chart = parse_orgchart((FIXTURES / "people_by_manager.csv").read_bytes(), "people.csv")
    it = next(unit for unit in chart.units if unit.code == "IT")
    assert (it.name, it.location, it.row) == ("Information Technology", "Lisbon", 6)
    assert any("several names" in p.message and p.row == 6 for p in chart.warnings)


def test_a_person_without_a_department_is_left_out_with_a_warning() -> None:
    chart = parse_orgchart((FIXTURES / "people_by_manager.csv").read_bytes(), "people.csv")
    assert [(p.row, p.message) for p in chart.problems if p.row == 12] == [
        (12, "Person '11' (Karina) has no department; left out.")
    ]


def test_the_majority_of_members_decides_the_parent() -> None:
    chart = parse_people("id,manager,department\n1,,Top\n2,,Other\n3,1,Team\n4,1,Team\n5,2,Team\n")
    assert tree(chart) == [("Top", None), ("Team", "Top"), ("Other", None)]


def test_without_a_department_id_the_name_is_the_code() -> None:
    chart = parse_people("id,manager,department\n1,,Board\n2,1, Sales \n")
    assert [(u.code, u.name, u.parent_code) for u in chart.units] == [
        ("Board", "Board", None),
        ("Sales", "Sales", "Board"),
    ]


def test_departments_reporting_to_each_other_are_cut_at_the_first() -> None:
    chart = parse_people("id,manager,department\n1,2,A\n2,1,B\n")
    assert tree(chart) == [("A", None), ("B", "A")]
    [problem] = chart.problems
    assert (problem.row, problem.severity) == (2, "warning")
    assert "cycle" in problem.message


def test_a_manager_missing_from_the_file_is_a_warning() -> None:
    chart = parse_people("id,manager,department\n1,99,A\n")
    assert tree(chart) == [("A", None)]
    assert [p.message for p in chart.problems] == [
        "The manager '99' of person '1' is not in the file."
    ]


def test_people_with_repeated_ids_are_merged_or_rejected() -> None:
    chart = parse_people("id,manager,department\n1,,A\n1,,A\n1,,B\n")
    assert tree(chart) == [("A", None)]
    assert [(p.row, p.severity) for p in chart.problems] == [(3, "warning"), (4, "error")]


def test_a_person_who_is_their_own_manager_has_none() -> None:
    chart = parse_people("id,manager,department\n1,1,A\n2,1,B\n")
    assert tree(chart) == [("A", None), ("B", "A")]
    assert [(p.row, p.severity) for p in chart.problems] == [(2, "warning")]


def test_a_department_takes_the_side_most_of_its_people_have() -> None:
    chart = parse_people(
        "id,manager,department,is_it\n1,,IT,yes\n2,1,IT,yes\n3,1,IT,no\n4,,Sales,\n"
    )
    assert [(u.code, u.side) for u in chart.units] == [("IT", "it"), ("Sales", None)]


def test_a_row_cut_short_reads_its_missing_cells_as_empty() -> None:
    # Fields are read a column at a time: a row with fewer cells than the header must still
    # line up with its neighbours (no cell shifted from the next row, nothing raised).
    chart = parse_people(
        "id,name,manager,department,email,title\n"
        "1,Ann,,D1,ann@x.org,Head\n"
        "2,Bob,1\n"
        "3,Cy,1,D2\n"
        "4,Di,3,D2,di@x.org\n"
    )
    people = [(p.code, p.department, p.email, p.title) for p in chart.people]
    assert people == [
        ("1", "D1", "ann@x.org", "Head"),
        ("3", "D2", "", ""),
        ("4", "D2", "di@x.org", ""),
    ]
    assert tree(chart) == [("D1", None), ("D2", "D1")]
    assert [p.row for p in chart.warnings if "no department" in p.message] == [3]


def test_an_email_written_as_a_mailto_link_in_any_case_is_kept() -> None:
    chart = parse_people(
        "id,name,manager,department,email\n"
        "1,Ann,,D1,MAILTO:Ann@X.org\n2,Bob,1,D1, mailto:bob@x.org \n"
    )
    assert [p.email for p in chart.people] == ["ann@x.org", "bob@x.org"]
