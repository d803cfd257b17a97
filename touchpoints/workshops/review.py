"""The review-gaps phase: the board's own scope scored, and its gaps (what the board shows).

The scoring itself is assessments' (assessments/workshop_review.py, the slope engine through the
assessment-building code); it registers here when its app is ready, since touchpoints never
imports assessments. Without it, the board shows no review.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from touchpoints.models import Workshop

# The gap rules a board can act on: pairs that should meet and do not, isolated rows or columns,
# pairs that meet only transactionally, and business units without a strategic touch point.
BOARD_RULES = ("GAP-01", "GAP-02", "GAP-04", "GAP-03")
# A board of 30 × 15 can raise hundreds of expected-pair gaps; the panel lists the first ones.
GAPS_SHOWN = 50


@dataclass(frozen=True, slots=True)
class ScopeScore:
    score: float
    band: str

    def as_json(self) -> dict[str, float | str]:
        return {"score": round(self.score, 1), "band": self.band}


@dataclass(frozen=True, slots=True)
class BoardGap:
    rule: str
    rule_name: str
    severity: str
    subject: str
    recommendation: str


@dataclass(frozen=True, slots=True)
class Review:
    now: ScopeScore
    gaps: list[BoardGap]
    counts: dict[str, int]
    names: dict[str, str] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def counts_by_rule(self) -> list[tuple[str, str, int]]:
        return [
            (rule, self.names.get(rule, rule), self.counts.get(rule, 0)) for rule in BOARD_RULES
        ]


Reviewer = Callable[[Workshop, int | None], Review | None]
Scorer = Callable[[Workshop], ScopeScore | None]
SCORING: dict[str, Callable[..., object]] = {}


def register(reviewer: Reviewer, scorer: Scorer) -> None:
    """Called by assessments' AppConfig.ready with its board review and scope score."""
    SCORING["review"], SCORING["score"] = reviewer, scorer


def review(workshop: Workshop, limit: int | None = GAPS_SHOWN) -> Review | None:
    """The scope's score now and its board gaps (the first `limit` of each rule), or None."""
    reviewer = SCORING.get("review")
    result = reviewer(workshop, limit) if reviewer else None
    return result if isinstance(result, Review) else None


def scope_score(workshop: Workshop) -> ScopeScore | None:
    """The board scope's score and band now, without the gap rules."""
    scorer = SCORING.get("score")
    result = scorer(workshop) if scorer else None
    return result if isinstance(result, ScopeScore) else None
