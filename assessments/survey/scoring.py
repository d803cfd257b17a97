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
    sums: dict[str, int] = {}
    counts: dict[str, int] = {}
    for item_id, answer in response.answers.items():
        if answer is None or (criterion := criteria.get(item_id)) is None:
            continue
        sums[criterion] = sums.get(criterion, 0) + answer - 1
        counts[criterion] = counts.get(criterion, 0) + 1
    return {criterion: (sums[criterion], counts[criterion]) for criterion in sums}


def band_of(score: Fraction) -> str:
    """The slope's band for a 0..100 score, without the weakest-link cap."""
    return slope_tables.BANDS[band_index(score)][0]


@dataclass(slots=True)
class GroupTally:
    """One group's respondents and, per criterion, the tallies of those who counted answers."""

    criteria: list[str]
    respondents: int = 0
    tallies: dict[str, CriterionTally] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.tallies = {criterion: CriterionTally() for criterion in self.criteria}

    def add(self, respondent: dict[str, tuple[int, int]]) -> None:
        self.respondents += 1
        for criterion, (s, n) in respondent.items():
            self.tallies[criterion].add(s, n)

    def perception(self) -> Perception:
        """Null everywhere for fewer than MIN_GROUP respondents."""
        if self.respondents < instrument.MIN_GROUP:
            return Perception(self.respondents, None, None, dict.fromkeys(self.criteria))
        means = {criterion: tally.mean() for criterion, tally in self.tallies.items()}
        counted = [value for value in means.values() if value is not None]
        if not counted:
            return Perception(self.respondents, None, None, means)
        score = _HUNDRED * sum(counted, Fraction(0)) / len(counted)
        return Perception(self.respondents, score, band_of(score), means)


def perceive_groups(survey: Survey, sides: Iterable[str]) -> dict[str, Perception]:
    """The perception of all respondents and of each side, in one pass over the responses."""
    criteria, asked = criterion_of(survey), criteria_of(survey)
    groups = {name: GroupTally(asked) for name in ("all", *sides)}
    everyone = groups["all"]
    for response in survey.responses:
        respondent = respondent_tallies(response, criteria)
        everyone.add(respondent)
        if (side := groups.get(response.side)) is not None:
            side.add(respondent)
    return {name: group.perception() for name, group in groups.items()}
