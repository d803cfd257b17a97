"""The filters every dashboard panel honours: location, division and level, read from the URL.

They travel in the query string (``?location=3&division=17&level=strategic``) so that a view of
the dashboard can be shared as a link. Unknown or foreign values are ignored, never an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.http import QueryDict

from touchpoints.models import Level, Location, OrgUnit, Side, TouchPoint


@dataclass(frozen=True, slots=True)
class Choice:
    id: int
    name: str
    path: str = ""


@dataclass(frozen=True, slots=True)
class FilterChoices:
    """What the filter bar offers: the workspace's locations and its business divisions."""

    locations: list[Choice]
    divisions: list[Choice]
    levels: list[tuple[str, str]] = field(default_factory=lambda: list(Level.choices))


@dataclass(frozen=True, slots=True)
class Filters:
    location: Choice | None = None
    division: Choice | None = None
    level: str = ""
    # The kept units' ids by workspace, asked once however many panels of a view need them.
    _unit_ids: dict[int, tuple[int, ...]] = field(default_factory=dict, compare=False, repr=False)

    def touchpoints(self, touchpoints: QuerySet[TouchPoint]) -> QuerySet[TouchPoint]:
        """Location and division select the business unit; level selects the touch point."""
        if self.location:
            touchpoints = touchpoints.filter(business_unit__location_id=self.location.id)
        if self.division:
            touchpoints = touchpoints.filter(business_unit__path__startswith=self.division.path)
        if self.level:
            touchpoints = touchpoints.filter(level=self.level)
        return touchpoints

    def business_units(self, units: QuerySet[OrgUnit]) -> QuerySet[OrgUnit]:
        if self.location:
            units = units.filter(location_id=self.location.id)
        if self.division:
            units = units.filter(path__startswith=self.division.path)
        return units

    def gap_condition(self, workspace_id: int) -> Q:
        """The gaps about the business units the filters keep, as a Q on their ids: one query.

        The ids, not a join to the units: the planner cannot tell how few units pass a
        location and a division, so it hashes every gap of the report (25,000 for two) against
        them; given the ids, it reads each unit's gaps through gap_report_unit_idx.
        """
        if not (self.location or self.division):
            return Q()
        return Q(business_unit_id__any_of=self.unit_ids(workspace_id))

    def unit_ids(self, workspace_id: int) -> tuple[int, ...]:
        """The ids of the units the location and division keep: one query the first time."""
        if workspace_id not in self._unit_ids:
            units = self.business_units(OrgUnit.objects.filter(workspace_id=workspace_id))
            self._unit_ids[workspace_id] = tuple(ids_of(units))
        return self._unit_ids[workspace_id]

    def unit_condition(self, prefix: str = "") -> Q:
        """The business-unit part as a Q on ``<prefix>location_id`` and ``<prefix>path``."""
        condition = Q()
        if self.location:
            condition &= Q(**{f"{prefix}location_id": self.location.id})
        if self.division:
            condition &= Q(**{f"{prefix}path__startswith": self.division.path})
        return condition

    def as_query(self) -> dict[str, str]:
        query = {}
        if self.location:
            query["location"] = str(self.location.id)
        if self.division:
            query["division"] = str(self.division.id)
        if self.level:
            query["level"] = self.level
        return query

    def querystring(self, **extra: object) -> str:
        return urlencode(self.as_query() | {k: str(v) for k, v in extra.items() if v != ""})

    @property
    def is_active(self) -> bool:
        return bool(self.as_query())

    def describe(self) -> str:
        parts = []
        if self.division:
            parts.append(self.division.name)
        if self.location:
            parts.append(f"units in {self.location.name}")
        if self.level:
            parts.append(f"{self.level} touch points")
        return ", ".join(parts) or "whole organisation"


def filter_choices(workspace_id: int) -> FilterChoices:
    """Two queries. Divisions are the business units at the shallowest depth holding more than
    one (an org chart under a single group root has its divisions one level down)."""
    locations = [
        Choice(row["id"], row["name"])
        for row in Location.objects.filter(workspace_id=workspace_id).values("id", "name")
    ]
    tops = list(
        OrgUnit.objects.filter(
            workspace_id=workspace_id, side=Side.BUSINESS, is_active=True, depth__lte=1
        )
        .order_by("depth", "name")
        .values("id", "name", "path", "depth")
    )
    roots = [row for row in tops if row["depth"] == 0]
    depth = 0 if len(roots) > 1 else 1
    divisions = [Choice(r["id"], r["name"], r["path"]) for r in tops if r["depth"] == depth]
    return FilterChoices(locations, divisions)


def ids_of(units: QuerySet[OrgUnit]) -> list[int]:
    """The units' ids, for an ``__in`` the planner can read through a unit index (one query)."""
    return list(units.values_list("id", flat=True).order_by())


def parse_filters(data: QueryDict, choices: FilterChoices) -> Filters:
    return Filters(
        location=_pick(choices.locations, data.get("location")),
        division=_pick(choices.divisions, data.get("division")),
        level=data.get("level", "") if data.get("level") in Level.values else "",
    )


def _pick(options: list[Choice], raw: str | None) -> Choice | None:
    return next((option for option in options if str(option.id) == raw), None)


def parse_int(data: QueryDict, name: str, default: int, lowest: int, highest: int) -> int:
    """A bounded integer parameter (a depth, say); anything else falls back to the default."""
    try:
        value = int(data.get(name, default))
    except (TypeError, ValueError):
        return default
    return min(max(value, lowest), highest)
