"""The network map's articulation points are networkx's, on any graph."""

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.dashboard.articulation import articulation_points
from tests.conftest import examples

edges = st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=90)


def adjacency(pairs: list[tuple[int, int]]) -> dict[int, list[int]]:
    neighbours: dict[int, list[int]] = {}
    for a, b in {tuple(sorted(pair)) for pair in pairs if pair[0] != pair[1]}:
        neighbours.setdefault(a, []).append(b)
        neighbours.setdefault(b, []).append(a)
    neighbours.setdefault(99, [])  # a node without edges is never one
    return neighbours


@settings(max_examples=examples(400))
@given(edges)
def test_it_finds_the_articulation_points_networkx_finds(pairs: list[tuple[int, int]]) -> None:
    neighbours = adjacency(pairs)
    graph: nx.Graph[int] = nx.Graph()
    graph.add_edges_from((a, b) for a, linked in neighbours.items() for b in linked)
    assert articulation_points(neighbours) == set(nx.articulation_points(graph))


def test_a_path_is_cut_at_its_inner_nodes_and_a_cycle_nowhere() -> None:
    path = {1: [2], 2: [1, 3], 3: [2, 4], 4: [3]}
    cycle = {1: [2, 4], 2: [1, 3], 3: [2, 4], 4: [3, 1]}
    star = {0: [1, 2, 3], 1: [0], 2: [0], 3: [0]}
    assert articulation_points(path) == {2, 3}
    assert articulation_points(cycle) == set()
    assert articulation_points(star) == {0}


def test_it_agrees_on_a_network_map_sized_bipartite_graph() -> None:
    import random

    rng = random.Random(7)
    pairs = [(rng.randrange(300), 1000 + rng.randrange(200)) for _ in range(700)]
    neighbours = adjacency(pairs)
    graph: nx.Graph[int] = nx.Graph()
    graph.add_edges_from(pairs)
    expected = set(nx.articulation_points(graph))
    assert expected and articulation_points(neighbours) == expected
