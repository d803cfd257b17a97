"""The business-IT network: units rolled up to a depth on each side, ties between them.

Nodes are business units at ``depth`` and IT teams at ``team_depth`` (each standing for its whole
subtree); an edge joins a business node and an IT node when at least one current touch point
links their subtrees. Isolated nodes (no edge) and fragile bridges (articulation points:
removing one splits the network, SLOPE.md GAP-08; found by assessments.dashboard.articulation)
are found on the whole rolled-up graph, then
the drawing keeps at most NODE_CAP nodes (bridges first, then isolated units, then the
busiest) and the EDGE_CAP heaviest ties among them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from operator import itemgetter
from typing import Any

from django.db import connection
from django.db.models import Count, IntegerField, Q, Value
from django.db.models.functions import Cast

from assessments.dashboard.articulation import articulation_points
from assessments.dashboard.filters import FilterChoices, Filters
from assessments.dashboard.heatmaps import current_touchpoints
from assessments.dashboard.tree_sql import ancestor_id_at
from touchpoints.models import Level, OrgUnit, Side

NODE_CAP = 250
# The heaviest ties among the drawn nodes; more would make the browser's layout crawl.
EDGE_CAP = 1500
ISOLATED_QUOTA = 60


@dataclass(frozen=True, slots=True)
class Node:
    key: str  # "b<id>" or "t<id>": business and IT ids share one sequence, the prefix is for JS
    id: int
    name: str
    side: str
    location: str
    touchpoints: int = 0
    is_isolated: bool = False
    is_bridge: bool = False
    group: int | None = None  # the division (or IT branch) drawn around it, when deeper


@dataclass(frozen=True, slots=True)
class Network:
    nodes: list[Node]
    edges: list[dict[str, Any]]
    total_nodes: int
    total_edges: int
    bridges: int
    isolated: int
    groups: dict[int, str] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "nodes": [
                {
                    "id": n.key,
                    "label": n.name,
                    "side": n.side,
                    "location": n.location,
                    "touchpoints": n.touchpoints,
                    "isolated": n.is_isolated,
                    "bridge": n.is_bridge,
                    "group": f"g{n.group}" if n.group in self.groups else None,
                }
                for n in self.nodes
            ],
            "groups": [
                {"id": f"g{pk}", "label": name}
                for pk, name in sorted(self.groups.items(), key=lambda item: item[1])
            ],
            "edges": self.edges,
            "meta": {
                "total_nodes": self.total_nodes,
                "shown_nodes": len(self.nodes),
                "total_edges": self.total_edges,
                "shown_edges": len(self.edges),
                "bridges": self.bridges,
                "isolated": self.isolated,
                "node_cap": NODE_CAP,
                "edge_cap": EDGE_CAP,
            },
        }


@dataclass(frozen=True, slots=True)
class Grouping:
    """The depths whose units are drawn around the nodes: business units by division, IT
    teams by their branch. None: no grouping (the nodes are the divisions themselves)."""

    business: int | None = None
    it: int | None = None

    @staticmethod
    def at(division_depth: int, it_root_depth: int, depth: int, team_depth: int) -> Grouping:
        return Grouping(
            division_depth if depth > division_depth else None,
            it_root_depth if team_depth > it_root_depth else None,
        )


def network_grouping(
    choices: FilterChoices, it_counts: dict[int, int], depth: int, team_depth: int
) -> Grouping:
    """Business units drawn inside their division, IT teams inside their IT branch."""
    division_depth = choices.divisions[0].path.count("/") - 2 if choices.divisions else 0
    return Grouping.at(division_depth, min(it_counts, default=0), depth, team_depth)


def it_depth_counts(workspace_id: int) -> dict[int, int]:
    """Active IT units per depth of the chart (one query)."""
    teams = OrgUnit.objects.filter(workspace_id=workspace_id, side=Side.IT, is_active=True)
    rows = teams.values_list("depth").annotate(n=Count("id")).order_by()
    return {depth: n for depth, n in rows}


def default_team_depth(counts: dict[int, int]) -> int:
    """The shallowest depth with at least two IT units (a lone "IT" root would draw a star),
    else the shallowest with any: never a depth that holds no IT team at all."""
    populated = sorted(counts)
    return next((d for d in populated if counts[d] > 1), populated[0] if populated else 1)


def network(
    workspace_id: int,
    filters: Filters,
    depth: int,
    team_depth: int,
    grouping: Grouping = Grouping(),
    ties_found: list[Tie] | None = None,
) -> Network:
    """Three queries: business nodes, IT nodes, and the ties grouped by node pair (unless
    given, rolled up); a fourth for the groups' names when nodes are grouped."""
    business = _business_nodes(workspace_id, filters, depth, grouping.business)
    it = _it_nodes(workspace_id, team_depth, grouping.it)
    # Business and IT units share one id sequence, so the graph runs on their ids.
    neighbours: dict[int, list[int]] = {key: [] for key in [*business, *it]}
    touches: defaultdict[int, int] = defaultdict(int)
    ties = []
    if ties_found is None:
        ties_found = _ties(workspace_id, filters, depth, team_depth)
    for tie in ties_found:
        source, target, n = tie[0], tie[1], tie[2]
        if source in business and target in it:
            ties.append(tie)
            neighbours[source].append(target)
            neighbours[target].append(source)
            touches[source] += n
            touches[target] += n
    here = filters.location.name if filters.location else None
    # With a location chosen, IT teams elsewhere appear only when a business unit here uses them.
    nodes = business | {
        key: node for key, node in it.items() if neighbours[key] or here in (None, node.location)
    }
    drawn = _draw(nodes, neighbours, touches, ties)
    group_ids = {node.group for node in drawn.nodes if node.group is not None}
    names = OrgUnit.objects.filter(workspace_id=workspace_id, pk__in=group_ids)
    return replace(drawn, groups=dict(names.values_list("id", "name")) if group_ids else {})


