"""The three public exports in ../shared/data/orgcharts, read as published.

Every expected count below was made independently of the importer, with Python's csv module:
    rows = list(csv.DictReader(open(path, encoding="utf-8", newline="")))
then counting ids, blank or dangling parent ids, and distinct department ids by hand.
"""

from collections import Counter
from pathlib import Path

import pytest

from touchpoints.orgchart import ParsedChart, ParsedUnit, parse_orgchart

REAL_FILES = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "orgcharts"


def parse_real(name: str) -> ParsedChart:
    path = REAL_FILES / name
    if not path.exists():
        pytest.skip(f"{path} is absent (a clone outside the workplace)")
    return parse_orgchart(path.read_bytes(), name)


def depth_of(units: list[ParsedUnit]) -> int:
    """Levels in the forest; relies on units coming parents first."""
    level: dict[str, int] = {}
    for unit in units:
        level[unit.code] = 1 if unit.parent_code is None else level[unit.parent_code] + 1
    return max(level.values())


def assert_parents_first(units: list[ParsedUnit]) -> None:
    seen: set[str] = set()
    for unit in units:
        assert unit.parent_code is None or unit.parent_code in seen
        seen.add(unit.code)


def assert_names_tidy(units: list[ParsedUnit]) -> None:
    assert all(unit.name == " ".join(unit.name.split()) for unit in units)


def test_brazilian_federal_bodies() -> None:
    chart = parse_real("br-siorg-federal-bodies-publicbodies.csv")
    assert chart.fatal is None
    assert (chart.shape, chart.mapping["code"], chart.mapping["parent"]) == (
        "units_by_parent", "id", "parent_id",
    )  # fmt: skip
    # 265 records on 1,061 physical lines: the multi-line address cells stay in their record.
    assert (chart.source_rows, len(chart.units)) == (265, 265)
    # 10 rows have a blank parent_id and no parent_id names an absent id. The README's "9 orphans"
    # are bodies whose real parent is outside the dataset, exported with a blank parent, so they
    # are plain roots here: nothing in the file lets an importer tell them apart.
    assert chart.roots == 10
    assert chart.problems == []
    # 72 rows name a parent that appears later; the output still lists parents first.
    assert_parents_first(chart.units)
    # 6 names have stray leading or trailing spaces in the file.
    assert_names_tidy(chart.units)
    assert Counter(unit.kind for unit in chart.units)["Vinculado (Autarquia)"] == 125


def test_oracle_hr_people_become_their_departments() -> None:
    chart = parse_real("d3-org-chart-sample-oracle-hr.csv")
    assert (chart.shape, chart.source_rows) == ("people_by_manager", 107)
    assert chart.mapping["manager"] == "parentId"
    # 11 distinct non-blank department_id values, each with one department_name. Every
    # department but Executive (90) has members whose manager is in Executive, none elsewhere.
    assert [(unit.code, unit.name, unit.parent_code) for unit in chart.units] == [
        ("90", "Executive", None),
        ("60", "IT", "90"),
        ("100", "Finance", "90"),
        ("30", "Purchasing", "90"),
        ("50", "Shipping", "90"),
        ("80", "Sales", "90"),
        ("10", "Administration", "90"),
        ("20", "Marketing", "90"),
        ("40", "Human Resources", "90"),
        ("70", "Public Relations", "90"),
        ("110", "Accounting", "90"),
    ]
    assert chart.roots == 1
    # Employee 178 (Kimberely Grant, record 79, so row 80) is the one without a department. The
    # literal NULL (employee 203's postal code) sits in a column the importer does not read.
    assert [(p.row, p.severity, p.message) for p in chart.problems] == [
        (80, "warning", "Person '178' (Kimberely) has no department; left out.")
    ]


def test_d3_demo_posts_are_units_under_their_managers() -> None:
    chart = parse_real("d3-org-chart-sample-org.csv")
    # No department column ("area" is "Corporate" on every row), so each post is a unit.
    assert chart.shape == "units_by_parent"
    # `name` holds people ("Ian Devling"), so each row is a post named by its positionName and
    # the person is the holder's note (issue 9: post files).
    assert chart.mapping == {
        "code": "id", "name": "positionName", "parent": "parentId", "holder": "name",
    }  # fmt: skip
    # 1,516 distinct ids; one blank parentId; every other parentId is an id of the file.
    assert (len(chart.units), chart.roots) == (1516, 1)
    assert chart.problems == []
    assert depth_of(chart.units) == 10
    # 24 distinct position names for 1,516 posts (the README's figure), 23 once a trailing space
    # is trimmed: units are matched by id, never by name, so the tree does not collapse.
    assert len({unit.name for unit in chart.units}) == 23
    assert chart.units[0].note == "Held by Ian Devling"
    assert_names_tidy(chart.units)
