"""Whatever bytes arrive, parsing returns a well-formed ParsedChart and never raises."""

import io
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import examples
from touchpoints.orgchart import ParsedChart, parse_orgchart

FIXTURES = Path(__file__).parent / "fixtures" / "orgcharts"
VALID_CSV = (FIXTURES / "units_by_parent.csv").read_bytes() + (
    b"130,Loop A,131,,,,,\n131,Loop B,130,,,,,\n132,Self,132,,,,,\n110,Finance,100,no,Lisbon,,,\n"
)
VALID_PEOPLE = (FIXTURES / "people_by_manager.csv").read_bytes()
FILENAMES = st.sampled_from(["chart.csv", "chart.xlsx", "chart.json", "chart.txt", "chart"])

robust = settings(
    max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def assert_well_formed(chart: ParsedChart) -> None:
    assert all(problem.severity in ("error", "warning") for problem in chart.problems)
    if chart.fatal is not None:
        assert chart.fatal.strip() and chart.units == []
        return
    assert chart.shape is not None and "code" in chart.mapping
    assert set(chart.mapping.values()) <= set(chart.columns)
    codes = [unit.code for unit in chart.units]
    assert len(codes) == len(set(codes)), "codes are unique"
    seen: set[str] = set()
    for unit in chart.units:
        assert unit.code and unit.code == unit.code.strip()
        assert unit.name and unit.name == " ".join(unit.name.split())
        assert unit.parent_code is None or unit.parent_code in seen, "parents come first"
        assert unit.side in (None, "it", "business")
        seen.add(unit.code)


@st.composite
def mutated_lines(draw: st.DrawFn, original: bytes) -> bytes:
    lines = original.splitlines(keepends=True)
    for _ in range(draw(st.integers(0, 6))):
        operation = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "truncate"]))
        where = draw(st.integers(0, max(len(lines) - 1, 0)))
        if not lines:
            break
        if operation == "delete":
            del lines[where]
        elif operation == "duplicate":
            lines.insert(where, lines[where])
        elif operation == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[where], lines[other] = lines[other], lines[where]
        elif operation == "insert":
            line = lines[where]
            at = draw(st.integers(0, len(line)))
            lines[where] = line[:at] + draw(st.binary(min_size=1, max_size=12)) + line[at:]
        else:
            lines[where] = lines[where][: draw(st.integers(0, len(lines[where])))]
    return b"".join(lines)


def xlsx_of(csv_text: str) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for line in csv_text.splitlines():
        sheet.append(line.split(","))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


VALID_XLSX = xlsx_of("id,name,parent\n1,A,\n2,B,1\n")


@robust
@given(data=st.binary(max_size=2000), filename=FILENAMES)
def test_arbitrary_bytes_never_raise(data: bytes, filename: str):
    assert_well_formed(parse_orgchart(data, filename))


@robust
@given(
    text=st.text(alphabet=st.sampled_from(list('id,name;parent|\t"\n\r xyz01\u00a0N/AULL{}[]:')))
)
def test_arbitrary_delimited_text_never_raises(text: str):
    assert_well_formed(parse_orgchart(text.encode(), "chart.csv"))


@robust
@given(data=mutated_lines(VALID_CSV), filename=FILENAMES)
def test_mutations_of_a_valid_units_csv_never_raise(data: bytes, filename: str):
    assert_well_formed(parse_orgchart(data, filename))


@robust
@given(data=mutated_lines(VALID_PEOPLE))
def test_mutations_of_a_valid_people_csv_never_raise(data: bytes):
    assert_well_formed(parse_orgchart(data, "people.csv"))


@robust
@given(data=mutated_lines((FIXTURES / "nested.json").read_bytes()))
def test_mutations_of_a_nested_json_never_raise(data: bytes):
    assert_well_formed(parse_orgchart(data, "chart.json"))


@robust
@given(
    position=st.integers(0, len(VALID_XLSX) - 1),
    replacement=st.binary(min_size=1, max_size=8),
    cut=st.booleans(),
)
def test_damaged_workbooks_never_raise(position: int, replacement: bytes, cut: bool):
    data = (
        VALID_XLSX[:position]
        if cut
        else (VALID_XLSX[:position] + replacement + VALID_XLSX[position + len(replacement) :])
    )
    assert_well_formed(parse_orgchart(data, "chart.xlsx"))


@robust
@given(
    rows=st.lists(
        st.tuples(st.sampled_from("ABCDEFG"), st.sampled_from(["", "A", "B", "C", "D", "Z"])),
        max_size=30,
    )
)
def test_any_parent_links_give_a_forest_in_parent_first_order(rows: list[tuple[str, str]]):
    text = "id,name,parent\n" + "".join(f"{code},{code},{parent}\n" for code, parent in rows)
    chart = parse_orgchart(text.encode(), "links.csv")
    assert_well_formed(chart)
    if rows:
        kept = {code for code, _ in rows}
        rejected = {p.row for p in chart.errors}
        assert {unit.code for unit in chart.units} | {
            rows[row - 2][0] for row in rejected if row is not None
        } >= kept
