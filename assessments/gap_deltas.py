"""Why the gap count moved between two gap reports: gaps closed, and gaps opened by new evidence
(a unit that was isolated now has touch points, newly expected pairs, new touch points, new ties)
or because the same subject got worse, by rule.

A rising count is not always a decline: an isolated unit raises only GAP-02, so the day it gets a
touch point its pairs and levels are checked and raise gaps of their own (issue 14: touch points
for four isolated units took the count from 193 to 198). Pure functions over plain records; the
database reads are assessments.dashboard.compare's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from assessments import glossary

# Rules that read the network's shape: a new tie can move a bridge or split a group.
STRUCTURAL_RULES = frozenset({"GAP-08", "GAP-09", "GAP-10"})
# Rules that only fire when desired touch points exist (SLOPE.md GAP-11).
DESIRED_ONLY_RULES = frozenset({"GAP-11"})
# Rules whose subject is one touch point (SLOPE.md).
TOUCH_POINT_RULES = frozenset({"GAP-06", "GAP-07", "GAP-12"})


class Opened(StrEnum):
    NEW_UNIT = "a unit new to the assessment"
    WAS_ISOLATED = "a unit that was isolated now has touch points, so its pairs and levels count"
    NEWLY_EXPECTED = "new desired touch points made pairs or levels expected"
    NEW_TOUCH_POINT = "a touch point added since, on this unit or pair"
    NEW_TIES = "new ties changed the network's shape"
    WORSE = "the same subject got worse"

    @property
    def is_new_evidence(self) -> bool:
        return self is not Opened.WORSE


class Closed(StrEnum):
    FIXED = "fixed"
    UNIT_GONE = "its unit left the assessment (retired or out of scope)"
    TOUCH_POINT_GONE = "its touch point was deleted"


@dataclass(frozen=True, slots=True)
class GapRecord:
    """One stored gap, as far as the delta needs it. Paths are the units' tree paths."""

    rule: str
    subject: str
    business_unit: int | None = None
    it_team: int | None = None
    touch_point: int | None = None
    business_path: str = ""
    it_path: str = ""

    @property
    def key(self) -> tuple[str, str]:
        """Gaps are matched across reports by rule and subject, as compare always has."""
        return (self.rule, self.subject)

    @property
    def units(self) -> tuple[int, ...]:
        return tuple(u for u in (self.business_unit, self.it_team) if u is not None)


@dataclass(frozen=True, slots=True)
class MapChanges:
    """What happened to the map between the two assessments."""

    units_before: frozenset[int]
    units_after: frozenset[int]
    new_touch_points: frozenset[int] = frozenset()
    # (business unit path, IT team path) of the current and the desired touch points added since.
    new_current_pairs: frozenset[tuple[str, str]] = frozenset()
    new_desired_pairs: frozenset[tuple[str, str]] = frozenset()
    desired_before: bool = False


@dataclass(slots=True)
class RuleDelta:
    rule: str
    before: int
    after: int
    itemised: bool  # False when a report kept only some of this rule's gaps
    opened: Counter[Opened] = field(default_factory=Counter)
    closed: Counter[Closed] = field(default_factory=Counter)

    @property
    def name(self) -> str:
        return glossary.name_of(self.rule)

    @property
    def change(self) -> int:
        return self.after - self.before

    @property
    def opened_count(self) -> int:
        return sum(self.opened.values())

    @property
    def closed_count(self) -> int:
        return sum(self.closed.values())

    @property
    def opened_by_new_evidence(self) -> int:
        return sum(n for reason, n in self.opened.items() if reason.is_new_evidence)

    @property
    def opened_worse(self) -> int:
        return self.opened[Opened.WORSE]


