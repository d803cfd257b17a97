"""The gap rules about single touch points (GAP-06, GAP-07, GAP-12): with a cap on gaps per
rule, only the touch points kept become gaps."""

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from . import tables
from .gap_context import SEVERITY_RANK, GapContext, Keyed, first_in_order, touch_point_subject
from .index import CADENCES, ScopeIndex, cadence_of
from .model import Gap, GapSortKey, TouchPoint, touch_point_key

# Severity of GAP-07 by (frequency, level), decided once with exact fractions.
_UNDER_CADENCE = {
    (frequency, level): "medium" if cadence == 0 else "low"
    for (frequency, level), cadence in CADENCES.items()
    if cadence < tables.UNDER_CADENCE_BELOW
}


@dataclass(frozen=True, slots=True)
class TouchPointRule:
    """A rule about single touch points: which fire and how severely, and the evidence of each.
    A large scope fires tens of thousands; with a cap on gaps per rule, only the touch points
    kept become gaps, chosen by the sort key their gap would have."""

    rule: str
    severity: Callable[[TouchPoint], str | None]
    evidence: Callable[[TouchPoint], Mapping[str, object]]

    def fired(self, index: ScopeIndex) -> Iterator[tuple[str, TouchPoint]]:
        severity_of = self.severity
        return ((severity, tp) for tp in index.current if (severity := severity_of(tp)))

    def gap(self, ctx: GapContext, severity: str, tp: TouchPoint) -> Gap:
        subject = touch_point_subject(ctx.index, tp)
        return ctx.gap(self.rule, severity, subject, self.evidence(tp))

    def first_in_order(self, ctx: GapContext, limit: int | None) -> tuple[list[Keyed], int]:
        """What gaps._first_in_order gives for all its gaps, building only the gaps kept."""
        fired, units, rule = self.fired(ctx.index), ctx.index.business_units, self.rule

        def key(item: tuple[str, TouchPoint]) -> GapSortKey:
            severity, tp = item  # Gap.sort_key of its gap, from the touch point itself
            critical = 0 if units[tp.business_unit].is_critical else 1
            return SEVERITY_RANK[severity], critical, (touch_point_key(tp.id),), rule

        kept, count = first_in_order(fired, limit, key)
        return [(key(item), self.gap(ctx, *item)) for item in kept], count


def _ineffective(tp: TouchPoint) -> str | None:
    if tp.effectiveness is not None and tp.effectiveness <= tables.INEFFECTIVE_MAX:
        return "high" if tp.level == "strategic" else "medium"
    return None


def _effectiveness(tp: TouchPoint) -> Mapping[str, object]:
    return {"effectiveness": tp.effectiveness}


def _under_cadence(tp: TouchPoint) -> str | None:
    return _UNDER_CADENCE.get((str(tp.frequency), tp.level))


def _cadence(tp: TouchPoint) -> Mapping[str, object]:
    return {"cadence": cadence_of(tp), "frequency": tp.frequency}


def _unrated(tp: TouchPoint) -> str | None:
    return "info" if tp.effectiveness is None else None


ineffective_touch_points = TouchPointRule("GAP-06", _ineffective, _effectiveness)
under_cadence = TouchPointRule("GAP-07", _under_cadence, _cadence)
unrated_touch_points = TouchPointRule("GAP-12", _unrated, _effectiveness)
