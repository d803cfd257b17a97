"""Every number of the SLOPE.md worked example, from its scenario file."""

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from assessments.slope import Result, format_text, parse_scenario, result_to_json, score_scenario
from tests.conftest import shared_unless_mutating

FIXTURE = Path(__file__).parent / "fixtures" / "worked_example.json"


@pytest.fixture(scope=shared_unless_mutating)
def result() -> Result:
    return score_scenario(parse_scenario(json.loads(FIXTURE.read_text())))


@pytest.fixture(scope=shared_unless_mutating)
def as_json(result: Result) -> dict[str, object]:
    return result_to_json(result)  # type: ignore[return-value]  # dict is invariant: the tests read the JSON values as objects


def _close(actual: object, expected: float) -> bool:
    return isinstance(actual, float) and abs(actual - expected) <= 0.01


def test_it_pools_the_scope_dimensions(as_json: dict[str, Any]) -> None:
    dimensions = as_json["scope"]["dimensions"]
    expected = {"B": 66.67, "V": 55.56, "K": 55.0, "F": 90.28, "E": 62.5, "X": 62.5}
    assert {k: round(v, 2) for k, v in dimensions.items()} == expected


def test_it_scores_the_scope_63_81_in_integration_without_a_cap(as_json: dict[str, Any]) -> None:
    scope = as_json["scope"]
    assert _close(scope["score"], 63.81)
    assert scope["band"] == "Integration"
    assert scope["capped_by"] is None


def test_it_reports_the_ei_index_and_mean_business_unit_score(as_json: dict[str, Any]) -> None:
    assert as_json["scope"]["ei_index"] == -0.5
    assert _close(as_json["scope"]["mean_business_unit_score"], 64.14)


def test_it_keeps_the_scope_score_exact(result: Result) -> None:
    # 0.25·2/3 + 0.2·5/9 + 0.15·0.55 + 0.1·65/72 + 0.15·0.625 + 0.15·0.625
    assert result.scope.rating.score == Fraction(4594, 72)


UNIT_ROWS = [
    ("sales", "business", (100, 66.67, 40, 91.67, 50, 75), 72.25, "Integration", "K"),
    ("finance", "business", (50, 33.33, 40, 66.67, 75, 50), 50.58, "Integration", None),
    ("operations", "business", (50, 66.67, 100, 100, 75, 50), 69.58, "Integration", None),
    ("apps", "it", (66.67, 100, 50, 88.89, 66.67, 50), 70.56, "Convergence", None),
    ("infra", "it", (66.67, 66.67, 60, 91.67, 58.33, 75), 68.17, "Integration", None),
]


@pytest.mark.parametrize(("unit_id", "side", "dims", "score", "band", "capped_by"), UNIT_ROWS)
def test_it_scores_each_unit_as_in_the_table(
    as_json: dict[str, Any],
    unit_id: str,
    side: str,
    dims: tuple[float, ...],
    score: float,
    band: str,
    capped_by: str | None,
) -> None:
    unit = as_json["units"][unit_id]
    assert unit["side"] == side
    for letter, expected in zip("BVKFEX", dims, strict=True):
        assert _close(unit["dimensions"][letter], expected), letter
    assert _close(unit["score"], score)
    assert unit["band"] == band
    assert unit["capped_by"] == capped_by


def test_it_caps_sales_by_channel_depth_from_convergence(result: Result) -> None:
    sales = result.units["sales"].rating
    assert sales.uncapped_band == "Convergence"
    assert sales.band == "Integration"
    assert sales.capped_by == "K"


EXPECTED_GAPS = [
    ("GAP-03", "high", "Finance"),
    ("GAP-03", "high", "Operations"),
    ("GAP-08", "medium", "Apps"),
    ("GAP-04", "medium", "Finance-Apps"),
    ("GAP-01", "medium", "Finance-Infra"),
    ("GAP-08", "medium", "Infra"),
    ("GAP-09", "medium", "Manchester"),
    ("GAP-01", "medium", "Operations-Apps"),
    ("GAP-05", "medium", "Sales"),
    ("GAP-04", "medium", "Sales-Infra"),
    ("GAP-06", "medium", "touch point 3"),
    ("GAP-08", "low", "Sales"),
    ("GAP-07", "low", "touch point 4"),
    ("GAP-13", "info", "Sales"),
]


def test_it_finds_exactly_the_fourteen_gaps_in_order(as_json: dict[str, Any]) -> None:
    found = [(gap["rule"], gap["severity"], gap["subject"]) for gap in as_json["gaps"]]
    assert found == EXPECTED_GAPS


def test_it_fires_none_of_gap_02_10_11_12(result: Result) -> None:
    fired = {gap.rule for gap in result.gaps}
    assert fired.isdisjoint({"GAP-02", "GAP-10", "GAP-11", "GAP-12"})
    assert [result.gap_counts[rule] for rule in ("GAP-02", "GAP-10", "GAP-11", "GAP-12")] == [
        0,
        0,
        0,
        0,
    ]


def test_it_fires_gap_04_at_depth_exactly_0_4_for_finance_apps(as_json: dict[str, Any]) -> None:
    gap = next(g for g in as_json["gaps"] if g["subject"] == "Finance-Apps")
    assert gap["evidence"] == {"deepest_channel_depth": 0.4}


def test_it_leaves_touch_point_3_at_cadence_exactly_0_75_alone(result: Result) -> None:
    under_cadence = [g.subject.touch_point_id for g in result.gaps if g.rule == "GAP-07"]
    assert under_cadence == ["4"]


def test_it_gives_each_gap_evidence_and_a_concrete_recommendation(as_json: dict[str, Any]) -> None:
    for gap in as_json["gaps"]:
        assert gap["evidence"]
        assert "{" not in gap["recommendation"]
    retrospective = next(g for g in as_json["gaps"] if g["rule"] == "GAP-06")
    assert "joint retrospective" in retrospective["recommendation"]
    assert "Sales and Infra" in retrospective["recommendation"]


def test_it_writes_the_result_as_json(as_json: dict[str, Any]) -> None:
    assert set(as_json) == {"scope", "units", "gaps"}
    assert set(as_json["scope"]) == {
        "score",
        "band",
        "capped_by",
        "dimensions",
        "ei_index",
        "mean_business_unit_score",
    }
    assert set(as_json["units"]["apps"]) == {"side", "score", "band", "capped_by", "dimensions"}
    assert set(as_json["gaps"][0]) == {"rule", "severity", "subject", "evidence", "recommendation"}
    assert json.loads(json.dumps(as_json)) == as_json


def test_it_shows_scope_units_and_gaps_as_a_rounded_table(result: Result) -> None:
    text = format_text(result)
    lines = text.splitlines()
    scope_row = next(line for line in lines if line.startswith("whole scope"))
    assert scope_row.split()[2:9] == ["66.67", "55.56", "55.00", "90.28", "62.50", "62.50", "63.81"]
    assert "Integration" in scope_row
    sales_row = next(line for line in lines if line.startswith("Sales "))
    assert sales_row.endswith("72.25  Integration (capped by K)")
    assert "Gaps (14, 14 shown)" in lines
    assert "GAP-13  info     Sales: " in text