@dataclass(frozen=True, slots=True)
class GapDeltas:
    before: int
    after: int
    rules: list[RuleDelta]
    # (rule, subject, reason) of each gap matched as opened or closed, sorted; a truncated
    # rule's gaps are listed with reason None.
    opened_gaps: list[tuple[str, str, Opened | None]] = field(default_factory=list)
    closed_gaps: list[tuple[str, str, Closed | None]] = field(default_factory=list)

    @property
    def change(self) -> int:
        return self.after - self.before

    @property
    def itemised(self) -> bool:
        return all(rule.itemised for rule in self.rules)

    def opened(self) -> Counter[Opened]:
        return sum((rule.opened for rule in self.rules), Counter())

    def closed(self) -> Counter[Closed]:
        return sum((rule.closed for rule in self.rules), Counter())

    def summary(self) -> str:
        """One sentence a manager reads first: the move, then what closed and what opened why."""
        move = "rose" if self.change > 0 else "fell" if self.change < 0 else "stayed"
        head = (
            f"The gap count {move} from {self.before} to {self.after} ({self.change:+d})"
            if self.change
            else f"The gap count stayed at {self.after}"
        )
        opened, closed = self.opened(), self.closed()
        n_open, n_closed = sum(opened.values()), sum(closed.values())
        if not n_open and not n_closed:
            return head + "."
        new = sum(n for reason, n in opened.items() if reason.is_new_evidence)
        parts = [f"{n_closed} closed", f"{n_open} opened"]
        if n_open:
            parts[1] += f", {new} of them by new evidence"
            reasons = [f"{reason.value}: {n}" for reason, n in opened.most_common()]
            parts[1] += f" ({'; '.join(reasons)})"
        return f"{head}: {parts[0]}; {parts[1]}."

    def as_json(self) -> dict[str, object]:
        """Plain JSON (reasons by their enum names) that from_json reads back equal."""
        return {
            "before": self.before,
            "after": self.after,
            "rules": [
                [r.rule, r.before, r.after, r.itemised, _names(r.opened), _names(r.closed)]
                for r in self.rules
            ],
            "opened": [[rule, subject, _name(why)] for rule, subject, why in self.opened_gaps],
            "closed": [[rule, subject, _name(why)] for rule, subject, why in self.closed_gaps],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> GapDeltas:
        rules = [
            RuleDelta(
                rule,
                before,
                after,
                itemised,
                Counter({Opened[name]: n for name, n in opened.items()}),
                Counter({Closed[name]: n for name, n in closed.items()}),
            )
            for rule, before, after, itemised, opened, closed in data["rules"]
        ]
        return cls(
            data["before"],
            data["after"],
            rules,
            [(rule, subject, _member(Opened, why)) for rule, subject, why in data["opened"]],
            [(rule, subject, _member(Closed, why)) for rule, subject, why in data["closed"]],
        )


def _name(reason: Opened | Closed | None) -> str | None:
    return reason.name if reason is not None else None


def _names(reasons: Counter[Opened] | Counter[Closed]) -> dict[str, int]:
    return {reason.name: n for reason, n in reasons.items()}


def _member[E: (Opened, Closed)](kind: type[E], name: str | None) -> E | None:
    return kind[name] if name is not None else None


def explain(
    before: Iterable[GapRecord],
    after: Iterable[GapRecord],
    changes: MapChanges,
    totals_before: Mapping[str, int] | None = None,
    totals_after: Mapping[str, int] | None = None,
    truncated: frozenset[str] = frozenset(),
) -> GapDeltas:
    """Match the two reports' gaps by (rule, subject) and say why each one opened or closed.

    ``totals_*`` are the reports' counts by rule (they may have found more gaps than they
    kept); ``truncated`` names rules a report kept only some gaps of. Such a rule is counted but
    not itemised, because a gap missing from a truncated list may still exist.
    """
    old, new = {g.key: g for g in before}, {g.key: g for g in after}
    moves = GapMoves(
        opened=[new[key] for key in new.keys() - old.keys()],
        closed=[old[key] for key in old.keys() - new.keys()],
        stored_before=Counter(key[0] for key in old),
        stored_after=Counter(key[0] for key in new),
        isolated_before=isolated_units(old.values()),
    )
    return explain_moves(moves, changes, totals_before, totals_after, truncated)


@dataclass(frozen=True, slots=True)
class GapMoves:
    """What explain_moves needs of two reports' gaps, which the database can find without
    reading every gap: the gaps only the newer report has and only the older one has, each
    report's stored gaps by rule (one per subject), and the units the older one found isolated
    (GAP-02; the units of ``opened`` are enough)."""

    opened: list[GapRecord]
    closed: list[GapRecord]
    stored_before: Counter[str]
    stored_after: Counter[str]
    isolated_before: frozenset[int]


def isolated_units(gaps: Iterable[GapRecord]) -> frozenset[int]:
    return frozenset(unit for gap in gaps if gap.rule == "GAP-02" for unit in gap.units)


def explain_moves(
    moves: GapMoves,
    changes: MapChanges,
    totals_before: Mapping[str, int] | None = None,
    totals_after: Mapping[str, int] | None = None,
    truncated: frozenset[str] = frozenset(),
) -> GapDeltas:
    """explain, from the gaps that moved (see GapMoves) rather than from every gap."""
    moved = reasons_of(moves, changes)
    return tally(
        moved, moves.stored_before, moves.stored_after, totals_before, totals_after, truncated
    )


@dataclass(frozen=True, slots=True)
class MovedGaps:
    """The gaps that opened and closed between two reports, each with why: what a move keeps
    so that the move as far as some business units go is a subset of it, not a new search."""

    opened: list[tuple[GapRecord, Opened]]
    closed: list[tuple[GapRecord, Closed]]
    # Business units with a gap whose rule and subject another unit's gap shares (two units of
    # one name): matched by rule and subject over every unit, such a gap may not move where
    # it moves among some of the units, so about() cannot tell their move.
    shared_units: frozenset[int] = frozenset()

    def about(self, business_units: Collection[int]) -> MovedGaps | None:
        """The moved gaps about these business units (a gap about no business unit is not);
        None when one of the units shares a gap's rule and subject with another unit."""
        if not self.shared_units.isdisjoint(business_units):
            return None
        return MovedGaps(
            [(gap, why) for gap, why in self.opened if gap.business_unit in business_units],
            [(gap, why) for gap, why in self.closed if gap.business_unit in business_units],
        )

    def as_json(self) -> dict[str, object]:
        """[rule, subject, business unit, reason's name] each; from_json reads back the rule,
        subject and business unit of each gap, and why."""

        def rows(moved: Iterable[tuple[GapRecord, Opened | Closed]]) -> list[list[object]]:
            return [[gap.rule, gap.subject, gap.business_unit, why.name] for gap, why in moved]

        return {
            "opened": rows(self.opened),
            "closed": rows(self.closed),
            "shared_units": sorted(self.shared_units),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> MovedGaps:
        return cls(
            [
                (GapRecord(rule, subject, unit), Opened[why])
                for rule, subject, unit, why in data["opened"]
            ],
            [
                (GapRecord(rule, subject, unit), Closed[why])
                for rule, subject, unit, why in data["closed"]
            ],
            frozenset(data["shared_units"]),
        )


def reasons_of(moves: GapMoves, changes: MapChanges) -> MovedGaps:
    return MovedGaps(
        [(gap, why_opened(gap, changes, moves.isolated_before)) for gap in moves.opened],
        [(gap, why_closed(gap, changes)) for gap in moves.closed],
    )


def tally(
    moved: MovedGaps,
    stored_old: Counter[str],
    stored_new: Counter[str],
    totals_before: Mapping[str, int] | None = None,
    totals_after: Mapping[str, int] | None = None,
    truncated: frozenset[str] = frozenset(),
) -> GapDeltas:
    """The move by rule: the reports' totals (their stored gaps when not given), and the moved
    gaps of each rule both reports kept whole, by reason; a rule's gaps are listed with reason
    None when a report kept only some of them."""
    totals_old = Counter(totals_before or stored_old)
    totals_new = Counter(totals_after or stored_new)
    rules: dict[str, RuleDelta] = {}
    for rule in sorted(set(totals_old) | set(totals_new) | set(stored_old) | set(stored_new)):
        kept_all = stored_old[rule] >= totals_old[rule] and stored_new[rule] >= totals_new[rule]
        complete = kept_all and rule not in truncated
        rules[rule] = RuleDelta(rule, totals_old[rule], totals_new[rule], complete)
    opened: list[tuple[str, str, Opened | None]] = []
    for gap, why in sorted(moved.opened, key=lambda moved_gap: moved_gap[0].key):
        reason = why if rules[gap.rule].itemised else None
        if reason is not None:
            rules[gap.rule].opened[reason] += 1
        opened.append((*gap.key, reason))
    closed: list[tuple[str, str, Closed | None]] = []
    for gap, gone in sorted(moved.closed, key=lambda moved_gap: moved_gap[0].key):
        reason_closed = gone if rules[gap.rule].itemised else None
        if reason_closed is not None:
            rules[gap.rule].closed[reason_closed] += 1
        closed.append((*gap.key, reason_closed))
    moved_rules = [r for r in rules.values() if r.change or r.opened or r.closed or not r.itemised]
    return GapDeltas(
        sum(totals_old.values()), sum(totals_new.values()), moved_rules, opened, closed
    )


def why_opened(gap: GapRecord, changes: MapChanges, isolated_before: frozenset[int]) -> Opened:
    """The first reason that applies, most specific first."""
    if any(unit not in changes.units_before for unit in gap.units):
        return Opened.NEW_UNIT
    if gap.touch_point is not None and gap.touch_point in changes.new_touch_points:
        return Opened.NEW_TOUCH_POINT
    if gap.rule != "GAP-02" and any(unit in isolated_before for unit in gap.units):
        return Opened.WAS_ISOLATED
    if gap.rule == "GAP-01" and _touches(gap, changes.new_desired_pairs):
        return Opened.NEWLY_EXPECTED
    if gap.rule in DESIRED_ONLY_RULES and not changes.desired_before:
        return Opened.NEWLY_EXPECTED
    if gap.rule in STRUCTURAL_RULES and changes.new_touch_points:
        return Opened.NEW_TIES
    if _touches(gap, changes.new_current_pairs):
        return Opened.NEW_TOUCH_POINT  # a unit's scores moved with a touch point of its own
    return Opened.WORSE


def why_closed(gap: GapRecord, changes: MapChanges) -> Closed:
    if any(unit not in changes.units_after for unit in gap.units):
        return Closed.UNIT_GONE
    if gap.touch_point is None and gap.rule in TOUCH_POINT_RULES:
        return Closed.TOUCH_POINT_GONE  # the stored link was cleared when it was deleted
    return Closed.FIXED


def _touches(gap: GapRecord, pairs: frozenset[tuple[str, str]]) -> bool:
    """A touch point of ``pairs`` lies on the gap's unit(s), or anywhere below them: touch
    points roll up to the scope's units. A gap on no unit (a location, the scope) is not
    touched by one touch point."""
    if not gap.business_path and not gap.it_path:
        return False
    return any(
        business.startswith(gap.business_path) and it.startswith(gap.it_path)
        for business, it in pairs
    )