# (business node id, IT node id, touch points, then touch points per level in Level order)
Tie = tuple[int, ...]


def _ties(workspace_id: int, filters: Filters, depth: int, team_depth: int) -> list[Tie]:
    """Every linked pair of nodes, read as plain tuples: at depth 1 × 1 there are tens of
    thousands, and Django's per-row conversions would cost more than the query."""
    per_level = {level: Count("id", filter=Q(level=level)) for level in Level.values}
    ties = (
        current_touchpoints(workspace_id, filters)
        .filter(business_unit__depth__gte=depth, it_team__depth__gte=team_depth)
        .annotate(
            row=ancestor_id_at("business_unit__path", depth),
            column=ancestor_id_at("it_team__path", team_depth),
        )
        .values_list("row", "column")
        .annotate(n=Count("id"), **per_level)
        .order_by()
    )
    sql, params = ties.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows: list[tuple[int, ...]] = cursor.fetchall()
        return rows


def _draw(
    nodes: dict[int, Node],
    neighbours: dict[int, list[int]],
    touches: dict[int, int],
    ties: list[Tie],
) -> Network:
    bridges = articulation_points(neighbours)
    degree = {key: len(linked) for key, linked in neighbours.items()}
    isolated = [key for key in nodes if degree.get(key, 0) == 0]
    ranked = sorted(
        nodes, key=lambda key: (key not in bridges, -touches.get(key, 0), nodes[key].key)
    )
    keep = set(ranked[: NODE_CAP - min(len(isolated), ISOLATED_QUOTA)])
    keep |= set(isolated[: NODE_CAP - len(keep)])
    drawn = [
        _with(nodes[key], touches.get(key, 0), degree.get(key, 0) == 0, key in bridges)
        for key in sorted(keep, key=lambda key: (nodes[key].side, nodes[key].name))
    ]
    kept = [tie for tie in ties if tie[0] in keep and tie[1] in keep]
    # Heaviest first, equal weights by node pair (two stable sorts on C-level keys).
    kept.sort(key=itemgetter(0, 1))
    kept.sort(key=itemgetter(2), reverse=True)
    levels = Level.values
    edges = [
        {
            "source": nodes[source].key,
            "target": nodes[target].key,
            "weight": n,
            "levels": dict(zip(levels, per_level, strict=True)),
        }
        for source, target, n, *per_level in kept[:EDGE_CAP]
    ]
    return Network(drawn, edges, len(nodes), len(ties), len(bridges), len(isolated))


def _with(node: Node, touchpoints: int, isolated: bool, bridge: bool) -> Node:
    return replace(node, touchpoints=touchpoints, is_isolated=isolated, is_bridge=bridge)


def _business_nodes(
    workspace_id: int, filters: Filters, depth: int, group_depth: int | None
) -> dict[int, Node]:
    """Business units at ``depth`` whose subtree holds a unit matching the filters."""
    units = filters.business_units(
        OrgUnit.objects.filter(
            workspace_id=workspace_id, side=Side.BUSINESS, is_active=True, depth__gte=depth
        )
    )
    matching = units.annotate(ancestor=ancestor_id_at("path", depth)).values("ancestor")
    at_depth = OrgUnit.objects.filter(
        workspace_id=workspace_id,
        side=Side.BUSINESS,
        is_active=True,
        depth=depth,
        pk__in=matching.order_by(),
    ).annotate(group=_group_at(group_depth))
    return {
        pk: Node(f"b{pk}", pk, name, Side.BUSINESS, location or "", group=group)
        for pk, name, location, group in at_depth.values_list(
            "id", "name", "location__name", "group"
        )
    }


def _it_nodes(workspace_id: int, team_depth: int, group_depth: int | None) -> dict[int, Node]:
    teams = OrgUnit.objects.filter(
        workspace_id=workspace_id, side=Side.IT, is_active=True, depth=team_depth
    ).annotate(group=_group_at(group_depth))
    return {
        pk: Node(f"t{pk}", pk, name, Side.IT, location or "", group=group)
        for pk, name, location, group in teams.values_list("id", "name", "location__name", "group")
    }


def _group_at(depth: int | None) -> Value | Cast:
    return ancestor_id_at("path", depth) if depth is not None else Value(None, IntegerField())
