"""Time the calendar reader alone (no database) on a generated year of an organisation.

    nice -n 10 .venv/bin/python benchmarks/bench_calendar_reader.py [--people 2000]
        [--occurrences 100000] [--files 20] [--json FILE]

Writes about --occurrences meeting occurrences (tests/meetings/calendars.busy_year) of --people
people into --files .ics files zipped together, then reads the zip with read_calendar_files
over the year in a fresh process: wall time, occurrences per second, the process's peak memory
(VmHWM, reported as peak_mb) and the peak traced by tracemalloc. The anchor is parsing the
same files with icalendar alone (Calendar.from_ical, no expansion), measured in the same run.
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from icalendar import Calendar

from tests.meetings.calendars import busy_year, ics_bytes, zip_bytes
from touchpoints.meetings.occurrence import SkipReport
from touchpoints.meetings.reading import read_calendar_files

SINCE = datetime(2025, 1, 6, tzinfo=UTC)
UNTIL = datetime(2026, 1, 5, tzinfo=UTC)


def make_zip(people: int, occurrences: int, files: int) -> bytes:
    emails = [f"person{index}@example.com" for index in range(people)]
    meetings = busy_year(emails, occurrences=occurrences)
    parts = {f"calendar-{n}.ics": ics_bytes(*meetings[n::files]) for n in range(files)}
    return zip_bytes(parts)


def read(data: bytes) -> tuple[float, int, SkipReport]:
    report = SkipReport()
    started = time.perf_counter()
    found = read_calendar_files([("year.zip", data)], since=SINCE, until=UNTIL, report=report)
    count = sum(1 for _ in found)
    return time.perf_counter() - started, count, report


def anchor(data: bytes) -> float:
    """icalendar's parse of every member, no expansion: the floor any reader built on it has."""
    started = time.perf_counter()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            Calendar.from_ical(archive.read(name).decode())
    return time.perf_counter() - started


def peak_rss_mb() -> float:
    """The process's peak resident memory (VmHWM; ru_maxrss would count the parent's, as a
    child process inherits it on Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_in_this_process(path: Path) -> dict[str, float]:
    """Run in a fresh process, so that its peak memory is the reader's and not the generator's."""
    data = path.read_bytes()
    rss_before = peak_rss_mb()
    seconds, count, report = read(data)
    rss_after = peak_rss_mb()
    anchor_s = anchor(data)
    tracemalloc.start()
    read(data)
    traced_mb = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return {
        "seconds": seconds,
        "count": count,
        "skipped": sum(report.counts.values()),
        "anchor_s": anchor_s,
        "rss_before_mb": rss_before,
        "rss_after_mb": rss_after,
        "traced_mb": traced_mb,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--occurrences", type=int, default=100_000)
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure_in_this_process(args.measure)))
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "year.zip"
        path.write_bytes(make_zip(args.people, args.occurrences, args.files))
        size_mb = path.stat().st_size / 2**20
        child = [sys.executable, __file__, "--measure", str(path)]
        got = json.loads(subprocess.run(child, check=True, capture_output=True).stdout)
    print(
        f"{got['count']:,} occurrences ({got['skipped']:,} skipped) from {args.files} .ics files "
        f"in a zip of {size_mb:.1f} MiB: {got['seconds']:.1f} s "
        f"= {got['count'] / got['seconds']:,.0f}/s; icalendar's parse alone {got['anchor_s']:.1f} s"
        f" (ratio {got['seconds'] / got['anchor_s']:.2f}); peak traced {got['traced_mb']:.0f} MiB;"
        f" process max RSS {got['rss_after_mb']:.0f} MiB ({got['rss_before_mb']:.0f} MiB before"
        " reading)"
    )
    if args.json:
        measure = {
            "name": "meetings.read_100k",
            "median_s": got["seconds"],
            "min_s": got["seconds"],
            "max_s": got["seconds"],
            "anchor": "icalendar.from_ical",
            "anchor_median_s": got["anchor_s"],
            "ratio": got["seconds"] / got["anchor_s"],
            "peak_mb": got["rss_after_mb"],
        }
        args.json.write_text(json.dumps({"measures": [measure]}, indent=2))


if __name__ == "__main__":
    main()
