"""The articulation points of the business-IT graph, in the order networkx finds them, on plain
adjacency lists.

GAP-08 lists its gaps in gap order, and gaps whose sort keys are equal (two teams of the same
name) in the order their units were found: networkx.articulation_points' order, which is that of
its depth-first search over its graph. The search below is networkx's (Hopcroft and Tarjan,
iterative, as in networkx 3's ``_biconnected_dfs``) over lists in the order networkx's graph
would hold them (the scope index's partners are), so it finds the same points in the same order.
networkx's graph of dictionaries of every connected pair held some 30 MB at 300,000 touch points.
"""

from collections.abc import Iterator, Mapping, Sequence


def articulation_points(adjacency: Mapping[str, Sequence[str]]) -> Iterator[str]:
    """The nodes whose removal leaves more connected components, each once, in the order of
    ``networkx.articulation_points`` on the graph ``adjacency`` lists: nodes in the order the
    graph holds them, each one's neighbours in the graph's order too (a neighbour listed twice
    changes nothing: its second sight finds it visited)."""
    seen: set[str] = set()
    visited: set[str] = set()
    for start in adjacency:
        if start in visited:
            continue
        visited.add(start)
        for point in _cut_points(adjacency, start, visited):
            if point not in seen:
                seen.add(point)
                yield point


def _cut_points(
    adjacency: Mapping[str, Sequence[str]], start: str, visited: set[str]
) -> Iterator[str]:
    """The cut points of ``start``'s component as networkx's search yields them (a point may
    come once for each part it cuts off); marks the component visited."""
    discovery = {start: 0}
    low = {start: 0}
    root_children = 0
    stack = [(start, start, iter(adjacency[start]))]
    while stack:
        grandparent, parent, children = stack[-1]
        for child in children:
            if child == grandparent:
                continue
            if child in visited:
                if discovery[child] <= discovery[parent]:  # a back edge
                    low[parent] = min(low[parent], discovery[child])
                continue
            low[child] = discovery[child] = len(discovery)
            visited.add(child)
            stack.append((parent, child, iter(adjacency[child])))
            break
        else:
            stack.pop()
            if len(stack) > 1:
                if low[parent] >= discovery[grandparent]:
                    yield grandparent
                low[grandparent] = min(low[parent], low[grandparent])
            elif stack:  # the parent was a child of the root
                root_children += 1
    if root_children > 1:
        yield start
