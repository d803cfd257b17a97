"""What every gap rule shares: the context it reads, gaps kept beside their sort keys, and
the subjects of touch point gaps."""

import heapq
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from itertools import chain, count, islice
from operator import itemgetter

from . import tables
from .index import ScopeIndex
from .model import Gap, GapSortKey, Subject, TouchPoint, UnitScore

SEVERITY_RANK = {severity: rank for rank, severity in enumerate(tables.SEVERITIES)}

Keyed = tuple[GapSortKey, Gap]  # a gap beside its sort key, computed once


def key_of(keyed: Keyed) -> GapSortKey:
    return keyed[0]


def first_in_order[T](
    items: Iterable[T], limit: int | None, key: Callable[[T], GapSortKey]
) -> tuple[list[T], int]:
    """All ``items`` as they come, or, when there are more than ``limit``, the ``limit`` first
    by ``key`` (of equal keys, the earliest); with the number of items.

    Some twice ``limit`` items are held at most (the first ones, and the selection's): the rest
    stream through, each one not kept freed at once. Holding every gap of a rule (92,923 of
    GAP-04 at 300,000 touch points, for 2,000 kept) was the gap report's peak memory."""
    if limit is None:
        every = list(items)
        return every, len(every)
    rest = iter(items)
    found = list(islice(rest, limit + 1))
    if len(found) <= limit:
        return found, len(found)
    # Counted as they stream, without a Python call per item: zip takes the next number only
    # once ``rest`` has given an item.
    numbers = count()
    counted = map(itemgetter(0), zip(rest, numbers, strict=False))
    # The same selection as over the whole list: nsmallest keeps the earliest of equal keys.
    kept = heapq.nsmallest(limit, chain(found, counted), key=key)
    deque(counted, maxlen=0)  # what nsmallest left unread (all of it when limit is 0) counts
    return kept, len(found) + next(numbers)


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
