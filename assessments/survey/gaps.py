"""The survey's gap rules SURV-01..04 (SURVEY.md), as slope Gaps so they join the gap report."""

from collections.abc import Mapping
from fractions import Fraction

from assessments.slope.model import Gap, Subject

from . import instrument
from .model import CriterionResult


def _criterion(code: str) -> Subject:
    return Subject("criterion", code=code)


def _belief_gap(result: CriterionResult, texts: Mapping[str, str]) -> Gap | None:
    """SURV-01 (difference >= 25, high from 40) or SURV-02 (difference <= -25)."""
    difference = result.difference
    if difference is None:
        return None
    evidence = {
        "perception": result.all,
        "evidence": result.evidence,
        "difference": difference,
    }
    code = result.criterion
    if difference >= instrument.PERCEPTION_ABOVE:
        severity = "high" if difference >= instrument.PERCEPTION_HIGH else "medium"
        text = texts.get("SURV-01") or instrument.BELIEF_ABOVE_EVIDENCE.get(code, "")
        return Gap("SURV-01", severity, _criterion(code), evidence, text)
    if difference <= instrument.EVIDENCE_ABOVE:
        text = texts.get("SURV-02") or instrument.EVIDENCE_ABOVE_BELIEF.get(code, "")
        return Gap("SURV-02", "low", _criterion(code), evidence, text)
    return None


def _sides_gap(result: CriterionResult, texts: Mapping[str, str]) -> Gap | None:
    """SURV-03: both sides reported and at least 25 points apart. SURVEY.md: a criterion whose
    evidence does not apply fires none of its rules, this one included."""
    if result.business is None or result.it is None or result.evidence is None:
        return None
    apart: Fraction = abs(result.business - result.it)
    if apart < instrument.SIDES_APART:
        return None
    evidence = {"business": result.business, "it": result.it, "apart": apart}
    text = texts.get("SURV-03") or instrument.SIDES_DISAGREE
    return Gap("SURV-03", "medium", _criterion(result.criterion), evidence, text)


def survey_gaps(
    respondents: Mapping[str, int],
    criteria: Mapping[str, CriterionResult],
    texts: Mapping[str, str] | None = None,
) -> list[Gap]:
    """Every SURV gap, in gap order. ``texts`` maps a rule id to a workspace's own wording."""
    texts = texts or {}
    gaps = [
        gap
        for result in criteria.values()
        for gap in (_belief_gap(result, texts), _sides_gap(result, texts))
        if gap is not None
    ]
    for side in instrument.SIDES:
        count = respondents.get(side, 0)
        if count < instrument.MIN_GROUP:
            evidence = {"respondents": count, "minimum": instrument.MIN_GROUP}
            text = texts.get("SURV-04") or instrument.TOO_FEW
            gaps.append(Gap("SURV-04", "info", Subject("side", code=side), evidence, text))
    return sorted(gaps, key=lambda gap: gap.sort_key)
