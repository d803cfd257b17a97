"""GAP-08's articulation points are networkx's, found in networkx's order, and the scope index's
partners are the lists that search needs: networkx's adjacency of the connected pairs."""

import random
from collections.abc import Iterable

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.slope import score_scenario
from assessments.slope.articulation import articulation_points
from assessments.slope.index import build_index, with_current
from assessments.slope.model import BusinessUnit, ITTeam, Scenario, TouchPoint
from tests.conftest import examples

# Loops and a pair given both ways round included.
pairs = st.lists(st.tuples(st.integers(0, 25).map(str), st.integers(0, 25).map(str)), max_size=80)


def graph_of(edges: Iterable[tuple[str, str]]) -> "nx.Graph[str]":
    graph: nx.Graph[str] = nx.Graph()
    graph.add_edges_from(edges)
    return graph


def adjacency_of(graph: "nx.Graph[str]") -> dict[str, list[str]]:
    """The graph's nodes and each one's neighbours, in the graph's order."""
    return {node: list(graph[node]) for node in graph}


def with_repeats(edges: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Each edge appended at both ends as it comes: a repeated or reversed pair, or a loop,
    lists a neighbour twice."""
    adjacency: dict[str, list[str]] = {}
    for first, second in edges:
        adjacency.setdefault(first, [])
        adjacency.setdefault(second, [])
        adjacency[first].append(second)
        adjacency[second].append(first)
    return adjacency


@settings(max_examples=examples(500))
@given(pairs)
def test_it_finds_networkx_points_in_networkx_order(edges: list[tuple[str, str]]) -> None:
    graph = graph_of(edges)
    expected = list(nx.articulation_points(graph))
    assert list(articulation_points(adjacency_of(graph))) == expected
    assert list(articulation_points(with_repeats(edges))) == expected


def test_a_path_is_cut_at_its_inner_nodes_a_cycle_nowhere_a_star_at_its_hub() -> None:
    path = {"a": ["b"], "b": ["a", "c"], "c": ["b", "d"], "d": ["c"]}
    cycle = {"a": ["b", "c"], "b": ["a", "c"], "c": ["b", "a"]}
    star = {"h": ["x", "y", "z"], "x": ["h"], "y": ["h"], "z": ["h"]}
    assert list(articulation_points(path)) == ["c", "b"]
    assert list(articulation_points(cycle)) == []
    assert list(articulation_points(star)) == ["h"]


def test_it_agrees_on_a_sparse_business_it_graph_with_many_cut_points() -> None:
    rng = random.Random(15)
    graph = graph_of((f"b{rng.randrange(400)}", f"t{rng.randrange(60)}") for _ in range(500))
    expected = list(nx.articulation_points(graph))
    assert len(expected) > 20
    assert list(articulation_points(adjacency_of(graph))) == expected


def scenario_of(links: list[tuple[int, int]]) -> Scenario:
    units = tuple(BusinessUnit(f"b{i}", f"Unit {i}", "London") for i in range(8))
    teams = tuple(ITTeam(f"t{i}", f"Team {i}", "London") for i in range(5))
    touch_points = tuple(
        TouchPoint(str(n), f"b{b}", f"t{t}", "operational", "current", "service_desk", "weekly")
        for n, (b, t) in enumerate(links)
    )
    return Scenario(units, teams, touch_points)


links = st.lists(st.tuples(st.integers(0, 7), st.integers(0, 4)), max_size=30)


@settings(max_examples=examples(200))
@given(links, links)
def test_the_index_partners_are_networkx_adjacency_of_the_pairs(
    first: list[tuple[int, int]], then: list[tuple[int, int]]
) -> None:
    index = build_index(scenario_of(first))
    assert index.partners == adjacency_of(graph_of(index.pair_depth))
    added = scenario_of(first + then).touch_points[len(first) :]
    extended, _ = with_current(index, added)
    assert extended.partners == adjacency_of(graph_of(extended.pair_depth))
    assert extended.partners == build_index(scenario_of(first + then)).partners
    assert index.partners == adjacency_of(graph_of(index.pair_depth))  # left unchanged


def test_gap_08_lists_teams_of_one_name_in_the_order_networkx_finds_them() -> None:
    # Two teams both called "Hub" each hold a business unit on: their gaps sort equal.
    units = tuple(BusinessUnit(f"b{i}", f"Unit {i}", "London") for i in range(4))
    teams = (ITTeam("t9", "Hub", "London"), ITTeam("t1", "Hub", "London"))
    pairs_in_order = [("b0", "t9"), ("b1", "t9"), ("b2", "t1"), ("b3", "t1"), ("b1", "t1")]
    touch_points = tuple(
        TouchPoint(str(i), unit, team, "operational", "current", "service_desk", "weekly")
        for i, (unit, team) in enumerate(pairs_in_order)
    )
    result = score_scenario(Scenario(units, teams, touch_points))
    hubs = [g.subject.it_team.id for g in result.gaps if g.rule == "GAP-08" if g.subject.it_team]
    found = list(nx.articulation_points(graph_of(pairs_in_order)))
    assert hubs == [node for node in found if node.startswith("t")]
    assert sorted(hubs) == ["t1", "t9"]
