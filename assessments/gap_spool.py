"""A report's gaps streamed to a temporary file once, then read back by each file that lists them.

The report job writes five files and the Gap table from the same gaps in the same order. Holding
them as one list of rows (with each gap's evidence) grows with the gaps asked for; here each row
is pickled to a temporary file as the engine's gaps are turned into rows, and every reader
(CSV, XLSX, HTML, board pack, the COPY into the Gap table) streams them back from its start.
Only the counts the report needs before any file is written stay in memory.
"""

from __future__ import annotations

import pickle
import tempfile
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from typing import IO

from assessments.rows import GapRow


class GapSpool(Collection[GapRow]):
    """Gap rows in a temporary file: iterate as often as needed, each pass from the first."""

    def __init__(self, rows: Iterable[GapRow]) -> None:
        self.file: IO[bytes] = tempfile.NamedTemporaryFile(suffix=".gaps")  # noqa: SIM115
        self.severities: Counter[str] = Counter()
        self.count = 0
        for row in rows:
            # A pickle of its own per row: one pickler for all would keep every row it wrote
            # (its memo shares repeated objects), and clearing that memo breaks the reading.
            pickle.dump(tuple(row), self.file, pickle.HIGHEST_PROTOCOL)
            self.severities[row.severity] += 1
            self.count += 1

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[GapRow]:
        self.file.flush()
        # Each pass opens the file anew (its own position), so two readers may interleave.
        with open(self.file.name, "rb") as reader:
            for _ in range(self.count):
                yield GapRow._make(pickle.load(reader))

    def __contains__(self, row: object) -> bool:
        return any(row == mine for mine in self)

    def close(self) -> None:
        self.file.close()
