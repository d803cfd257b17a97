"""The tree to draw (unit_tree) and the IT-name suggestions (it_names): plain functions."""

from collections.abc import Iterable

import pytest

from touchpoints.it_names import it_reason
from touchpoints.unit_tree import MAX_DRAWN_LEVELS, Item, Node, build_forest


def items(*rows: tuple[str, str | None, str]) -> list[Item]:
    return [Item(key, parent, name, key) for key, parent, name in rows]


CHART = items(
    ("G", None, "Group"), ("F", "G", "Finance"), ("P", "F", "Payroll"), ("T", "F", "Tax"),
    ("S", "G", "Sales"), ("X", None, "Other root"),
)  # fmt: skip


def drawn(nodes: Iterable[Node]) -> list[str]:
    """Keys in drawing order (depth first)."""
    return [key for node in nodes for key in [node.item.key, *drawn(node.children)]]


def test_a_forest_counts_its_branches_roots_and_levels() -> None:
    forest = build_forest(CHART)
    assert (forest.units, forest.root_count, forest.depth, forest.shown) == (6, 2, 3, 6)
    group = forest.roots[0]
    assert (group.size, group.children[0].size, group.open) == (5, 3, True)
    assert not group.children[0].open  # below the roots, branches start folded


def test_a_search_keeps_the_matches_and_opens_the_way_to_them() -> None:
    forest = build_forest(CHART, "tax")
    assert (forest.matches, forest.shown) == (1, 3)
    assert drawn(forest.roots) == ["G", "F", "T"]
    finance = forest.roots[0].children[0]
    assert finance.open and finance.hidden_below == 1  # Payroll is not drawn
    assert finance.children[0].match


def test_a_large_chart_draws_its_top_levels_within_the_limit() -> None:
    rows = [("R", None, "Root")] + [(f"C{i}", "R", f"Child {i}") for i in range(10)]
    rows += [(f"L{i}", f"C{i % 10}", f"Leaf {i}") for i in range(100)]
    forest = build_forest(items(*rows), limit=50)
    assert (forest.units, forest.shown, forest.is_capped) == (111, 11, True)
    assert forest.roots[0].children[0].hidden_below == 10


def test_a_very_deep_chain_is_drawn_only_so_deep() -> None:
    rows = [("0", None, "n0")] + [(str(i), str(i - 1), f"n{i}") for i in range(1, 3000)]
    forest = build_forest(items(*rows))
    assert forest.depth == 3000 and forest.shown == MAX_DRAWN_LEVELS
    deep = build_forest(items(*rows), "n2999")
    assert deep.matches == 1 and deep.shown == 0  # too deep to draw, said by the count


@pytest.mark.parametrize(
    ("name", "reason"),
    [("IT Services", "IT"), ("ICT", "ICT"), ("Office of the CIO", "CIO"),
     ("Information Technology", "Information Technology"), ("Digital Delivery", "Digital"),
     ("Direction des Systèmes d'Information", "Systèmes d'Information"),
     ("Informatique", "Informatique"), ("Abteilung Informatik", "Informatik"),
     ("Diretoria de TI", "TI"), ("DSI", "DSI"), ("Sistemas", "Sistemas"),
     ("Tecnologia da Informação", "Tecnologia"), ("Finance", ""), ("Audit", ""),
     ("it happens", ""), ("Digit Counting", "")],
)  # fmt: skip
def test_names_that_look_like_it(name: str, reason: str) -> None:
    assert it_reason(name) == reason
