"""Score a survey against the evidence of its scope: perceptions, differences and SURV gaps."""

from collections.abc import Mapping
from fractions import Fraction

from . import instrument
from .gaps import survey_gaps
from .model import CriterionResult, Perception, Survey, SurveyResult
from .scoring import criteria_of, perceive_groups

_HUNDRED = Fraction(100)


def _percent(value: Fraction | None) -> Fraction | None:
    return None if value is None else _HUNDRED * value


def _criterion_result(
    criterion: str,
    groups: Mapping[str, Perception],
    evidence: Fraction | None,
) -> CriterionResult:
    everyone = _percent(groups["all"].criteria.get(criterion))
    difference = None if everyone is None or evidence is None else everyone - evidence
    return CriterionResult(
        criterion=criterion,
        all=everyone,
        business=_percent(groups["business"].criteria.get(criterion)),
        it=_percent(groups["it"].criteria.get(criterion)),
        evidence=evidence,
        difference=difference,
    )


def score_survey(
    survey: Survey,
    evidence: Mapping[str, Fraction | None],
    recommendations: Mapping[str, str] | None = None,
) -> SurveyResult:
    """Perceptions of all respondents and of each side, each criterion beside its evidence
    (0..100, None where it does not apply), and the SURV gaps."""
    groups = perceive_groups(survey, instrument.SIDES)
    criteria = {
        criterion: _criterion_result(criterion, groups, evidence.get(criterion))
        for criterion in criteria_of(survey)
    }
    respondents = {side: groups[side].respondents for side in instrument.SIDES}
    return SurveyResult(
        respondents=respondents,
        all=groups["all"],
        business=groups["business"],
        it=groups["it"],
        criteria=criteria,
        gaps=survey_gaps(respondents, criteria, recommendations),
    )
