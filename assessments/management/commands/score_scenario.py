import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from assessments.slope import (
    Result,
    Scenario,
    ScenarioError,
    format_text,
    parse_scenario,
    result_to_json,
)
from assessments.slope import score_scenario as score
from assessments.slope.projection import project
from assessments.survey import (
    SurveyResult,
    format_survey_text,
    parse_survey,
    scenario_evidence,
    score_survey,
    survey_to_json,
)

# Exit status of a scenario that cannot be read or scored, as argparse uses for bad usage.
INVALID = 2


def score_survey_block(data: object, scenario: Scenario, result: Result) -> SurveyResult | None:
    """The scenario's ``survey`` block scored against its scope's evidence, if it has one."""
    if not isinstance(data, dict) or "survey" not in data:
        return None
    evidence = scenario_evidence(scenario, result.scope.rating.dimensions)
    return score_survey(parse_survey(data["survey"]), evidence)


class Command(BaseCommand):
    help = (
        "Score a scenario file (SLOPE.md format, with an optional SURVEY.md survey block) and "
        "print the result as JSON or a table."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a scenario in the JSON format of SLOPE.md")
        parser.add_argument("--format", choices=["json", "text"], default="json")
        parser.add_argument(
            "--project",
            action="store_true",
            help="score the scenario with its desired touch points realised (SLOPE.md Projection)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            scenario = parse_scenario(data)
            projection = project(scenario) if options["project"] else None
            scenario = projection.scenario if projection else scenario
            result = score(scenario)
            survey = score_survey_block(data, scenario, result)
        except OSError as error:
            self.fail(f"{path}: cannot read the file ({error.strerror or error})")
        except UnicodeDecodeError:
            self.fail(f"{path}: not UTF-8 text")
        except json.JSONDecodeError as error:
            self.fail(f"{path}: not valid JSON: {error.msg} at line {error.lineno}")
        except ScenarioError as error:
            self.fail(f"{path}: {error}")
        if options["format"] == "text":
            if projection:
                realised = len(projection.realised)
                self.stdout.write(f"Projection: {realised} touch points realised")
            self.stdout.write(self.as_text(result, survey), ending="")
        else:
            output = self.as_json(result, survey)
            if projection:
                output["projection"] = {"realised": len(projection.realised)}
            self.stdout.write(json.dumps(output, indent=2))

    def as_json(self, result: Result, survey: SurveyResult | None) -> dict[str, Any]:
        if survey is None:
            return result_to_json(result)
        gaps = sorted([*result.gaps, *survey.gaps], key=lambda gap: gap.sort_key)
        merged = Result(result.scope, result.units, gaps, result.gap_counts, result.tables_version)
        return {**result_to_json(merged), "survey": survey_to_json(survey)}

    def as_text(self, result: Result, survey: SurveyResult | None) -> str:
        text = format_text(result)
        if survey is None:
            return text
        gaps = "".join(
            f"{gap.rule}  {gap.severity:<8} {gap.subject.name}: {gap.recommendation}\n"
            for gap in survey.gaps
        )
        return f"{text}\n{format_survey_text(survey)}\nSurvey gaps ({len(survey.gaps)})\n{gaps}"

    def fail(self, message: str) -> None:
        self.stderr.write(message)
        raise SystemExit(INVALID)
