"""A file of people turned into departments: the rules the mutation run found unpinned (the
majority of the managers' departments, the member of a cycle made a root, hand-mapped types and
criticalities, rows left out), each seen in the units and the problems the preview lists."""

from touchpoints.orgchart import ParsedChart, parse_orgchart

HEADER = "id,name,manager,department"


def parse_people(text: str, mapping: dict[str, str] | None = None) -> ParsedChart:
    return parse_orgchart(text.encode(), "people.csv", mapping)


def departments(chart: ParsedChart) -> list[tuple[str, str | None, int | None]]:
    return [(unit.code, unit.parent_code, unit.row) for unit in chart.units]


def test_a_department_goes_under_the_department_of_most_managers_not_the_first() -> None:
    # D's people have managers in Y (one) and X (two); Y comes first in the file.
    chart = parse_people(
        f"{HEADER}\n1,Ann,,Y\n2,Bob,,X\n3,Cat,,X\n4,Dan,1,D\n5,Eve,2,D\n6,Fay,3,D\n"
    )
    assert departments(chart) == [("Y", None, 2), ("X", None, 3), ("D", "X", 5)]


def test_a_cycle_of_departments_is_cut_at_the_one_first_in_the_file() -> None:
    chart = parse_people(f"{HEADER}\n1,Ann,3,Z\n2,Bob,3,Z\n3,Cat,1,A\n")
    assert departments(chart) == [("Z", None, 2), ("A", "Z", 4)]
    assert [str(problem) for problem in chart.problems] == [
        "Row 2 (warning): Departments report to each other in a cycle ('Z' (row 2) → 'A' "
        "(row 4) → 'Z'); department 'Z', first in the file, is made a root."
    ]


def test_hand_mapped_types_and_criticalities_go_to_departments_by_majority() -> None:
    chart = parse_people(
        "id,name,manager,department,type,crit\n"
        "1,Ann,,Board,core,high\n2,Bob,1,Tech,it,low\n3,Cat,1,Tech,it,low\n4,Dan,1,Tech,x,high\n",
        {"kind": "type", "criticality": "crit"},
    )
    assert [(unit.code, unit.kind, unit.criticality) for unit in chart.units] == [
        ("Board", "core", "high"),
        ("Tech", "it", "low"),
    ]


def test_a_side_not_understood_is_said_on_its_row() -> None:
    chart = parse_people("id,name,manager,department,side\n1,Ann,,Board,IT\n2,Bob,1,Tech,maybe\n")
    assert [(unit.code, unit.side) for unit in chart.units] == [("Board", "it"), ("Tech", None)]
    assert [str(problem) for problem in chart.problems] == [
        "Row 3 (warning): The side 'maybe' is not understood (expected IT or business, yes or "
        "no, true or false); it is left unset."
    ]


def test_a_person_without_an_id_is_rejected_and_the_rows_after_are_read() -> None:
    chart = parse_people(f"{HEADER}\n1,Ann,,Board\n,Nobody,1,Tech\n3,Cat,1,Tech\n")
    assert departments(chart) == [("Board", None, 2), ("Tech", "Board", 4)]
    assert [str(problem) for problem in chart.problems] == [
        "Row 3 (error): The row has no id in column 'id'; it is rejected."
    ]


def test_people_without_a_department_are_named_in_the_warning_when_they_have_a_name() -> None:
    chart = parse_people(f"{HEADER}\n1,Ann,,Board\n2,Bob,1,\n3,,1,\n")
    assert departments(chart) == [("Board", None, 2)]
    assert [str(problem) for problem in chart.problems] == [
        "Row 3 (warning): Person '2' (Bob) has no department; left out.",
        "Row 4 (warning): Person '3' has no department; left out.",
    ]


def cycle_of(count: int) -> ParsedChart:
    rows = "".join(f"U{i},Unit {i},U{i % count + 1}\n" for i in range(1, count + 1))
    return parse_orgchart(("id,name,parent\n" + rows).encode(), "units.csv")


def test_a_cycle_of_eight_units_is_shown_whole_and_a_longer_one_shortened() -> None:
    eight = " → ".join(f"'U{i}' (row {i + 1})" for i in range(1, 9))
    assert cycle_of(8).problems[0].message == (
        f"Unit 'U1' is in a cycle of parents ({eight} → 'U1'); rejected."
    )
    assert cycle_of(10).problems[0].message == (
        f"Unit 'U1' is in a cycle of parents ({eight} → 2 more → 'U1'); rejected."
    )
