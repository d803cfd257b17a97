"""Time every dashboard panel on a large generated workspace (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/conv_dash \\
        nice -n 10 .venv/bin/python benchmarks/bench_dashboard.py [--json out.json]
        [--workspace bench-dash] [--units 10000] [--teams 1000] [--touchpoints 100000]
        [--runs 7] [--regenerate]

Generates the workspace with touchpoints.synthetic.generate_workspace unless one with that slug
and size exists, then makes sure it has two finished gap reports (built in-process by
assessments.gap_reports.build_report, as the Celery task does; 1% of the touch points are rated
1 between them, so the overview and compare explain a real move), and rolls
its read model up when it is behind (timed: dashboard.read_model_rebuild). Each panel is
requested through Django's test Client as a manager with the dashboard cache off
(settings.DASHBOARD_CACHE_SECONDS = 0); the figures are min, median and max of --runs requests
after one warm-up request (the test Client runs the whole request in-process: middleware, view,
queries and template, without a network hop), beside the anchor measured in the same run: a bare
logged-in view (the accessibility statement, as the manager). ``--json`` writes
{"measures": [{"name": "dashboard.<panel>", "median_s", "min_s", "max_s", "anchor",
"anchor_median_s", "ratio", "peak_mb", "queries"}], "postgres": {settings}}.
"""

import argparse
import json
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convergence.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from assessments import gap_reports  # noqa: E402
from assessments.assess import Scope, assess_workspace  # noqa: E402
from assessments.dashboard.readmodel import build  # noqa: E402
from assessments.models import Assessment, Gap, GapReport, ReportStatus, UnitScore  # noqa: E402
from convergence.models import Membership, Role, Workspace  # noqa: E402
from touchpoints.models import Location, OrgUnit, Side, TouchPoint  # noqa: E402
from touchpoints.synthetic import SyntheticSpec, analyze, generate_workspace  # noqa: E402


