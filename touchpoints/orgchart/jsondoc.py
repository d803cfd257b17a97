"""JSON exports: a flat list of objects, a tree nested by `children`, or either under a key."""

import json
from collections.abc import Iterator
from typing import Any, Final

from .cells import cell_to_text
from .chart import Problem
from .columns import header_key, name_columns
from .limits import capped
from .table import Table, Unreadable

# Not "units" or "items": those name the list a wrapper object holds (`{"units": [...]}`).
_CHILDREN_KEYS: Final = ("children", "subunits", "sub_units", "child_units")
_LIST_KEYS: Final = (
    "units",
    "data",
    "items",
    "records",
    "rows",
    "nodes",
    "org_units",
    "orgunits",
    "departments",
    "employees",
    "people",
    "results",
)


def read_json(text: str) -> Table:
    try:
        document = json.loads(text)
    except RecursionError:
        raise Unreadable("The JSON is nested too deeply to read.") from None
    except ValueError as error:
        raise Unreadable(f"The file is not valid JSON: {error}.") from None
    items = _top_level_items(document)
    objects, parents, problems = _flatten(items)
    if not objects:
        raise Unreadable("The JSON holds no objects to import.")
    keys = _keys_in_order(objects)
    columns, header_problems = name_columns(keys, None)
    table = Table("json", columns, [], [], header_problems + problems)
    table.rows = list(capped(([_scalar_text(obj.get(key)) for key in keys] for obj in objects), 1))
    table.row_numbers = list(range(1, len(objects) + 1))
    if any(parent is not None for parent in parents):
        table.nesting_parents = parents
    return table


def _top_level_items(document: Any) -> list[Any]:
    if isinstance(document, list):
        return document
    if not isinstance(document, dict):
        raise Unreadable("The JSON is a single value, not a list of units.")
    if _children_of(document) is not None:
        return [document]  # the root node of a nested tree
    lists = {key: value for key, value in document.items() if isinstance(value, list)}
    for key, value in lists.items():
        if header_key(key) in _LIST_KEYS:
            return value
    if len(lists) == 1:
        return next(iter(lists.values()))
    if not lists:
        raise Unreadable("The JSON is an object without a list of units in it.")
    raise Unreadable(
        "The JSON object holds several lists ("
        + ", ".join(f"'{key}'" for key in lists)
        + "); put the units under a key called 'units'."
    )


def _children_of(obj: dict[str, Any]) -> list[Any] | None:
    for key, value in obj.items():
        if header_key(key) in _CHILDREN_KEYS and isinstance(value, list):
            return value
    return None


def _flatten(
    items: list[Any],
) -> tuple[list[dict[str, Any]], list[int | None], list[Problem]]:
    """Objects in document order (a parent before its children) with the index of each parent.

    Iterative, because a chart can be nested deeper than Python's recursion limit.
    """
    objects: list[dict[str, Any]] = []
    parents: list[int | None] = []
    problems: list[Problem] = []
    for item, parent in _walk(items):
        if not isinstance(item, dict):
            message = f"An item of the JSON is a {type(item).__name__}, not an object; skipped."
            problems.append(Problem(None, "warning", message))
            continue
        objects.append(item)
        parents.append(parent)
    return objects, parents, problems


def _walk(items: list[Any]) -> Iterator[tuple[Any, int | None]]:
    stack: list[tuple[Any, int | None]] = [(item, None) for item in reversed(items)]
    index = 0
    while stack:
        item, parent = stack.pop()
        yield item, parent
        if isinstance(item, dict):
            children = _children_of(item) or []
            stack.extend((child, index) for child in reversed(children))
            index += 1


def _keys_in_order(objects: list[dict[str, Any]]) -> list[str]:
    keys: dict[str, None] = {}
    for obj in objects:
        for key, value in obj.items():
            if not (header_key(key) in _CHILDREN_KEYS and isinstance(value, list)):
                keys.setdefault(key, None)
    return list(keys)


def _scalar_text(value: Any) -> str:
    """Nested objects and lists in a field carry nothing a unit can use."""
    return "" if isinstance(value, dict | list) else cell_to_text(value)
