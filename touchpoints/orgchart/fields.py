"""Reading mapped fields out of a row of raw cells.

A file repeats most of its cells (departments, managers, locations, titles), so each reader
cleans a distinct cell once per kind and looks the rest up: at 50,000 people cleaning was
most of the parse. A people file is read a column at a time (`code_column`, `text_column`):
a field's cells are gathered and looked up by list comprehension and map, not a method call
per cell, which was still half the parse at 500,000 cells.
"""

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .cells import clean_code, clean_text, parse_side
from .chart import Problem, Side


@dataclass(frozen=True, slots=True)
class FieldReader:
    """Where each mapped field sits in a row; absent fields read as empty."""

    positions: dict[str, int]
    mapping: dict[str, str]
    # Cleaned cells by raw cell, one memo per cleaning (a code keeps what a text collapses).
    codes: dict[str, str] = dataclasses.field(default_factory=dict)
    texts: dict[str, str] = dataclasses.field(default_factory=dict)

    @classmethod
    def for_mapping(cls, columns: list[str], mapping: dict[str, str]) -> "FieldReader":
        positions = {field: columns.index(column) for field, column in mapping.items()}
        return cls(positions, mapping)

    def has(self, field: str) -> bool:
        return field in self.positions

    def raw(self, cells: list[str], field: str) -> str:
        position = self.positions.get(field)
        return cells[position] if position is not None and position < len(cells) else ""

    def code(self, cells: list[str], field: str) -> str:
        return self._cleaned(cells, field, self.codes, clean_code)

    def text(self, cells: list[str], field: str) -> str:
        return self._cleaned(cells, field, self.texts, clean_text)

    def _cleaned(
        self, cells: list[str], field: str, memo: dict[str, str], clean: Callable[[str], str]
    ) -> str:
        position = self.positions.get(field)
        if position is None or position >= len(cells):
            return ""
        raw = cells[position]
        cleaned = memo.get(raw)
        if cleaned is None:
            cleaned = memo[raw] = clean(raw)
        return cleaned

    def raw_column(self, rows: Sequence[list[str]], field: str) -> list[str]:
        """The field's cell of every row as written ("" where the row or the file has none)."""
        position = self.positions.get(field)
        if position is None:
            return [""] * len(rows)
        return [cells[position] if position < len(cells) else "" for cells in rows]

    def code_column(self, rows: Sequence[list[str]], field: str) -> list[str]:
        return self._cleaned_column(rows, field, self.codes, clean_code)

    def text_column(self, rows: Sequence[list[str]], field: str) -> list[str]:
        return self._cleaned_column(rows, field, self.texts, clean_text)

    def _cleaned_column(
        self,
        rows: Sequence[list[str]],
        field: str,
        memo: dict[str, str],
        clean: Callable[[str], str],
    ) -> list[str]:
        if field not in self.positions:
            return [""] * len(rows)
        raws = self.raw_column(rows, field)
        for raw in set(raws).difference(memo):
            memo[raw] = clean(raw)
        return list(map(memo.__getitem__, raws))

    def side(self, cells: list[str], row: int, problems: list[Problem]) -> Side | None:
        return self.side_of(self.text(cells, "side"), row, problems)

    def side_of(self, written: str, row: int, problems: list[Problem]) -> Side | None:
        """The side a cleaned cell says; a warning on `row` when it says none."""
        if not written:
            return None
        side = parse_side(written)
        if side is None:
            message = (
                f"The side '{written}' is not understood (expected IT or business, "
                "yes or no, true or false); it is left unset."
            )
            problems.append(Problem(row, "warning", message))
        return side

    def column(self, field: str) -> str:
        return self.mapping.get(field, field)
