"""Time assessments and the whole gap report on a large generated workspace (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/conv_assess \\
        .venv/bin/python benchmarks/bench_assessment.py [--slug bench-assess] [--units 10000]
        [--teams 1000] [--touchpoints 100000] [--regenerate] [--repeat 2] [--json FILE]
        [--only-full]

Generates the workspace with touchpoints.synthetic.generate_workspace unless one with that slug
and size already exists (about 30 s), then measures, each in-process:
- the assessment at full granularity (read, roll up, score, store the snapshot);
- the assessment at the top of the tree (business depth 0 and 1, IT depth 0);
- the whole gap report (the body of the Celery task: assessment, gaps, CSV, XLSX, HTML).
Per stage: best wall time of --repeat runs; then the process's peak resident memory (ru_maxrss,
before any tracing); then one more run of each stage under tracemalloc for its peak of Python
allocations. The anchor, measured before and after each full assessment, is a single SQL
aggregate pass over the same touch points (benchmarks/anchors.py); --json FILE writes the full
assessment as `assessment.full` (benchmarks/measures.py); --only-full measures that alone,
without tracing.
"""

import argparse
import os
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convergence.settings")

import django

django.setup()

from anchors import sql_aggregate_pass  # noqa: E402
from django.db import connection  # noqa: E402
from measures import (  # noqa: E402
    measure,
    postgres_settings,
    print_table,
    settings_line,
    timed,
    write_json,
)

from assessments.assess import Scope, assess_workspace  # noqa: E402
from assessments.gap_reports import build_report  # noqa: E402
from assessments.models import GapReport, Granularity  # noqa: E402
from convergence.models import Workspace  # noqa: E402
from touchpoints.models import OrgUnit, Side, TouchPoint  # noqa: E402
from touchpoints.synthetic import SyntheticSpec, generate_workspace  # noqa: E402


def workspace_for(spec: SyntheticSpec, regenerate: bool) -> Workspace:
    workspace = Workspace.objects.filter(slug=spec.slug).first()
    if workspace is not None and not regenerate:
        units = OrgUnit.objects.filter(workspace=workspace)
        sizes = (
            units.filter(side=Side.BUSINESS).count(),
            units.filter(side=Side.IT, kind="team").count(),
            TouchPoint.objects.filter(workspace=workspace).count(),
        )
        if sizes == (spec.units, spec.teams, spec.touchpoints):
            print(f"Reusing workspace {spec.slug!r}: {sizes}")
            return workspace
    started = time.perf_counter()
    workspace = generate_workspace(spec)
    print(f"Generated workspace {spec.slug!r} in {time.perf_counter() - started:.1f} s")
    return workspace


def interleaved(
    anchor: Callable[[], object], run: Callable[[], object], repeat: int
) -> tuple[list[float], list[float]]:
    """The anchor's times and the run's: after a warm-up of each (not counted), each run
    between two anchors, so both are measured in the same minutes of a machine whose speed
    drifts (the runner's three runs between five anchors before and five after gave 5.1 times
    the anchor in one run today, 4.3 in another, the engine unchanged between them)."""
    timed(anchor, 1)
    timed(run, 1)
    anchors: list[float] = []
    runs: list[float] = []
    for _ in range(repeat):
        anchors += timed(anchor, 1)
        runs += timed(run, 1)
        anchors += timed(anchor, 1)
    return anchors, runs


def best_time(name: str, run: Callable[[], str], repeat: int) -> None:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        note = run()
        times.append(time.perf_counter() - started)
    print(f"{name:<40} best {min(times):6.2f} s  {note}", flush=True)


def traced_peak(name: str, run: Callable[[], str]) -> None:
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{name:<40} traced peak {peak / 2**20:6.0f} MB", flush=True)


def peak_rss() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def assess(workspace_id: int, scope: Scope) -> Callable[[], str]:
    def run() -> str:
        assessment = assess_workspace(workspace_id, scope)
        return (
            f"{assessment.business_unit_count} BU, {assessment.it_team_count} IT, "
            f"score {assessment.score:.1f} {assessment.band}"
        )

    return run


def report(workspace_id: int) -> Callable[[], str]:
    def run() -> str:
        gap_report = GapReport.objects.create(workspace_id=workspace_id)
        build_report(gap_report.pk)
        gap_report.refresh_from_db()
        sizes = ", ".join(f"{f.format} {f.size / 2**20:.1f} MB" for f in gap_report.files.all())
        return (
            f"{gap_report.status}: {gap_report.total_gaps} gaps, "
            f"{gap_report.stored_gaps} stored; {sizes}"
        )

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slug", default="bench-assess")
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--teams", type=int, default=1_000)
    parser.add_argument("--touchpoints", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--only-full", action="store_true")
    args = parser.parse_args()
    spec = SyntheticSpec(args.slug, args.units, args.teams, args.touchpoints)
    workspace = workspace_for(spec, args.regenerate)
    ws = workspace.pk
    with connection.cursor() as cursor:
        settings = postgres_settings(cursor)
    print(settings_line(settings), flush=True)
    anchor, full = interleaved(lambda: sql_aggregate_pass(ws), assess(ws, Scope()), args.repeat)
    figures = [measure("assessment.full", full, "SQL aggregate pass", anchor)]
    print_table(m.as_json() for m in figures)
    if args.json:
        write_json(args.json, figures, settings)
    if args.only_full:
        return
    stages = [
        ("assessment, full granularity", assess(ws, Scope())),
        ("assessment, top (depth 0)", assess(ws, Scope(Granularity.DEPTH, 0, 0))),
        ("assessment, depth 1", assess(ws, Scope(Granularity.DEPTH, 1, 0))),
        ("whole gap report, full granularity", report(ws)),
    ]
    rss_before = peak_rss()
    for name, run in stages:
        best_time(name, run, args.repeat)
    # Before tracemalloc, which inflates the process's memory by its own bookkeeping.
    print(f"peak resident memory (ru_maxrss): {peak_rss():.0f} MB, {rss_before:.0f} MB at start")
    for name, run in stages:
        traced_peak(name, run)


if __name__ == "__main__":
    main()
