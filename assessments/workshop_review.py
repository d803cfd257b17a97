"""The review-gaps phase's scoring: a workshop board's scope through the slope engine.

The board's scope is its units as a chosen-units Scope, scored by the same code that builds
assessments (assess.score). Registered with touchpoints.workshops.review when the app is ready
(touchpoints never imports assessments).
"""

from __future__ import annotations

from assessments.assess import Scope, read_scope, score
from assessments.models import Granularity
from assessments.slope import Gap, score_scenario, tables
from touchpoints.models import Workshop
from touchpoints.workshops.review import BOARD_RULES, GAPS_SHOWN, BoardGap, Review, ScopeScore


def board_scope(workshop: Workshop) -> Scope | None:
    """The board's rows and columns as a chosen-units scope; None while a side has none."""
    rows = list(workshop.business_units.values_list("pk", flat=True))
    columns = list(workshop.it_teams.values_list("pk", flat=True))
    if not rows or not columns:
        return None
    return Scope(Granularity.UNITS, unit_ids=frozenset(rows + columns))


def board_gap(gap: Gap) -> BoardGap:
    return BoardGap(
        gap.rule,
        tables.RULE_NAMES[gap.rule],
        gap.severity,
        gap.subject.name,
        gap.recommendation,
    )


def board_review(workshop: Workshop, limit: int | None = GAPS_SHOWN) -> Review | None:
    """The scope's score now and its board gaps (the first `limit` of each rule), or None."""
    scope = board_scope(workshop)
    if scope is None:
        return None
    _, result = score(workshop.workspace_id, scope, max_gaps_per_rule=limit)
    rating = result.scope.rating
    gaps = [board_gap(gap) for gap in result.gaps if gap.rule in BOARD_RULES]
    order = {rule: index for index, rule in enumerate(BOARD_RULES)}
    gaps.sort(key=lambda gap: order[gap.rule])
    counts = {rule: result.gap_counts.get(rule, 0) for rule in BOARD_RULES}
    names = {rule: tables.RULE_NAMES[rule] for rule in BOARD_RULES}
    return Review(ScopeScore(float(rating.score), rating.band), gaps, counts, names)


def board_scope_score(workshop: Workshop) -> ScopeScore | None:
    """The board scope's score and band now, without the gap rules (the cheaper half)."""
    scope = board_scope(workshop)
    if scope is None:
        return None
    data = read_scope(workshop.workspace_id, scope)
    rating = score_scenario(data.scenario, with_gaps=False).scope.rating
    return ScopeScore(float(rating.score), rating.band)
