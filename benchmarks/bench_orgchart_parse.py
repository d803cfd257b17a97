"""Time the org-chart parser alone (no database) on large generated exports.

    .venv/bin/python benchmarks/bench_orgchart_parse.py [--folder DIR] [--seed 7] [--repeat 3]

Generates the files with make_orgchart_files.py into DIR (a temporary folder by default) unless
they are already there, then prints, per file: best wall time of --repeat parses, rows per
second, units, roots, problems, and the peak memory traced during one more parse.
"""

import argparse
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_orgchart_files import write_people, write_units

from touchpoints.orgchart import ParsedChart, parse_orgchart

FILES = ("people-by-manager.csv", "units-by-parent.csv")


def ensure_files(folder: Path, seed: int) -> None:
    if all((folder / name).exists() for name in FILES):
        return
    rng = random.Random(seed)
    write_people(folder / FILES[0], 50_000, rng)
    write_units(folder / FILES[1], 20_000, rng)


def best_time(data: bytes, name: str, repeat: int) -> tuple[float, ParsedChart]:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        chart = parse_orgchart(data, name)
        timings.append(time.perf_counter() - started)
    return min(timings), chart


def peak_memory_mib(data: bytes, name: str) -> float:
    tracemalloc.start()
    parse_orgchart(data, name)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def report(path: Path, repeat: int) -> None:
    data = path.read_bytes()
    seconds, chart = best_time(data, path.name, repeat)
    print(
        f"{path.name}: {chart.source_rows} rows ({len(data) / 2**20:.1f} MiB) in {seconds:.3f} s"
        f" = {chart.source_rows / seconds:,.0f} rows/s; shape {chart.shape}, "
        f"{len(chart.units)} units, {chart.roots} roots, {len(chart.errors)} errors, "
        f"{len(chart.warnings)} warnings; peak {peak_memory_mib(data, path.name):.0f} MiB traced"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.folder or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        ensure_files(folder, args.seed)
        for name in FILES:
            report(folder / name, args.repeat)


if __name__ == "__main__":
    main()
