"""Units by parent id: every quirk of real exports reported with its row, none crashing."""

from pathlib import Path

import pytest

from tests.conftest import shared_unless_mutating
from touchpoints.orgchart import ParsedChart, ParsedUnit, parse_orgchart

FIXTURES = Path(__file__).parent / "fixtures" / "orgcharts"


@pytest.fixture(scope=shared_unless_mutating)
def quirks() -> ParsedChart:
    return parse_orgchart((FIXTURES / "quirks.csv").read_bytes(), "quirks.csv")


def problems_on(chart: ParsedChart, row: int) -> list[tuple[str, str]]:
    return [(p.severity, p.message) for p in chart.problems if p.row == row]


def unit(chart: ParsedChart, code: str) -> ParsedUnit:
    return next(unit for unit in chart.units if unit.code == code)


def test_a_clean_file_keeps_every_field() -> None:
    chart = parse_orgchart((FIXTURES / "units_by_parent.csv").read_bytes(), "units.csv")
    assert chart.problems == []
    assert (len(chart.units), chart.roots, chart.source_rows) == (6, 2, 6)
    desk = unit(chart, "121")
    assert (desk.name, desk.parent_code, desk.side, desk.location, desk.kind) == (
        "Service desk", "120", "it", "Porto", "Team",
    )  # fmt: skip
    assert (desk.criticality, desk.row) == ("high", 6)


def test_ids_are_kept_exactly_so_padded_ids_are_other_units(quirks: ParsedChart) -> None:
    assert unit(quirks, "00000001").parent_code == "1"
    assert unit(quirks, "1").name == "Alpha one"


def test_an_exact_repeat_is_merged_with_a_warning(quirks: ParsedChart) -> None:
    assert [u.code for u in quirks.units].count("2") == 1
    assert problems_on(quirks, 5) == [
        ("warning", "Unit '2' repeats row 4 exactly; the repeat is ignored.")
    ]


def test_a_conflicting_repeat_is_an_error_and_the_first_is_kept(quirks: ParsedChart) -> None:
    assert unit(quirks, "3").name == "Gamma"
    [(severity, message)] = problems_on(quirks, 7)
    assert severity == "error"
    assert "already used on row 6" in message and "'Gamma renamed'" in message


def test_a_missing_name_falls_back_to_the_id(quirks: ParsedChart) -> None:
    assert unit(quirks, "4").name == "4"
    assert problems_on(quirks, 8) == [
        ("warning", "Unit '4' has no name; its id is used as its name.")
    ]


def test_a_row_without_an_id_is_rejected(quirks: ParsedChart) -> None:
    assert problems_on(quirks, 9) == [
        ("error", "The row has no id in column 'id'; it is rejected.")
    ]


def test_a_parent_missing_from_the_file_makes_an_orphan_root(quirks: ParsedChart) -> None:
    assert unit(quirks, "5").parent_code is None
    [(severity, message)] = problems_on(quirks, 10)
    assert severity == "warning" and "parent '999'" in message and "root" in message


@pytest.mark.parametrize("code", ["6", "7", "8"])  # NULL, N/D and Vacant
def test_placeholder_parents_mean_no_parent_and_no_problem(quirks: ParsedChart, code: str) -> None:
    placeholder = unit(quirks, code)
    assert placeholder.parent_code is None
    assert problems_on(quirks, placeholder.row or 0) == []


def test_placeholder_names_are_empty(quirks: ParsedChart) -> None:
    assert unit(quirks, "14").name == "14"


def test_a_self_reference_becomes_a_root_with_a_warning(quirks: ParsedChart) -> None:
    assert unit(quirks, "9").parent_code is None
    assert problems_on(quirks, 14) == [
        ("warning", "Unit '9' names itself as its parent; it is imported as a root.")
    ]


def test_a_cycle_is_rejected_naming_its_rows(quirks: ParsedChart) -> None:
    codes = {u.code for u in quirks.units}
    assert not codes & {"10", "11", "12"}
    cycle = "'10' (row 15) → '11' (row 16) → '12' (row 17) → '10'"
    for row in (15, 16, 17):
        [(severity, message)] = problems_on(quirks, row)
        assert severity == "error" and cycle in message


def test_a_unit_under_a_cycle_is_kept_as_a_root(quirks: ParsedChart) -> None:
    assert unit(quirks, "13").parent_code is None
    [(severity, _)] = problems_on(quirks, 18)
    assert severity == "warning"


def test_empty_and_repeated_headers_are_named_and_extra_columns_ignored(
    quirks: ParsedChart,
) -> None:
    assert quirks.columns == ["id", "name", "parent", "column_4", "name_2"]
    assert len(problems_on(quirks, 1)) == 2
    assert unit(quirks, "1").name == "Alpha one"


def test_problems_come_in_row_order(quirks: ParsedChart) -> None:
    rows = [p.row or 0 for p in quirks.problems]
    assert rows == sorted(rows)


def test_units_come_parents_first_even_when_the_file_lists_children_first() -> None:
    chart = parse_orgchart((FIXTURES / "children_first_pipe.csv").read_bytes(), "c.csv")
    seen: set[str] = set()
    for parsed in chart.units:
        assert parsed.parent_code is None or parsed.parent_code in seen
        seen.add(parsed.code)


def test_non_breaking_and_stray_spaces_are_tidied() -> None:
    chart = parse_orgchart((FIXTURES / "nbsp.csv").read_bytes(), "nbsp.csv")
    assert [(u.code, u.name, u.parent_code) for u in chart.units] == [
        ("1", "Café central", None),
        ("2", "Café annex", "1"),
    ]


@pytest.mark.parametrize(
    ("written", "side"),
    [("IT", "it"), ("it", "it"), ("Yes", "it"), ("true", "it"), ("1", "it"),
     ("Business", "business"), ("no", "business"), ("FALSE", "business"), ("0", "business"),
     ("", None), ("N/A", None)],
)  # fmt: skip
def test_side_values_are_read_as_it_or_business(written: str, side: str | None) -> None:
    chart = parse_orgchart(f"id,name,is_it\nA,Alpha,{written}\n".encode(), "sides.csv")
    assert chart.units[0].side == side
    assert chart.problems == []


def test_an_unknown_side_is_left_unset_with_a_warning() -> None:
    chart = parse_orgchart(b"id,name,side\nA,Alpha,maybe\n", "sides.csv")
    assert chart.units[0].side is None
    assert [(p.row, p.severity) for p in chart.problems] == [(2, "warning")]
