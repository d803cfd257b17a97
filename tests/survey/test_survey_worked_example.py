"""Every number of the SURVEY.md worked example, through `score_scenario`."""

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from tests.conftest import shared_unless_mutating

FIXTURE = Path(__file__).parents[1] / "assessments" / "fixtures" / "survey_worked_example.json"
# criterion: (business, IT, all, evidence, difference)
CRITERIA = {
    "COM": (75, 87.5, 81.25, 78.47, 2.78),
    "VAL": (25, 75, 50, 62.5, -12.5),
    "GOV": (75, 85, 80, 55, 25),
    "PAR": (50, 55, 475 / 9, 55.56, -2.78),
    "SCO": (12.5, 25, 18.75, 62.5, -43.75),
    "SKL": (75, 62.5, 68.75, 25, 43.75),
}
SURVEY_GAPS = [
    ("SURV-01", "high", "SKL"),
    ("SURV-01", "medium", "GOV"),
    ("SURV-03", "medium", "VAL"),
    ("SURV-02", "low", "SCO"),
]


@pytest.fixture(scope=shared_unless_mutating)
def output() -> dict[str, Any]:
    from io import StringIO

    out = StringIO()
    call_command("score_scenario", str(FIXTURE), stdout=out)
    parsed: dict[str, Any] = json.loads(out.getvalue())
    return parsed


def close(actual: float | None, expected: float) -> bool:
    return actual is not None and abs(actual - expected) <= 0.01


def test_it_counts_five_respondents_a_side(output: dict[str, Any]) -> None:
    assert output["survey"]["respondents"] == {"business": 5, "it": 5}


@pytest.mark.parametrize("criterion", CRITERIA)
def test_each_criterion_matches_the_table(output: dict[str, Any], criterion: str) -> None:
    row = output["survey"]["criteria"][criterion]
    business, it, everyone, evidence, difference = CRITERIA[criterion]
    assert close(row["business"], business)
    assert close(row["it"], it)
    assert close(row["all"], everyone)
    assert close(row["evidence"], evidence)
    assert close(row["difference"], difference)


def test_the_perception_scores_and_bands(output: dict[str, Any]) -> None:
    survey = output["survey"]
    assert close(survey["perception"]["score"], 58.59)
    assert close(survey["perception_business"]["score"], 52.08)
    assert close(survey["perception_it"]["score"], 65.00)
    bands = {survey[key]["band"] for key in ("perception", "perception_business", "perception_it")}
    assert bands == {"Integration"}


def test_governance_differs_by_exactly_25_and_fires_medium(output: dict[str, Any]) -> None:
    assert output["survey"]["criteria"]["GOV"]["difference"] == 25.0
    gov = [g for g in output["gaps"] if g["rule"] == "SURV-01" and g["subject"] == "GOV"]
    assert [g["severity"] for g in gov] == ["medium"]
    assert "put the forum on the calendar" in gov[0]["recommendation"]


def test_four_survey_gaps_join_the_fourteen_slope_gaps_in_gap_order(output: dict[str, Any]) -> None:
    gaps = output["gaps"]
    survey = [
        (g["rule"], g["severity"], g["subject"]) for g in gaps if g["rule"].startswith("SURV")
    ]
    assert sorted(survey) == sorted(SURVEY_GAPS)
    assert len(gaps) == 18
    order = ["critical", "high", "medium", "low", "info"]
    ranks = [order.index(g["severity"]) for g in gaps]
    assert ranks == sorted(ranks)
    assert not any(g["rule"] == "SURV-04" for g in gaps)


def test_the_slope_part_is_unchanged_by_the_survey(output: dict[str, Any]) -> None:
    assert close(output["scope"]["score"], 63.81)
    assert len([g for g in output["gaps"] if g["rule"].startswith("GAP")]) == 14


def test_the_text_format_shows_the_survey(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("score_scenario", str(FIXTURE), "--format", "text")
    out = capsys.readouterr().out
    assert "all          10 respondents   58.59  Integration" in out
    assert "SURV-01  high     SKL" in out


def test_a_scenario_without_a_survey_has_no_survey_key(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("score_scenario", str(FIXTURE.with_name("worked_example.json")))
    assert "survey" not in json.loads(capsys.readouterr().out)


def test_a_bad_answer_names_its_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(FIXTURE.read_text())
    data["survey"]["responses"][3]["answers"]["GOV-2"] = 7
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    with pytest.raises(SystemExit) as exit:
        call_command("score_scenario", str(path))
    assert exit.value.code == 2
    err = capsys.readouterr().err
    assert "survey.responses[3].answers.GOV-2: 7 is not an integer from 1 to 5, or null" in err
