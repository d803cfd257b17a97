"""Rows fed to PostgreSQL's COPY ... FROM STDIN as CSV, written a batch at a time as the driver
reads them.

The driver calls ``read`` until it gives nothing and sends each batch as it comes, so the
database parses and indexes one batch while Python writes the next (on two cores, most of the
CSV's cost hides behind the COPY), and the whole text is never held at once.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from itertools import islice

ROWS_A_READ = 500


class CsvStream:
    """A file of the rows as CSV. With ``null_unquoted``, None is written as an unquoted empty
    field, which COPY reads as NULL, and every other value is quoted (so "" stays "")."""

    def __init__(self, rows: Iterable[Sequence[object]], *, null_unquoted: bool = False) -> None:
        self.rows = iter(rows)
        self.count = 0  # rows written so far
        self.buffer = io.StringIO()
        if null_unquoted:
            self.writer = csv.writer(self.buffer, quoting=csv.QUOTE_NOTNULL, lineterminator="\n")
        else:
            self.writer = csv.writer(self.buffer, lineterminator="\n")

    def read(self, size: int = 8192) -> str:
        """The CSV lines of the next rows (more than ``size`` characters, as the driver
        allows); "" when there are none."""
        batch = list(islice(self.rows, ROWS_A_READ))
        if not batch:
            return ""
        self.buffer.seek(0)
        self.buffer.truncate()
        self.writer.writerows(batch)
        self.count += len(batch)
        return self.buffer.getvalue()
