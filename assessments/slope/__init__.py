"""The convergence slope engine: plain Python over plain data (SLOPE.md).

scenario = parse_scenario(json.load(file))
result = score_scenario(scenario, recommendations=None, max_gaps_per_rule=None)
result_to_json(result)  # the SLOPE.md result format
format_text(result)  # a readable table
"""

from .engine import score_scenario
from .model import (
    BusinessUnit,
    Dimensions,
    Gap,
    ITTeam,
    Rating,
    Result,
    Scenario,
    ScopeScore,
    Subject,
    TouchPoint,
    UnitScore,
)
from .output import format_text, result_to_json
from .scenario import ScenarioError, parse_scenario
from .tables import VERSION as TABLES_VERSION

__all__ = [
    "TABLES_VERSION",
    "BusinessUnit",
    "Dimensions",
    "Gap",
    "ITTeam",
    "Rating",
    "Result",
    "Scenario",
    "ScenarioError",
    "ScopeScore",
    "Subject",
    "TouchPoint",
    "UnitScore",
    "format_text",
    "parse_scenario",
    "result_to_json",
    "score_scenario",
]
