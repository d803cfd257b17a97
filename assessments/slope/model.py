"""Plain data the slope engine reads and returns; no Django, no database."""

import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal, NamedTuple

from . import tables

Side = Literal["business", "it"]
SortKey = tuple[tuple[int, int, str], ...]
GapSortKey = tuple[int, int, tuple[SortKey, ...], str]

_DIGITS = re.compile(r"(\d+)")


def natural_parts(name: str) -> SortKey:
    """Sort key that puts "touch point 9" before "touch point 10" and ignores case."""
    parts = _DIGITS.split(name)
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.casefold()) for part in parts
    )


# Unit names recur in many gaps' keys; a touch point's name is in one gap's, so touch points
# use touch_point_key (caching 100,000 of them held some 28 MB for nothing).
natural_key = functools.lru_cache(maxsize=1 << 18)(natural_parts)
_TOUCH_POINT = (1, 0, "touch point ")
_END = (1, 0, "")


def touch_point_key(touch_point_id: str) -> SortKey:
    """natural_parts(f"touch point {touch_point_id}"), without the regular expression for the
    usual id of digits (a large scope sorts 100,000 touch point gaps)."""
    if touch_point_id.isdecimal():
        return (_TOUCH_POINT, (0, int(touch_point_id), ""), _END)
    return natural_parts(f"touch point {touch_point_id}")


@dataclass(frozen=True, slots=True)
class BusinessUnit:
    id: str
    name: str
    location: str
    criticality: str = "normal"

    @property
    def is_critical(self) -> bool:
        return self.criticality == "high"


@dataclass(frozen=True, slots=True)
class ITTeam:
    id: str
    name: str
    location: str


class TouchPoint(NamedTuple):
    """A current touch point carries channel and frequency; a desired one only pair and level.

    A named tuple, like Subject and Gap: a scope reads 100,000 of them, and a frozen
    dataclass's __init__ (one object.__setattr__ per field) cost five times a tuple's."""

    id: str
    business_unit: str
    it_team: str
    level: str
    state: str = "current"
    channel: str | None = None
    frequency: str | None = None
    effectiveness: int | None = None
    initiated_by: str | None = None

    @property
    def is_current(self) -> bool:
        return self.state == "current"


@dataclass(frozen=True, slots=True)
class Scenario:
    business_units: tuple[BusinessUnit, ...]
    it_teams: tuple[ITTeam, ...]
    touch_points: tuple[TouchPoint, ...] = ()


class Dimensions(NamedTuple):
    """The six dimensions on 0..1; ``None`` where a dimension does not apply.

    This, Rating and UnitScore are named tuples, like TouchPoint: a scope of 11,000 units builds
    one of each per unit, and a frozen dataclass's __init__ costs several times a tuple's."""

    B: Fraction | None
    V: Fraction | None
    K: Fraction | None
    F: Fraction | None
    E: Fraction | None
    X: Fraction | None

    def items(self) -> Iterator[tuple[str, Fraction | None]]:
        # Spelled out in tables.DIMENSIONS order, not getattr per letter: 10,000 units are rated.
        return zip(tables.DIMENSIONS, (self.B, self.V, self.K, self.F, self.E, self.X), strict=True)

    def applicable(self) -> dict[str, Fraction]:
        return {letter: value for letter, value in self.items() if value is not None}


class Rating(NamedTuple):
    """A composite score on 0..100 with its band, after the weakest-link cap."""

    dimensions: Dimensions
    score: Fraction
    band: str
    uncapped_band: str
    capped_by: str | None


class UnitScore(NamedTuple):
    unit_id: str
    name: str
    side: Side
    rating: Rating


@dataclass(frozen=True, slots=True)
class ScopeScore:
    rating: Rating
    ei_index: Fraction | None
    mean_business_unit_score: Fraction | None


class Subject(NamedTuple):
    """What a gap is about: a unit, a pair (optionally at one level), a touch point, a location
    or the whole scope; for the survey's rules, a criterion ("GOV") or a side ("business"). A
    named tuple of references, not strings, so that millions stay cheap."""

    kind: Literal[
        "business_unit", "it_team", "pair", "touch_point", "location", "scope", "criterion", "side"
    ]
    business_unit: BusinessUnit | None = None
    it_team: ITTeam | None = None
    level: str | None = None
    touch_point_id: str | None = None
    location: str | None = None
    code: str | None = None  # the criterion id or the side

    @property
    def name(self) -> str:
        bu, team = self.business_unit, self.it_team
        match self.kind:
            case "criterion" | "side":
                return str(self.code)
            case "touch_point":
                return f"touch point {self.touch_point_id}"
            case "location":
                return str(self.location)
            case "scope":
                return "whole scope"
            case "pair" if bu and team:
                pair = f"{bu.name}-{team.name}"
                return f"{pair} ({self.level})" if self.level else pair
        unit = bu or team
        return unit.name if unit else ""

    @property
    def is_critical(self) -> bool:
        return self.business_unit is not None and self.business_unit.is_critical

    @property
    def sort_key(self) -> tuple[SortKey, ...]:
        if self.kind == "pair" and self.business_unit and self.it_team:
            level_key = natural_key(self.level or "")
            return natural_key(self.business_unit.name), natural_key(self.it_team.name), level_key
        if self.kind == "touch_point":
            return (touch_point_key(str(self.touch_point_id)),)
        return (natural_key(self.name),)


class _Placeholders(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class Gap(NamedTuple):
    """One gap. ``evidence`` holds the numbers that fired it (exact, as Fractions where derived).

    A named tuple because a large scope may raise millions; gaps of one kind may share an
    evidence mapping, so treat it as read-only.
    """

    rule: str
    severity: str
    subject: Subject
    evidence: Mapping[str, object]
    recommendation_template: str

    @property
    def recommendation(self) -> str:
        subject = self.subject
        level = subject.level or "regular"
        values = _Placeholders(
            subject=subject.name,
            business_unit=subject.business_unit.name if subject.business_unit else "",
            it_team=subject.it_team.name if subject.it_team else "",
            level=level,
            location=subject.location or "",
            expected_frequency=tables.NORM_FREQUENCY.get(level, ""),
            weakest_dimension=tables.DIMENSION_NAMES.get(
                str(self.evidence.get("weakest_dimension")), ""
            ),
        )
        try:
            return self.recommendation_template.format_map(values)
        except (ValueError, IndexError, KeyError, AttributeError):
            # A workspace's own text with a stray brace is shown as written, not lost.
            return self.recommendation_template

    @property
    def sort_key(self) -> GapSortKey:
        """Severity, then critical business units first, then subject name (SLOPE.md)."""
        severity_rank = tables.SEVERITIES.index(self.severity)
        return severity_rank, 0 if self.subject.is_critical else 1, self.subject.sort_key, self.rule


@dataclass(frozen=True, slots=True)
class Result:
    """Scores and gaps of one scope. ``gap_counts`` holds the true count of each rule's gaps,
    which exceeds ``len`` of that rule's gaps when ``max_gaps_per_rule`` truncated them."""

    scope: ScopeScore
    units: dict[str, UnitScore]
    gaps: list[Gap]
    gap_counts: dict[str, int] = field(default_factory=dict)
    tables_version: str = tables.VERSION
