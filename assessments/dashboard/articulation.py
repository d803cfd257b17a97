"""Articulation points (cut vertices) of an undirected graph given as adjacency lists.

Hopcroft and Tarjan's depth-first search, iterative, on the lists the network map has already
built: at 50,000 ties networkx spent two thirds of its time copying them into its own graph of
dictionaries before the same search. Plain Python, no Django.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence


def articulation_points(neighbours: Mapping[int, Sequence[int]]) -> set[int]:
    """The nodes whose removal leaves more connected components than before. ``neighbours``
    lists each edge in both directions, once; nodes are non-negative ints."""
    order: dict[int, int] = {}  # discovery order
    low: dict[int, int] = {}  # the earliest node reachable through the node's subtree
    found: set[int] = set()
    for root, linked in neighbours.items():
        if root in order or not linked:
            continue
        order[root] = low[root] = len(order)
        children_of_root = 0
        stack: list[tuple[int, int, Iterator[int]]] = [(root, -1, iter(linked))]
        while stack:
            node, parent, edges = stack[-1]
            for other in edges:
                if other == parent:
                    continue
                if other in order:
                    low[node] = min(low[node], order[other])
                    continue
                order[other] = low[other] = len(order)
                stack.append((other, node, iter(neighbours[other])))
                break
            else:
                stack.pop()
                if parent == -1:
                    continue
                if parent == root:
                    children_of_root += 1
                elif low[node] >= order[parent]:
                    found.add(parent)
                low[parent] = min(low[parent], low[node])
        if children_of_root > 1:
            found.add(root)
    return found
