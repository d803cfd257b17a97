"""What every benchmark reports, the same way: a figure beside its anchor measured in the same run.

A figure alone says little on a shared machine; the ratio to an anchor (a bare logged-in view,
a single SQL aggregate pass over the same touch points, a PostgreSQL COPY of the same rows)
compares across machines and loads. Scripts that take ``--json FILE`` write

    {"measures": [{"name", "median_s", "min_s", "max_s", "anchor", "anchor_median_s", "ratio",
                   "peak_mb"}], "postgres": {...}}

and benchmarks/run_all.py merges them. This module needs no Django.
"""

from __future__ import annotations

import json
import resource
import statistics
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

# What the figures depend on beyond the code: printed and written with every run.
POSTGRES_SETTINGS = (
    "server_version",
    "shared_buffers",
    "work_mem",
    "maintenance_work_mem",
    "effective_cache_size",
    "jit",
    "max_parallel_workers_per_gather",
    "random_page_cost",
    "synchronous_commit",
    "fsync",
)


@dataclass(frozen=True, slots=True)
class Measure:
    """One figure: its times (seconds) and its anchor's median, measured in the same run."""

    name: str
    median_s: float
    min_s: float
    max_s: float
    anchor: str
    anchor_median_s: float | None
    ratio: float | None
    peak_mb: float | None = None

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def measure(
    name: str,
    times: Sequence[float],
    anchor: str,
    anchor_times: Sequence[float],
    peak_mb: float | None = None,
) -> Measure:
    """The median, min and max of ``times`` and their ratio to the anchor's median."""
    median = statistics.median(times)
    anchor_median = statistics.median(anchor_times) if anchor_times else None
    ratio = median / anchor_median if anchor_median else None
    return Measure(name, median, min(times), max(times), anchor, anchor_median, ratio, peak_mb)


def timed(run: Callable[[], object], repeat: int) -> list[float]:
    """Wall times of ``repeat`` calls of ``run``."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return times


def peak_rss_mb() -> float:
    """The process's peak resident memory so far (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def postgres_settings(cursor: Any) -> dict[str, str]:
    """The server settings a figure depends on, read with SHOW (``cursor``: a DB-API cursor)."""
    found = {}
    for name in POSTGRES_SETTINGS:
        cursor.execute(f"SHOW {name}")
        found[name] = str(cursor.fetchone()[0])
    return found


def settings_line(found: Mapping[str, str]) -> str:
    return "PostgreSQL: " + ", ".join(f"{name} {value}" for name, value in found.items())


def write_json(path: Path, measures: Iterable[Measure], postgres: Mapping[str, str]) -> None:
    data = {"measures": [m.as_json() for m in measures], "postgres": dict(postgres)}
    path.write_text(json.dumps(data, indent=2) + "\n")


def _shown(value: object, spec: str, width: int, suffix: str = "") -> str:
    if isinstance(value, int | float):
        return f"{value:{spec}}{suffix}".rjust(width)
    return "-".rjust(width)


def format_row(m: Mapping[str, Any]) -> str:
    """One line of the table run_all.py and the scripts print."""
    times = " ".join(_shown(m.get(key), ".3f", 8) for key in ("median_s", "min_s", "max_s"))
    anchor = str(m.get("anchor") or "-")
    return (
        f"{m['name']:<34} {times}  {anchor:<22} {_shown(m.get('anchor_median_s'), '.3f', 8)}"
        f" {_shown(m.get('ratio'), '.1f', 8, 'x')} {_shown(m.get('peak_mb'), '.0f', 7)}"
    )


HEADER = (
    f"{'measure':<34} {'median s':>8} {'min s':>8} {'max s':>8}  {'anchor':<22} "
    f"{'anchor s':>8} {'ratio':>8} {'peak MB':>7}"
)


def print_table(measures: Iterable[Mapping[str, Any]]) -> None:
    print(HEADER)
    for m in measures:
        print(format_row(m), flush=True)
