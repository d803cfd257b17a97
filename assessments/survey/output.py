"""The survey's result as JSON data (SURVEY.md, "Scenario files") and as readable text."""

from fractions import Fraction

from assessments.slope.output import JsonValue

from . import instrument
from .model import Perception, SurveyResult


def _number(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def _perception_json(perception: Perception) -> JsonValue:
    if perception.score is None:
        return None
    return {"score": float(perception.score), "band": perception.band}


def survey_to_json(result: SurveyResult) -> dict[str, JsonValue]:
    """Every figure on 0..100 at full precision, None where not reported; gaps apart (the
    caller merges them into the scenario's ``gaps``)."""
    return {
        "respondents": dict(result.respondents.items()),
        "perception": _perception_json(result.all),
        "perception_business": _perception_json(result.business),
        "perception_it": _perception_json(result.it),
        "criteria": {
            criterion: {
                "all": _number(row.all),
                "business": _number(row.business),
                "it": _number(row.it),
                "evidence": _number(row.evidence),
                "difference": _number(row.difference),
            }
            for criterion, row in result.criteria.items()
        },
    }


def _shown(value: Fraction | None) -> str:
    return "n/a" if value is None else f"{float(value):.2f}"


def _perception_line(name: str, perception: Perception) -> str:
    if perception.score is None:
        return f"{name:<10} {perception.respondents:>4} respondents  not reported"
    score = f"{float(perception.score):.2f}"
    return f"{name:<10} {perception.respondents:>4} respondents  {score:>6}  {perception.band}"


def format_survey_text(result: SurveyResult) -> str:
    """The perception scores and a table of criteria, figures rounded to two places."""
    lines = [
        f"Perception survey (instrument {instrument.VERSION})",
        "",
        _perception_line("all", result.all),
        _perception_line("business", result.business),
        _perception_line("IT", result.it),
        "",
        f"{'criterion':<24} {'all':>7} {'business':>9} {'IT':>7} {'evidence':>9} {'diff.':>7}",
    ]
    for criterion, row in result.criteria.items():
        name = f"{criterion} {instrument.CRITERIA.get(criterion, '')}"[:24]
        lines.append(
            f"{name:<24} {_shown(row.all):>7} {_shown(row.business):>9} {_shown(row.it):>7} "
            f"{_shown(row.evidence):>9} {_shown(row.difference):>7}"
        )
    return "\n".join(lines) + "\n"
