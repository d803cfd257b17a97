"""GAP-08's articulation points are networkx's, found in networkx's order, on any graph."""

import random

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.slope import score_scenario
from assessments.slope.articulation import articulation_points, neighbours
from assessments.slope.model import BusinessUnit, ITTeam, Scenario, TouchPoint
from tests.conftest import examples

# Loops and a pair given both ways round included: the lists must not differ from the graph.
pairs = st.lists(st.tuples(st.integers(0, 25).map(str), st.integers(0, 25).map(str)), max_size=80)


def networkx_order(edges: list[tuple[str, str]]) -> list[str]:
    graph: nx.Graph[str] = nx.Graph()
    graph.add_edges_from(edges)
    return list(nx.articulation_points(graph))


@settings(max_examples=examples(500))
@given(pairs)
def test_it_finds_networkx_points_in_networkx_order(edges: list[tuple[str, str]]) -> None:
    assert list(articulation_points(neighbours(edges))) == networkx_order(edges)


def test_a_path_is_cut_at_its_inner_nodes_a_cycle_nowhere_a_star_at_its_hub() -> None:
    assert list(articulation_points(neighbours([("a", "b"), ("b", "c"), ("c", "d")]))) == [
        "c",
        "b",
    ]
    assert list(articulation_points(neighbours([("a", "b"), ("b", "c"), ("c", "a")]))) == []
    assert list(articulation_points(neighbours([("h", "x"), ("h", "y"), ("h", "z")]))) == ["h"]


def test_it_agrees_on_a_sparse_business_it_graph_with_many_cut_points() -> None:
    rng = random.Random(15)
    edges = [(f"b{rng.randrange(400)}", f"t{rng.randrange(60)}") for _ in range(500)]
    expected = networkx_order(edges)
    assert len(expected) > 20
    assert list(articulation_points(neighbours(edges))) == expected


def test_gap_08_lists_teams_of_one_name_in_the_order_networkx_finds_them() -> None:
    # Two teams both called "Hub" each hold a business unit on: their gaps sort equal.
    units = tuple(BusinessUnit(f"b{i}", f"Unit {i}", "London") for i in range(4))
    teams = (ITTeam("t9", "Hub", "London"), ITTeam("t1", "Hub", "London"))
    links = [("b0", "t9"), ("b1", "t9"), ("b2", "t1"), ("b3", "t1"), ("b1", "t1")]
    touch_points = tuple(
        TouchPoint(str(i), unit, team, "operational", channel="service_desk", frequency="weekly")
        for i, (unit, team) in enumerate(links)
    )
    result = score_scenario(Scenario(units, teams, touch_points))
    hubs = [
        gap.subject.it_team.id for gap in result.gaps if gap.rule == "GAP-08" if gap.subject.it_team
    ]
    assert hubs == [team for team in networkx_order(links) if team.startswith("t")]
    assert sorted(hubs) == ["t1", "t9"]
