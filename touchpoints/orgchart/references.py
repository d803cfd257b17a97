"""Rows with no ids of their own that point at units: headcount, vacancies, people lists.

A UK organogram's junior sheet is the model: each row is N FTE at a grade under a senior post.
Such rows are not units, and read as a new tree they would retire the whole org chart; the
importer says what they are instead.
"""

from .cells import clean_code, strip_cell
from .meaning import header_words, is_count
from .table import Table


def rows_without_ids_message(table: Table, column: str) -> str:
    position = table.columns.index(column)
    pointed = {clean_code(cells[position]) for cells in table.rows if position < len(cells)} - {""}
    counted = _counted(table)
    what = f"{len(table.rows)} rows"
    if counted is not None:
        count_column, total = counted
        shown = f"{total:,.2f}".rstrip("0").rstrip(".")
        what += f" ({shown} in all in '{count_column}')"
    return (
        f"The file's rows have no ids of their own: each points at a unit through '{column}' "
        f"({len(pointed)} distinct units). They look like headcount or vacancy rows under "
        f"existing units, not units, so nothing is imported and the org chart stays as it "
        f"is. Read: {what}. To import units, map a column of the rows' own ids with code=COLUMN."
    )


def _counted(table: Table) -> tuple[str, float] | None:
    """The first column that counts posts or people ("Number of Posts in FTE"), summed."""
    for position, column in enumerate(table.columns):
        if is_count(header_words(column)):
            return column, sum(_number(cells, position) for cells in table.rows)
    return None


def _number(cells: list[str], position: int) -> float:
    try:
        return float(strip_cell(cells[position])) if position < len(cells) else 0.0
    except ValueError:
        return 0.0
