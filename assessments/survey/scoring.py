"""Perceptions (SURVEY.md, "Scoring"): exact fractions from integer tallies.

A respondent's perception of a criterion is sum(a - 1) / (4 n) over their n counted answers; a
group's is the mean of those over its respondents who have one. Tallies keep, per n, the sum of
numerators, so 2,000 respondents cost a handful of Fractions, not tens of thousands.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

from assessments.slope import tables as slope_tables
from assessments.slope.dimensions import band_index

from . import instrument
from .model import Perception, Response, Survey

_HUNDRED = Fraction(100)


@dataclass(slots=True)
class CriterionTally:
    """Respondents who have a perception of one criterion, their numerators grouped by n."""

    respondents: int = 0
    numerators: dict[int, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, numerator: int, counted: int) -> None:
        self.respondents += 1
        self.numerators[counted] += numerator

    def mean(self) -> Fraction | None:
        if not self.respondents:
            return None
        total = sum((Fraction(s, 4 * n) for n, s in self.numerators.items()), Fraction(0))
        return total / self.respondents


def criterion_of(survey: Survey) -> dict[str, str]:
    return {item.id: item.criterion for item in survey.items}


def criteria_of(survey: Survey) -> list[str]:
    """The criteria the instrument asks about, in Luftman's order, then any others."""
    asked = {item.criterion for item in survey.items}
    known = [criterion for criterion in instrument.CRITERIA if criterion in asked]
    return known + sorted(asked - set(known))


def respondent_tallies(response: Response, criteria: dict[str, str]) -> dict[str, tuple[int, int]]:
    """(sum of a - 1, counted answers) per criterion the respondent counted an answer of."""
    tallies: dict[str, list[int]] = {}
    for item_id, answer in response.answers.items():
        criterion = criteria.get(item_id)
        if answer is None or criterion is None:
            continue
        tally = tallies.setdefault(criterion, [0, 0])
        tally[0] += answer - 1
        tally[1] += 1
    return {criterion: (s, n) for criterion, (s, n) in tallies.items()}


def band_of(score: Fraction) -> str:
    """The slope's band for a 0..100 score, without the weakest-link cap."""
    return slope_tables.BANDS[band_index(score)][0]


def perceive(survey: Survey, responses: Iterable[Response]) -> Perception:
    """A group's perception: null everywhere for fewer than MIN_GROUP respondents."""
    criteria = criterion_of(survey)
    asked = criteria_of(survey)
    tallies = {criterion: CriterionTally() for criterion in asked}
    respondents = 0
    for response in responses:
        respondents += 1
        for criterion, (s, n) in respondent_tallies(response, criteria).items():
            tallies[criterion].add(s, n)
    if respondents < instrument.MIN_GROUP:
        return Perception(respondents, None, None, dict.fromkeys(asked))
    means = {criterion: tally.mean() for criterion, tally in tallies.items()}
    counted = [value for value in means.values() if value is not None]
    if not counted:
        return Perception(respondents, None, None, means)
    score = _HUNDRED * sum(counted, Fraction(0)) / len(counted)
    return Perception(respondents, score, band_of(score), means)
