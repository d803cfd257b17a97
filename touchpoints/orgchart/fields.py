"""Reading mapped fields out of a row of raw cells."""

from dataclasses import dataclass

from .cells import clean_code, clean_text, parse_side
from .chart import Problem, Side


@dataclass(frozen=True, slots=True)
class FieldReader:
    """Where each mapped field sits in a row; absent fields read as empty."""

    positions: dict[str, int]
    mapping: dict[str, str]

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
        return clean_code(self.raw(cells, field))

    def text(self, cells: list[str], field: str) -> str:
        return clean_text(self.raw(cells, field))

    def side(self, cells: list[str], row: int, problems: list[Problem]) -> Side | None:
        written = self.text(cells, "side")
        side = parse_side(written)
        if written and side is None:
            message = (
                f"The side '{written}' is not understood (expected IT or business, "
                "yes or no, true or false); it is left unset."
            )
            problems.append(Problem(row, "warning", message))
        return side

    def column(self, field: str) -> str:
        return self.mapping.get(field, field)
