"""Time the calendar reader alone (no database) on a generated year of an organisation.

    nice -n 10 .venv/bin/python benchmarks/bench_calendar_reader.py [--people 2000]
        [--occurrences 100000] [--files 20] [--json FILE]

Writes about --occurrences meeting occurrences (tests/meetings/calendars.busy_year) of --people
people into --files .ics files zipped together, then reads the zip with read_calendar_files
over the year: wall time, occurrences per second, and the peak memory traced (tracemalloc)
and of the process (ru_maxrss). The anchor is parsing the same files with icalendar alone
(Calendar.from_ical, no expansion), measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
import tracemalloc
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
    count = sum(
        1
        for _ in read_calendar_files([("year.zip", data)], since=SINCE, until=UNTIL, report=report)
    )
    return time.perf_counter() - started, count, report


def anchor(data: bytes) -> float:
    import io
    import zipfile

    started = time.perf_counter()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            Calendar.from_ical(archive.read(name).decode())
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--occurrences", type=int, default=100_000)
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    data = make_zip(args.people, args.occurrences, args.files)
    before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    anchor_s = anchor(data)
    seconds, count, report = read(data)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tracemalloc.start()
    read(data)
    traced_mb = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    print(
        f"{count:,} occurrences from {args.files} files ({len(data) / 2**20:.1f} MiB zipped) "
        f"in {seconds:.1f} s = {count / seconds:,.0f}/s; icalendar parse alone {anchor_s:.1f} s "
        f"(ratio {seconds / anchor_s:.2f}); peak traced {traced_mb:.0f} MiB; process max RSS "
        f"{rss_mb:.0f} MiB ({before_mb:.0f} MiB before reading); skipped {report.as_dict()}"
    )
    if args.json:
        measure = {
            "name": "meetings.read_100k",
            "median_s": seconds,
            "min_s": seconds,
            "max_s": seconds,
            "anchor": "icalendar.from_ical",
            "anchor_median_s": anchor_s,
            "ratio": seconds / anchor_s,
            "peak_mb": traced_mb,
        }
        args.json.write_text(json.dumps({"measures": [measure]}, indent=2))


if __name__ == "__main__":
    main()
