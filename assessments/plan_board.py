"""The plan page's read model: a workspace's actions, filtered by unit and target, grouped by
status (the board) or by owner, and the carry-over of actions onto the gaps of a report."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from assessments.models import Action, ActionStatus, Gap, GapReport, ReportStatus, Target
from touchpoints.models import OrgUnit, Side, TouchPoint

GapKey = tuple[str, int | None, int | None, str, str]


KEY_FIELDS = ("rule", "business_unit_id", "it_team_id", "level", "location")


def plan_actions(
    workspace_id: int, unit: OrgUnit | None = None, target: Target | None = None
) -> QuerySet[Action]:
    """The actions with their progress, owner, target and touch points: four queries listed.

    A business unit selects the actions for it or below it, by the action's unit, its gap's
    unit or its touch points' business unit; an IT unit (the unit's page), by its gap's or its
    touch points' IT team."""
    actions = Action.objects.filter(workspace_id=workspace_id)
    if unit is not None:
        actions = actions.filter(pk__in=Action.objects.filter(concerning(unit)).values("pk"))
    if target is not None:
        actions = actions.filter(target=target)
    touch_points = TouchPoint.objects.select_related("business_unit", "it_team", "channel")
    return (
        actions.with_progress()
        .select_related("owner", "target__unit", "target__workspace", "unit")
        .prefetch_related(Prefetch("touch_points", queryset=touch_points))
        .order_by("due", "pk")
    )


def concerning(unit: OrgUnit) -> Q:
    below = unit.path
    if unit.side == Side.IT:
        return Q(gap_it_team__path__startswith=below) | Q(
            touch_points__it_team__path__startswith=below
        )
    return (
        Q(unit__path__startswith=below)
        | Q(gap_business_unit__path__startswith=below)
        | Q(touch_points__business_unit__path__startswith=below)
    )


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: str
    actions: list[Action]


def by_status(actions: list[Action]) -> list[Column]:
    """The board: one column per status, as each action stands now (done when realised)."""
    columns = {status: Column(status, label, []) for status, label in ActionStatus.choices}
    for action in actions:
        columns[action.status_now].actions.append(action)
    return list(columns.values())


def by_owner(actions: list[Action]) -> list[Column]:
    """One group per owner (by name), actions without one last."""
    groups: dict[str, list[Action]] = defaultdict(list)
    for action in actions:
        groups[action.owner_name].append(action)
    names = sorted(name for name in groups if name)
    return [
        Column(name or "no-owner", name or "No owner", groups[name])
        for name in [*names, *([""] if "" in groups else [])]
    ]


def overdue_count(actions: list[Action], today: datetime.date) -> int:
    return sum(action.is_overdue(today) for action in actions)


def gap_key(gap: Gap) -> GapKey:
    """What identifies a gap across reports, as an action stores it (Action.gap_key)."""
    return gap.rule, gap.business_unit_id, gap.it_team_id, gap.level, gap.location


def actions_by_gap(workspace_id: int) -> dict[GapKey, list[Action]]:
    """Every action that addresses a gap, by gap key (one query)."""
    found: dict[GapKey, list[Action]] = defaultdict(list)
    actions = Action.objects.filter(workspace_id=workspace_id).exclude(gap_rule="")
    for action in actions.with_progress().select_related("owner"):
        found[action.gap_key()].append(action)
    return found


def previous_report(report: GapReport) -> GapReport | None:
    """The workspace's last finished report before this one."""
    return (
        GapReport.objects.filter(
            workspace_id=report.workspace_id,
            status=ReportStatus.DONE,
            created_at__lt=report.created_at,
        )
        .order_by("-created_at", "-pk")
        .first()
    )


@dataclass(frozen=True, slots=True)
class ClosedGap:
    gap: Gap
    actions: list[Action]


def closed_gaps(
    before: GapReport, after: GapReport, actions: dict[GapKey, list[Action]]
) -> list[ClosedGap]:
    """Gaps of ``before`` that ``after`` no longer has and that an action addressed: the gaps
    the plan closed. No query without such actions, else two for the reports' gap keys."""
    rules = {key[0] for key in actions}
    if not rules:
        return []
    remaining = {gap_key(gap) for gap in after.gaps.filter(rule__in=rules).only(*KEY_FIELDS)}
    gone = [
        gap
        for gap in before.gaps.filter(rule__in=rules).order_by("position")
        if gap_key(gap) in actions and gap_key(gap) not in remaining
    ]
    return [ClosedGap(gap, actions[gap_key(gap)]) for gap in gone]


def with_actions(gaps: list[Gap], actions: dict[GapKey, list[Action]]) -> list[Gap]:
    """Give each gap ``plan_actions``: the actions addressing it, open ones first."""
    for gap in gaps:
        found = actions.get(gap_key(gap), [])
        gap.plan_actions = sorted(found, key=lambda a: (not a.is_open, a.pk))  # type: ignore[attr-defined]  # set for the template only, not a model field
    return gaps


def closed_between(
    before: GapReport | None, after: GapReport | None, actions: dict[GapKey, list[Action]]
) -> list[ClosedGap]:
    """The gaps the plan closed from one finished report to a later one (none without both)."""
    if before is None or after is None or before.pk == after.pk:
        return []
    if before.status != ReportStatus.DONE or after.status != ReportStatus.DONE:
        return []
    return closed_gaps(before, after, actions)
