"""Time every dashboard panel on a large generated workspace (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/conv_dash \\
        .venv/bin/python benchmarks/bench_dashboard.py [--slug bench-dash] [--units 10000]
        [--teams 1000] [--touchpoints 100000] [--runs 7] [--regenerate]

Generates the workspace with touchpoints.synthetic.generate_workspace unless one with that slug
and size exists, then makes sure it has two assessments (the second from a finished gap report,
built in-process by assessments.gap_reports.build_report, as the Celery task does). Each panel
is requested through Django's test Client as a manager; the figure is the median server time of
--runs requests after one warm-up request (the test Client runs the whole request in-process:
middleware, view, queries and template, without a network hop). "computed" runs with the
dashboard cache off (settings.DASHBOARD_CACHE_SECONDS = 0: every request aggregates the live
data); "cached" with it on (the repeat views a manager makes; Redis when REDIS_URL is set).
"""

import argparse
import os
import statistics
import sys
import time
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
from assessments.models import Assessment, GapReport, ReportStatus  # noqa: E402
from convergence.models import Membership, Role, Workspace  # noqa: E402
from touchpoints.models import Location, OrgUnit, Side  # noqa: E402
from touchpoints.synthetic import SyntheticSpec, generate_workspace  # noqa: E402


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
    if not Assessment.objects.filter(workspace=workspace).exists():
        started = time.perf_counter()
        assess_workspace(workspace.pk, Scope())
        print(f"first assessment in {time.perf_counter() - started:.1f} s")
    if not GapReport.objects.filter(workspace=workspace, status=ReportStatus.DONE).exists():
        started = time.perf_counter()
        report = GapReport.objects.create(workspace=workspace)
        gap_reports.build_report(report.pk)
        print(f"gap report (second assessment) in {time.perf_counter() - started:.1f} s")


def manager_client(workspace: Workspace) -> Client:
    user, _ = get_user_model().objects.get_or_create(username="bench-dash-manager")
    Membership.objects.get_or_create(
        workspace=workspace, user=user, defaults={"role": Role.MANAGER}
    )
    client = Client()
    client.force_login(user)
    return client


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


def measure(client: Client, url: str, runs: int, htmx: bool) -> tuple[float, int, int]:
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.get(url, headers=headers)
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            client.get(url, headers=headers)
            times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, len(queries), len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--slug", default="bench-dash")
    parser.add_argument("--units", type=int, default=10000)
    parser.add_argument("--teams", type=int, default=1000)
    parser.add_argument("--touchpoints", type=int, default=100000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--regenerate", action="store_true")
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    workspace = workspace_for(args)
    ensure_assessments(workspace)
    client = manager_client(workspace)
    print(f"{'panel':<36} {'computed':>9} {'htmx':>6} {'cached':>7} {'queries':>8} {'KiB':>6}")
    for name, url in panels(workspace):
        settings.DASHBOARD_CACHE_SECONDS = 0
        full, queries, size = measure(client, url, args.runs, htmx=False)
        fragment = "" if "json" in url else f"{measure(client, url, args.runs, htmx=True)[0]:.0f}"
        settings.DASHBOARD_CACHE_SECONDS = 60
        warm = measure(client, url, args.runs, htmx=False)[0]
        print(f"{name:<36} {full:9.0f} {fragment:>6} {warm:7.0f} {queries:8d} {size / 1024:6.0f}")


if __name__ == "__main__":
    main()
