"""The perception survey engine: plain Python over plain data (SURVEY.md), beside the slope.

survey = parse_survey(scenario_json["survey"])
evidence = scenario_evidence(scenario, slope_result.scope.rating.dimensions)
result = score_survey(survey, evidence)
survey_to_json(result)  # the SURVEY.md "survey" block; result.gaps are slope Gaps
"""

from . import instrument
from .engine import score_survey
from .evidence import criterion_evidence, deep_pair_share, scenario_evidence
from .instrument import VERSION as INSTRUMENT_VERSION
from .instrument import Statement
from .model import CriterionResult, Item, Perception, Response, Survey, SurveyResult
from .output import format_survey_text, survey_to_json
from .scenario import parse_survey
from .scoring import band_of

__all__ = [
    "INSTRUMENT_VERSION",
    "CriterionResult",
    "Item",
    "Perception",
    "Response",
    "Statement",
    "Survey",
    "SurveyResult",
    "band_of",
    "criterion_evidence",
    "deep_pair_share",
    "format_survey_text",
    "instrument",
    "parse_survey",
    "scenario_evidence",
    "score_survey",
    "survey_to_json",
]
