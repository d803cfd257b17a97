import json
from pathlib import Path

import pytest
from django.core.management import call_command

FIXTURE = Path(__file__).parent / "fixtures" / "worked_example.json"
UNITS = {
    "sales": (72.25, "Integration", "K", [100, 66.67, 40, 91.67, 50, 75]),
    "finance": (50.58, "Integration", None, [50, 33.33, 40, 66.67, 75, 50]),
    "operations": (69.58, "Integration", None, [50, 66.67, 100, 100, 75, 50]),
    "apps": (70.56, "Convergence", None, [66.67, 100, 50, 88.89, 66.67, 50]),
    "infra": (68.17, "Integration", None, [66.67, 66.67, 60, 91.67, 58.33, 75]),
}
GAPS = {
    ("GAP-01", "medium", "Finance-Infra"),
    ("GAP-01", "medium", "Operations-Apps"),
    ("GAP-03", "high", "Finance"),
    ("GAP-03", "high", "Operations"),
    ("GAP-04", "medium", "Sales-Infra"),
    ("GAP-04", "medium", "Finance-Apps"),
    ("GAP-05", "medium", "Sales"),
    ("GAP-06", "medium", "touch point 3"),
    ("GAP-07", "low", "touch point 4"),
    ("GAP-08", "medium", "Apps"),
    ("GAP-08", "medium", "Infra"),
    ("GAP-08", "low", "Sales"),
    ("GAP-09", "medium", "Manchester"),
    ("GAP-13", "info", "Sales"),
}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        call_command("score_scenario", *args)
        code = 0
    except SystemExit as exit:
        code = int(exit.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def close(actual: float, expected: float) -> bool:
    return abs(actual - expected) <= 0.01


def test_it_reproduces_every_number_of_the_worked_example(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, str(FIXTURE))
    result = json.loads(out)
    scope = result["scope"]
    assert code == 0
    assert close(scope["score"], 63.81) and scope["band"] == "Integration"
    assert scope["capped_by"] is None
    expected_dims = {"B": 66.67, "V": 55.56, "K": 55.0, "F": 90.28, "E": 62.5, "X": 62.5}
    assert all(close(scope["dimensions"][k], v) for k, v in expected_dims.items())
    assert close(scope["ei_index"], -0.5)
    assert close(scope["mean_business_unit_score"], 64.14)
    for unit_id, (score, band, capped_by, dims) in UNITS.items():
        unit = result["units"][unit_id]
        assert close(unit["score"], score), unit_id
        assert (unit["band"], unit["capped_by"]) == (band, capped_by)
        assert all(close(unit["dimensions"][k], v) for k, v in zip("BVKFEX", dims, strict=True))
    assert {(g["rule"], g["severity"], g["subject"]) for g in result["gaps"]} == GAPS
    assert len(result["gaps"]) == 14


def test_its_text_format_is_a_readable_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(FIXTURE), "--format", "text")
    assert code == 0
    assert "63.81  Integration" in out
    assert "Sales" in out and "(capped by K)" in out


def test_a_missing_field_is_named_on_stderr_with_exit_code_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    scenario = tmp_path / "bad.json"
    scenario.write_text(json.dumps({"business_units": [{"id": "a", "name": "A"}]}))
    code, out, err = run(capsys, str(scenario))
    assert code == 2 and out == ""
    assert "business_units[0].location: required" in err
    assert "Traceback" not in err


def test_an_unknown_value_is_named_with_its_field(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = json.loads(FIXTURE.read_text())
    data["touch_points"][2]["frequency"] = "fortnightly"
    scenario = tmp_path / "bad.json"
    scenario.write_text(json.dumps(data))
    code, _, err = run(capsys, str(scenario))
    assert code == 2
    assert "touch_points[2].frequency" in err and "fortnightly" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "not valid JSON"), (b"\xff\xfe\x00", "not UTF-8"), (None, "cannot read")],
)
def test_unreadable_files_get_a_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str | bytes | None, message: str
) -> None:
    scenario = tmp_path / "scenario.json"
    if isinstance(content, bytes):
        scenario.write_bytes(content)
    elif content is not None:
        scenario.write_text(content)
    code, _, err = run(capsys, str(scenario))
    assert code == 2
    assert message in err and "Traceback" not in err


PROJECTION = Path(__file__).parent / "fixtures" / "projection_example.json"
PROJECTED_UNITS = {
    "finance": (80.22, "Convergence"),
    "operations": (89.50, "Fusion"),
    "apps": (83.33, "Convergence"),
    "infra": (78.96, "Convergence"),
}


def test_project_prints_the_worked_example_of_the_projection(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, str(PROJECTION), "--project")
    result = json.loads(out)
    scope = result["scope"]
    assert code == 0
    assert result["projection"] == {"realised": 3}
    assert close(scope["score"], 80.03) and scope["band"] == "Convergence"
    expected_dims = {"B": 100, "V": 77.78, "K": 63.33, "F": 93.52, "E": 62.5, "X": 75}
    assert all(close(scope["dimensions"][k], v) for k, v in expected_dims.items())
    for unit_id, (score, band) in PROJECTED_UNITS.items():
        assert close(result["units"][unit_id]["score"], score)
        assert result["units"][unit_id]["band"] == band
    rules = [gap["rule"] for gap in result["gaps"]]
    assert "GAP-01" not in rules and rules.count("GAP-12") == 3


def test_without_project_the_same_file_scores_today(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(PROJECTION))
    result = json.loads(out)
    assert code == 0 and "projection" not in result
    assert close(result["scope"]["score"], 59.64)


def test_project_as_text_says_how_many_touch_points_it_realised(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, str(PROJECTION), "--project", "--format", "text")
    assert code == 0
    assert out.startswith("Projection: 3 touch points realised\n")
    assert "80.03  Convergence" in out
