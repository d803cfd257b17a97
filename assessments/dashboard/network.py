"""The business-IT network: units rolled up to a depth on each side, ties between them.

Nodes are business units at ``depth`` and IT teams at ``team_depth`` (each standing for its whole
subtree); an edge joins a business node and an IT node when at least one current touch point
links their subtrees. Isolated nodes (no edge) and fragile bridges (articulation points:
removing one splits the network, SLOPE.md GAP-08) are found on the whole rolled-up graph, then
the drawing keeps at most NODE_CAP nodes (bridges first, then isolated units, then the
busiest) and the EDGE_CAP heaviest ties among them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx
from django.db.models import Count, Q

from assessments.dashboard.filters import Filters
from assessments.dashboard.heatmaps import current_touchpoints
from assessments.dashboard.tree_sql import ancestor_at
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


@dataclass(frozen=True, slots=True)
class Network:
    nodes: list[Node]
    edges: list[dict[str, Any]]
    total_nodes: int
    total_edges: int
    bridges: int
    isolated: int

    @property
    def nodes_left_out(self) -> int:
        return self.total_nodes - len(self.nodes)

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
                }
                for n in self.nodes
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


def network(workspace_id: int, filters: Filters, depth: int, team_depth: int) -> Network:
    """Four queries: business nodes (2), IT nodes, and the ties grouped by node pair."""
    business = _business_nodes(workspace_id, filters, depth)
    it = _it_nodes(workspace_id, team_depth)
    per_level = {level: Count("id", filter=Q(level=level)) for level in Level.values}
    ties = (
        current_touchpoints(workspace_id, filters)
        .filter(business_unit__depth__gte=depth, it_team__depth__gte=team_depth)
        .annotate(
            row=ancestor_at("business_unit__path", depth),
            column=ancestor_at("it_team__path", team_depth),
        )
        .values("row", "column")
        .annotate(n=Count("id"), **per_level)
        .order_by()
    )
    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(business)
    weights: dict[tuple[str, str], Mapping[str, Any]] = {}
    for tie in ties:
        source, target = f"b{tie['row']}", f"t{tie['column']}"
        if source in business and target in it:
            weights[source, target] = tie
            graph.add_edge(source, target)
    here = filters.location.name if filters.location else None
    # With a location chosen, IT teams elsewhere appear only when a business unit here uses them.
    nodes = business | {
        key: node for key, node in it.items() if key in graph or here in (None, node.location)
    }
    graph.add_nodes_from(nodes)
    return _draw(graph, nodes, weights)


def _draw(
    graph: nx.Graph[str], nodes: dict[str, Node], weights: dict[tuple[str, str], Mapping[str, Any]]
) -> Network:
    bridges = set(nx.articulation_points(graph))
    degree = dict(graph.degree())
    touches: dict[str, int] = {}
    for (source, target), tie in weights.items():
        touches[source] = touches.get(source, 0) + tie["n"]
        touches[target] = touches.get(target, 0) + tie["n"]
    isolated = [key for key in nodes if degree.get(key, 0) == 0]
    ranked = sorted(nodes, key=lambda key: (key not in bridges, -touches.get(key, 0), key))
    keep = set(ranked[: NODE_CAP - min(len(isolated), ISOLATED_QUOTA)])
    keep |= set(isolated[: NODE_CAP - len(keep)])
    drawn = [
        _with(nodes[key], touches.get(key, 0), degree.get(key, 0) == 0, key in bridges)
        for key in sorted(keep, key=lambda key: (nodes[key].side, nodes[key].name))
    ]
    kept = [
        (source, target, tie)
        for (source, target), tie in weights.items()
        if source in keep and target in keep
    ]
    kept.sort(key=lambda edge: -edge[2]["n"])
    edges = [
        {
            "source": source,
            "target": target,
            "weight": tie["n"],
            "levels": {level: tie[level] for level in Level.values},
        }
        for source, target, tie in kept[:EDGE_CAP]
    ]
    return Network(drawn, edges, len(nodes), len(weights), len(bridges), len(isolated))


def _with(node: Node, touchpoints: int, isolated: bool, bridge: bool) -> Node:
    return Node(
        node.key, node.id, node.name, node.side, node.location, touchpoints, isolated, bridge
    )


def _business_nodes(workspace_id: int, filters: Filters, depth: int) -> dict[str, Node]:
    """Business units at ``depth`` whose subtree holds a unit matching the filters."""
    units = filters.business_units(
        OrgUnit.objects.filter(
            workspace_id=workspace_id, side=Side.BUSINESS, is_active=True, depth__gte=depth
        )
    )
    matching = set(
        units.annotate(ancestor=ancestor_at("path", depth))
        .values_list("ancestor", flat=True)
        .distinct()
        .order_by()
    )
    at_depth = OrgUnit.objects.filter(
        workspace_id=workspace_id, side=Side.BUSINESS, is_active=True, depth=depth
    ).values_list("id", "name", "location__name")
    return {
        f"b{pk}": Node(f"b{pk}", pk, name, Side.BUSINESS, location or "")
        for pk, name, location in at_depth
        if str(pk) in matching
    }


def _it_nodes(workspace_id: int, team_depth: int) -> dict[str, Node]:
    teams = OrgUnit.objects.filter(
        workspace_id=workspace_id, side=Side.IT, is_active=True, depth=team_depth
    )
    return {
        f"t{pk}": Node(f"t{pk}", pk, name, Side.IT, location or "")
        for pk, name, location in teams.values_list("id", "name", "location__name")
    }
