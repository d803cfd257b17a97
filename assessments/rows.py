"""Plain rows of the tables a report fills: cheap to build by the ten thousand, stored by
assessments.bulk.insert_rows, and read by the exports. Attribute names match the models'."""

from __future__ import annotations

from typing import NamedTuple


class UnitScoreRow(NamedTuple):
    unit_id: int
    side: str
    code: str
    name: str
    depth: int
    path: str
    score: float
    band: str
    capped_by: str
    dimensions: dict[str, float | None]


class GapRow(NamedTuple):
    rule: str
    severity: str
    subject_kind: str
    subject_label: str
    business_unit_id: int | None
    it_team_id: int | None
    touch_point_id: int | None
    location: str
    level: str
    evidence: dict[str, object]
    recommendation: str
    position: int
