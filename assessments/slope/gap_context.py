"""What every gap rule shares: the context it reads, gaps kept beside their sort keys, and
the subjects of touch point gaps."""

from collections.abc import Mapping
from dataclasses import dataclass

from . import tables
from .index import ScopeIndex
from .model import Gap, GapSortKey, Subject, TouchPoint, UnitScore

SEVERITY_RANK = {severity: rank for rank, severity in enumerate(tables.SEVERITIES)}

Keyed = tuple[GapSortKey, Gap]  # a gap beside its sort key, computed once


def key_of(keyed: Keyed) -> GapSortKey:
    return keyed[0]


@dataclass(frozen=True, slots=True)
class GapContext:
    index: ScopeIndex
    units: Mapping[str, UnitScore]
    templates: Mapping[str, str]

    def gap(
        self, rule: str, severity: str, subject: Subject, evidence: Mapping[str, object]
    ) -> Gap:
        return Gap(rule, severity, subject, evidence, self.templates[rule])


def touch_point_subject(index: ScopeIndex, tp: TouchPoint) -> Subject:
    unit, team = index.business_units[tp.business_unit], index.it_teams[tp.it_team]
    return Subject(
        "touch_point", business_unit=unit, it_team=team, level=tp.level, touch_point_id=tp.id
    )
