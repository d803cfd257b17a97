"""Marking units IT or business, one or many at once, and the units whose names suggest IT."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from django.db import transaction
from django.utils import timezone

from convergence import audit
from touchpoints.derived_tree import refresh_tree
from touchpoints.importing import flag_wrong_sides
from touchpoints.it_names import it_reason
from touchpoints.models import OrgUnit, Side

if TYPE_CHECKING:
    from django.contrib.auth.models import User

SUGGESTIONS_SHOWN: Final = 50


def mark_units(
    workspace_id: int,
    unit_ids: Collection[int],
    side_mark: str,
    why: str,
    actor: User | None = None,
) -> int:
    """Set the side mark of these units of the workspace; the sides below them follow, and touch
    points whose ends change side are flagged "Unit X <why>". Returns how many were marked."""
    with transaction.atomic():
        units = OrgUnit.objects.filter(workspace_id=workspace_id, pk__in=unit_ids)
        codes = list(units.order_by("path").values_list("code", flat=True)[:AUDITED_CODES])
        marked = units.update(side_mark=side_mark, updated_at=timezone.now())
        refresh_tree(workspace_id)
        flag_wrong_sides(workspace_id, why)
        audit.record(
            workspace=workspace_id,
            actor=actor,
            action="unit.side_marked",
            target=f"{marked} unit{'s' if marked != 1 else ''}",
            after={"side_mark": side_mark or "inherit", "codes": codes},
        )
    return marked


# The audit entry of a bulk re-mark names this many of the units' codes.
AUDITED_CODES = 50


@dataclass(frozen=True, slots=True)
class Suggestion:
    pk: int
    name: str
    code: str
    reason: str  # the word of its name that looks like IT


def it_suggestions(workspace_id: int) -> list[Suggestion]:
    """Active units on the business side whose names look like IT (ICT, Digital, DSI,
    Informatik...), the top of each such branch only: marking it carries the units below."""
    rows = (
        OrgUnit.objects.filter(workspace_id=workspace_id, is_active=True)
        .exclude(side=Side.IT)
        .order_by("path")
        .values_list("pk", "name", "code", "path")
    )
    found: list[Suggestion] = []
    branch = "//"  # path order keeps a branch together, so only the last one can hold a unit
    for pk, name, code, path in rows.iterator(chunk_size=5000):
        reason = it_reason(name)
        if reason and not path.startswith(branch):
            found.append(Suggestion(pk, name, code, reason))
            branch = path
            if len(found) == SUGGESTIONS_SHOWN:
                break
    return found