def workspace_for(args: argparse.Namespace) -> Workspace:
    spec = SyntheticSpec(
        slug=args.slug, units=args.units, teams=args.teams, touchpoints=args.touchpoints
    )
    found = Workspace.objects.filter(slug=args.slug).first()
    fits = (
        found is not None
        and found.touchpoints.count() == args.touchpoints
        and found.units.filter(side=Side.BUSINESS).count() == args.units
    )
    if args.regenerate or not fits:
        started = time.perf_counter()
        found = generate_workspace(spec)
        print(f"generated {args.slug} in {time.perf_counter() - started:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    assert found is not None
    return found


def ensure_assessments(workspace: Workspace) -> None:
    made = False
    if not Assessment.objects.filter(workspace=workspace).exists():
        started = time.perf_counter()
        assess_workspace(workspace.pk, Scope())
        print(f"first assessment in {time.perf_counter() - started:.1f} s")
        made = True
    done = GapReport.objects.filter(workspace=workspace, status=ReportStatus.DONE)
    if not done.exists():
        finished_report(workspace, "gap report (second assessment)")
        made = True
    if done.count() < 2:
        # The overview and compare explain the move since the previous report once two exist;
        # a re-assessment after some touch points got worse is the path a manager sees.
        rated = workspace.touchpoints.filter(id__in=every_hundredth(workspace))
        print(f"{rated.update(effectiveness=1)} touch points rated 1 before the second report")
        finished_report(workspace, "second gap report (third assessment)")
        made = True
    if made:
        # As autovacuum would within a minute of these 30,000 rows (the panels are measured
        # seconds later): planned on statistics from before them, the filtered position's
        # query took 10 ms, 4 ms once analysed.
        analyze(Assessment, UnitScore, GapReport, Gap, TouchPoint)
        print("analysed the assessments, scores and gaps just written")


def every_hundredth(workspace: Workspace) -> list[int]:
    ids = workspace.touchpoints.order_by("id").values_list("id", flat=True)
    return list(ids)[::100]


def finished_report(workspace: Workspace, what: str) -> None:
    started = time.perf_counter()
    report = GapReport.objects.create(workspace=workspace)
    gap_reports.build_report(report.pk)
    print(f"{what} in {time.perf_counter() - started:.1f} s")


def manager_client(workspace: Workspace) -> Client:
    user, _ = get_user_model().objects.get_or_create(username="bench-dash-manager")
    Membership.objects.get_or_create(
        workspace=workspace, user=user, defaults={"role": Role.MANAGER}
    )
    client = Client()
    client.force_login(user)
    return client


PANEL_NAMES = {
    "overview": "dashboard.overview",
    "overview, filtered": "dashboard.overview_filtered",
    "heatmap × levels (depth 0)": "dashboard.heatmap_levels_d0",
    "heatmap × levels (depth 2)": "dashboard.heatmap_levels_d2",
    "heatmap × levels, filtered (depth 1)": "dashboard.heatmap_levels_filtered",
    "heatmap × IT teams (0 × 1)": "dashboard.heatmap_teams_0x1",
    "heatmap × IT teams (2 × 1)": "dashboard.heatmap_teams_2x1",
    "heatmap × IT teams, filtered": "dashboard.heatmap_teams_filtered",
    "heatmap cell (level)": "dashboard.cell_level",
    "heatmap cell (IT team)": "dashboard.cell_team",
    "roll-up (divisions)": "dashboard.rollup",
    "roll-up (expand a division)": "dashboard.rollup_expand",
    "network page": "dashboard.network_page",
    "network JSON (depth 0 × 1)": "dashboard.network_0x1",
    "network JSON (depth 1 × 1)": "dashboard.network_1x1",
    "network JSON, filtered": "dashboard.network_filtered",
    "compare (newest two)": "dashboard.compare",
}
ANCHOR = "bare logged-in view (/accessibility/)"


def panels(workspace: Workspace) -> list[tuple[str, str]]:
    base = f"/w/{workspace.slug}/dashboard"
    division = OrgUnit.objects.filter(workspace=workspace, side=Side.BUSINESS, depth=0).first()
    location = Location.objects.filter(workspace=workspace).first()
    row = OrgUnit.objects.filter(workspace=workspace, side=Side.BUSINESS, depth=1).first()
    team = OrgUnit.objects.filter(workspace=workspace, side=Side.IT, depth=1).first()
    assert division and location and row and team
    where = f"location={location.pk}&division={division.pk}&level=strategic"
    return [
        ("overview", f"{base}/"),
        ("overview, filtered", f"{base}/?{where}"),
        ("heatmap × levels (depth 0)", f"{base}/heatmaps/"),
        ("heatmap × levels (depth 2)", f"{base}/heatmaps/?depth=2"),
        ("heatmap × levels, filtered (depth 1)", f"{base}/heatmaps/?{where}&depth=1"),
        ("heatmap × IT teams (0 × 1)", f"{base}/heatmaps/teams/?depth=0&team_depth=1"),
        ("heatmap × IT teams (2 × 1)", f"{base}/heatmaps/teams/?depth=2&team_depth=1"),
        ("heatmap × IT teams, filtered", f"{base}/heatmaps/teams/?{where}&depth=1"),
        ("heatmap cell (level)", f"{base}/heatmaps/cell/?row={row.pk}&level=tactical"),
        ("heatmap cell (IT team)", f"{base}/heatmaps/cell/?row={row.pk}&team={team.pk}"),
        ("roll-up (divisions)", f"{base}/rollup/"),
        ("roll-up (expand a division)", f"{base}/rollup/?parent={division.pk}"),
        ("network page", f"{base}/network/"),
        ("network JSON (depth 0 × 1)", f"{base}/network.json"),
        ("network JSON (depth 1 × 1)", f"{base}/network.json?depth=1"),
        ("network JSON, filtered", f"{base}/network.json?{where}&depth=1"),
        ("compare (newest two)", f"{base}/compare/"),
    ]


@dataclass(frozen=True)
class Timing:
    times: list[float]
    queries: int
    size: int

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def measure(client: Client, url: str, runs: int) -> Timing:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            client.get(url)
            times.append(time.perf_counter() - started)
    return Timing(times, len(queries), len(response.content))


def postgres_settings() -> dict[str, str]:
    """The settings a reader needs to compare runs across machines."""
    names = ["server_version", "shared_buffers", "work_mem", "effective_cache_size", "jit"]
    with connection.cursor() as cursor:
        found = {}
        for name in names:
            cursor.execute(f"SHOW {name}")
            found[name] = cursor.fetchone()[0]
    return found


def as_measure(name: str, timing: Timing, anchor: Timing) -> dict[str, object]:
    return {
        "name": name,
        "median_s": round(timing.median, 6),
        "min_s": round(min(timing.times), 6),
        "max_s": round(max(timing.times), 6),
        "anchor": ANCHOR,
        "anchor_median_s": round(anchor.median, 6),
        "ratio": round(timing.median / anchor.median, 1),
        "peak_mb": None,
        "queries": timing.queries,
    }


def rebuild_read_model(workspace: Workspace) -> dict[str, object] | None:
    """Roll the dashboards up (as the Celery task does) when the read model is behind, so the
    panels read fresh rows; its time is a measure of its own (one run, no anchor)."""
    if not build.is_behind(workspace.pk):
        return None
    started = time.perf_counter()
    build.rebuild(workspace.pk)
    seconds = time.perf_counter() - started
    print(f"read model rebuilt in {seconds:.1f} s")
    return {
        "name": "dashboard.read_model_rebuild",
        "median_s": round(seconds, 3),
        "min_s": round(seconds, 3),
        "max_s": round(seconds, 3),
        "anchor": None,
        "anchor_median_s": None,
        "ratio": None,
        "peak_mb": None,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workspace", "--slug", dest="slug", default="bench-dash")
    parser.add_argument("--units", type=int, default=10000)
    parser.add_argument("--teams", type=int, default=1000)
    parser.add_argument("--touchpoints", type=int, default=100000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--json", type=Path, help="write the measures to this file")
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    settings.DASHBOARD_CACHE_SECONDS = 0
    workspace = workspace_for(args)
    ensure_assessments(workspace)
    client = manager_client(workspace)
    rebuilt = rebuild_read_model(workspace)
    pg = postgres_settings()
    print("PostgreSQL:", ", ".join(f"{k}={v}" for k, v in pg.items()))
    anchor = measure(client, "/accessibility/", args.runs * 3)
    print(f"{ANCHOR}: median {anchor.median * 1000:.1f} ms")
    heads = f"{'min':>6} {'median':>7} {'max':>6} {'ratio':>6} {'queries':>8} {'KiB':>5}"
    print(f"{'panel':<36} {heads}")
    measures = [rebuilt] if rebuilt else []
    for label, url in panels(workspace):
        timing = measure(client, url, args.runs)
        measures.append(as_measure(PANEL_NAMES[label], timing, anchor))
        print(
            f"{label:<36} {min(timing.times) * 1000:6.0f} {timing.median * 1000:7.0f}"
            f" {max(timing.times) * 1000:6.0f} {timing.median / anchor.median:6.0f}"
            f" {timing.queries:8d} {timing.size / 1024:5.0f}"
        )
    if args.json:
        args.json.write_text(json.dumps({"measures": measures, "postgres": pg}, indent=2) + "\n")
        print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
