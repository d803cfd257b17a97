"""Plain data the survey engine reads and returns; no Django, no database."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from assessments.slope.model import Gap, Side


@dataclass(frozen=True, slots=True)
class Item:
    """A statement as the engine sees it: its id and its criterion."""

    id: str
    criterion: str


@dataclass(frozen=True, slots=True)
class Response:
    """One respondent: their side and their answers by item id (1-5, or None for don't know)."""

    side: Side
    answers: Mapping[str, int | None] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Survey:
    items: tuple[Item, ...]
    responses: tuple[Response, ...] = ()


@dataclass(frozen=True, slots=True)
class Perception:
    """A group's perception score on 0..100 and its band; None when nothing is reported."""

    respondents: int
    score: Fraction | None
    band: str | None
    criteria: dict[str, Fraction | None]  # 0..1 per criterion; None where not reported

    @property
    def reported(self) -> bool:
        return self.score is not None or any(v is not None for v in self.criteria.values())


@dataclass(frozen=True, slots=True)
class CriterionResult:
    """One criterion, every figure on 0..100; None where not reported or not applicable."""

    criterion: str
    all: Fraction | None
    business: Fraction | None
    it: Fraction | None
    evidence: Fraction | None
    difference: Fraction | None


@dataclass(frozen=True, slots=True)
class SurveyResult:
    respondents: dict[str, int]  # by side
    all: Perception
    business: Perception
    it: Perception
    criteria: dict[str, CriterionResult]
    gaps: list[Gap]
