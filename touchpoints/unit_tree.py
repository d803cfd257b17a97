"""An org chart as a tree to show: branches with their sizes, a search, and a cap on what a page
draws (a 20,000-unit chart shows its top levels; a search shows the matches and their parents).
Plain data: the import preview builds it from the file, the org chart page from the database."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Final, NamedTuple

# Units a page draws at most; past that only the top levels are drawn.
TREE_LIMIT: Final = 1500
# Levels drawn at most: the page nests one element per level.
MAX_DRAWN_LEVELS: Final = 25


class Item(NamedTuple):
    """One unit, listed parents before children: `parent` is another item's key or None."""

    key: str
    parent: str | None
    name: str
    code: str
    detail: str = ""
    pk: int | None = None


@dataclass(slots=True)
class Node:
    item: Item
    level: int
    children: list[Node] = field(default_factory=list)
    size: int = 1  # units in the branch, itself included
    match: bool = False
    open: bool = False
    # Units below it that are not drawn (past the cap or outside the search).
    hidden_below: int = 0
    kept: bool = False


@dataclass(frozen=True, slots=True)
class Forest:
    roots: list[Node]
    units: int
    root_count: int
    depth: int
    shown: int
    query: str
    matches: int

    @property
    def is_capped(self) -> bool:
        return self.shown < self.units


def build_forest(items: Iterable[Item], query: str = "", limit: int = TREE_LIMIT) -> Forest:
    """The tree of `items`; with a `query`, only the units whose name or code holds it, and the
    branches that lead to them (opened)."""
    nodes: dict[str, Node] = {}
    roots: list[Node] = []
    for item in items:
        parent = nodes.get(item.parent) if item.parent is not None else None
        node = Node(item, parent.level + 1 if parent else 1)
        nodes[item.key] = node
        (parent.children if parent else roots).append(node)
    ordered = list(nodes.values())
    for node in reversed(ordered):  # children come after their parents
        node.size = 1 + sum(child.size for child in node.children)
    depth = max((node.level for node in ordered), default=0)
    wanted = query.strip().casefold()
    if wanted:
        shown, matches = _search(roots, ordered, wanted, limit)
    else:
        shown, matches = _cap(roots, ordered, limit), 0
    return Forest(roots, len(ordered), len(roots), depth, shown, query.strip(), matches)


def _cap(roots: list[Node], ordered: list[Node], limit: int) -> int:
    """Draw the deepest levels that keep the tree within `limit`; roots stay open."""
    per_level = Counter(node.level for node in ordered)
    drawn, deepest = 0, 1
    for level in sorted(per_level):
        if level > 1 and (drawn + per_level[level] > limit or level > MAX_DRAWN_LEVELS):
            break
        drawn += per_level[level]
        deepest = level
    for node in ordered:
        if node.level == deepest and node.children:
            node.hidden_below = node.size - 1
            node.children = []
    for root in roots:
        root.open = True
    return drawn


def _search(roots: list[Node], ordered: list[Node], wanted: str, limit: int) -> tuple[int, int]:
    """Keep the first `limit` matches and their ancestors, opened; return (kept, matches)."""
    matches = 0
    for node in ordered:
        node.match = wanted in node.item.name.casefold() or wanted in node.item.code.casefold()
        if node.match:
            matches += 1
            node.kept = matches <= limit and node.level <= MAX_DRAWN_LEVELS
    for node in reversed(ordered):  # children before parents
        below = node.size - 1
        node.children = [child for child in node.children if child.kept]
        node.hidden_below = below - sum(child.size for child in node.children)
        node.open = bool(node.children)
        node.kept = node.kept or node.open
    roots[:] = [root for root in roots if root.kept]
    return sum(1 for node in ordered if node.kept), matches
