"""Whatever bytes arrive, parsing returns a well-formed ParsedChart and never raises."""

import csv
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
def test_arbitrary_bytes_never_raise(data: bytes, filename: str) -> None:
    assert_well_formed(parse_orgchart(data, filename))


@robust
@given(
    text=st.text(alphabet=st.sampled_from(list('id,name;parent|\t"\n\r xyz01\u00a0N/AULL{}[]:')))
)
def test_arbitrary_delimited_text_never_raises(text: str) -> None:
    assert_well_formed(parse_orgchart(text.encode(), "chart.csv"))


@robust
@given(data=mutated_lines(VALID_CSV), filename=FILENAMES)
def test_mutations_of_a_valid_units_csv_never_raise(data: bytes, filename: str) -> None:
    assert_well_formed(parse_orgchart(data, filename))


@robust
@given(data=mutated_lines(VALID_PEOPLE))
def test_mutations_of_a_valid_people_csv_never_raise(data: bytes) -> None:
    assert_well_formed(parse_orgchart(data, "people.csv"))


@robust
@given(data=mutated_lines((FIXTURES / "nested.json").read_bytes()))
def test_mutations_of_a_nested_json_never_raise(data: bytes) -> None:
    assert_well_formed(parse_orgchart(data, "chart.json"))


@robust
@given(
    position=st.integers(0, len(VALID_XLSX) - 1),
    replacement=st.binary(min_size=1, max_size=8),
    cut=st.booleans(),
)
def test_damaged_workbooks_never_raise(position: int, replacement: bytes, cut: bool) -> None:
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
def test_any_parent_links_give_a_forest_in_parent_first_order(rows: list[tuple[str, str]]) -> None:
    text = "id,name,parent\n" + "".join(f"{code},{code},{parent}\n" for code, parent in rows)
    chart = parse_orgchart(text.encode(), "links.csv")
    assert_well_formed(chart)
    if rows:
        kept = {code for code, _ in rows}
        rejected = {p.row for p in chart.errors}
        assert {unit.code for unit in chart.units} | {
            rows[row - 2][0] for row in rejected if row is not None
        } >= kept


# The detection of issue 9: headers by meaning, in five languages, whatever their order.
CODE_HEADERS = [
    "Unit Ref",
    "Post Unique Reference",
    "Employee Number",
    "Code unité",
    "Organisationsnummer",
    "Código de unidad",
    "Matrícula",
    "Identifiant",
]
PARENT_HEADERS = [
    "Reports to Senior Post",
    "Parent Organisation Code",
    "Line Manager ID",
    "Unité supérieure",
    "Vorgesetzter",
    "Unidad superior",
    "Chefe imediato",
    "Superior",
]
NAME_HEADERS = [
    "Org Unit Name",
    "Libellé",
    "Bezeichnung",
    "Nombre de la unidad",
    "Nome da unidade",
    "Designation",
]
NOISE_HEADERS = ["Salary Cost of Reports", "Number of Posts in FTE", "Grade", "", "Notes",
                 "Contact E-mail", "URI", "source_line"]  # fmt: skip


@st.composite
def described_files(draw: st.DrawFn) -> tuple[str, dict[str, str], list[tuple[str, str, str]]]:
    """A small tree under headers drawn from the lists above, columns in any order."""
    headers = {
        "code": draw(st.sampled_from(CODE_HEADERS)),
        "parent": draw(st.sampled_from(PARENT_HEADERS)),
        "name": draw(st.sampled_from(NAME_HEADERS)),
    }
    noise = draw(st.lists(st.sampled_from(NOISE_HEADERS), max_size=3, unique=True))
    columns = draw(st.permutations([*headers.values(), *noise]))
    count = draw(st.integers(2, 12))
    units = [(f"U{i}", f"U{draw(st.integers(0, i - 1))}" if i else "", f"Unit {i}")
             for i in range(count)]  # fmt: skip
    by_field = {"code": 0, "parent": 1, "name": 2}
    lines = []
    for unit in units:
        cells = {headers[field]: unit[position] for field, position in by_field.items()}
        lines.append(",".join(cells.get(column, "7") for column in columns))
    return ",".join(columns) + "\n" + "\n".join(lines) + "\n", headers, units


@settings(max_examples=examples(150), deadline=None)
@given(described_files())
def test_headers_by_meaning_are_detected_in_any_order_and_language(
    drawn: tuple[str, dict[str, str], list[tuple[str, str, str]]],
) -> None:
    text, headers, units = drawn
    chart = parse_orgchart(text.encode(), "chart.csv")
    assert {field: chart.mapping.get(field) for field in headers} == headers
    assert sorted((u.code, u.parent_code or "", u.name) for u in chart.units) == sorted(units)
    assert chart.errors == []


HEADER_WORDS = st.sampled_from(
    [*CODE_HEADERS, *PARENT_HEADERS, *NAME_HEADERS, *NOISE_HEADERS, "Name", "Job Title", "id",
     "parent", "XX", "Vacant", "N/D", "column_1"]
) | st.text(max_size=12)  # fmt: skip
CELLS = st.sampled_from(["", "XX", "xx", "TOP", "N/D", "'Vacant'", "Ann Smith", "1", "0.0"]) | (
    st.text(max_size=6)
)


@robust
@given(
    st.lists(HEADER_WORDS, min_size=1, max_size=6),
    st.lists(st.lists(CELLS, max_size=7), max_size=12),
)
def test_any_headers_and_cells_never_raise_and_a_column_serves_one_field(
    header: list[str], rows: list[list[str]]
) -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    chart = parse_orgchart(buffer.getvalue().encode(), "chart.csv")
    assert_well_formed(chart)
    if chart.fatal is None:
        assert len(set(chart.mapping.values())) == len(chart.mapping)
        assert set(chart.reasons) == set(chart.mapping)


def test_a_workbook_whose_zip_directory_claims_an_unknown_version_is_refused() -> None:
    # Found by the damaged-workbook property: zipfile raises NotImplementedError for a
    # directory entry that claims a zip version it does not implement.
    damaged = VALID_XLSX[:4289] + b"4Z\x9e1\x99-;\xa4" + VALID_XLSX[4289 + 8 :]
    chart = parse_orgchart(damaged, "chart.xlsx")
    assert chart.fatal and "not a readable Excel workbook" in chart.fatal
