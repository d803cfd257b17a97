"""Time the whole gap report with its board pack (PDF and slides) on a large workspace.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/conv_w14_bench \\
        .venv/bin/python manage.py generate_workspace --units 10000 --teams 1000 \\
        --touchpoints 100000 --seed 1          # once, a few minutes
    DATABASE_URL=... .venv/bin/python benchmarks/bench_report_files.py [--slug synthetic]
        [--repeat 2] [--json FILE]

Runs the body of the report's Celery task (gap_reports.build_report: assess, gaps, every file,
store) --repeat times on new reports of the workspace, and prints for each run the wall time,
the process's CPU time, and the wall and CPU time of each file (the PDF, the deck, the XLSX,
...); then the process's peak resident memory (ru_maxrss: everything, Django included) and the
load average.
The machine is shared: compare CPU time, and say the load with every figure. The anchor,
measured in the same run, is a single SQL aggregate pass over the same touch points
(benchmarks/anchors.py); --json FILE writes the wall times as `report.whole` with the peak RSS
(benchmarks/measures.py).
"""

import argparse
import os
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convergence.settings")

import django

django.setup()

from anchors import sql_aggregate_pass  # noqa: E402
from django.db import connection  # noqa: E402
from measures import (  # noqa: E402
    measure,
    peak_rss_mb,
    postgres_settings,
    print_table,
    settings_line,
    write_json,
)
from measures import timed as timed_runs  # noqa: E402

from assessments import report_deck, report_files, report_pdf  # noqa: E402
from assessments.gap_reports import build_report  # noqa: E402
from assessments.models import GapReport, ReportFile  # noqa: E402
from convergence.models import Workspace  # noqa: E402

STAGES = {
    "board_pack": report_files,
    "gaps_csv": report_files,
    "gaps_xlsx": report_files,
    "report_html": report_files,
    "board_pack_pdf": report_pdf,
    "board_pack_deck": report_deck,
}
spent: dict[str, float] = defaultdict(float)
spent_cpu: dict[str, float] = defaultdict(float)


def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def run(*args: Any) -> Any:
        started, cpu = time.perf_counter(), time.process_time()
        try:
            return function(*args)
        finally:
            spent[name] += time.perf_counter() - started
            spent_cpu[name] += time.process_time() - cpu

    return run


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--slug", default="synthetic")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    workspace = Workspace.objects.get(slug=args.slug)
    with connection.cursor() as cursor:
        settings = postgres_settings(cursor)
    print(settings_line(settings), flush=True)
    walls = []
    for name, module in STAGES.items():
        setattr(module, name, timed(name, getattr(module, name)))
    print(f"Django set up: peak RSS {peak_rss_mb():.0f} MB; load {os.getloadavg()}", flush=True)
    for run in range(args.repeat):
        spent.clear()
        spent_cpu.clear()
        report = GapReport.objects.create(workspace=workspace)
        wall, cpu = time.perf_counter(), time.process_time()
        assert build_report(report.pk)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        walls.append(wall)
        sizes = dict(ReportFile.objects.filter(report=report).values_list("format", "size"))
        stages = ", ".join(
            f"{name} {spent[name]:.2f} s (CPU {spent_cpu[name]:.2f})" for name in STAGES
        )
        print(f"run {run + 1}: wall {wall:.2f} s, CPU {cpu:.2f} s; {stages}", flush=True)
        print(f"  files (bytes): {sizes}; gaps stored {report.gaps.count()}", flush=True)
        print(f"  peak RSS so far {peak_rss_mb():.0f} MB; load {os.getloadavg()}", flush=True)
    peak = peak_rss_mb()  # before the anchor, whose fetch would count otherwise
    anchor = timed_runs(lambda: sql_aggregate_pass(workspace.pk), 5)
    figures = [measure("report.whole", walls, "SQL aggregate pass", anchor, peak)]
    print_table(m.as_json() for m in figures)
    if args.json:
        write_json(args.json, figures, settings)


if __name__ == "__main__":
    main()
