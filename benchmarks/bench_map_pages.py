"""Time the map's own pages (touch point list, org chart, touch point form) on a big workspace.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/conv_bench \\
        .venv/bin/python benchmarks/bench_map_pages.py [--slug bench-map] [--runs 7]

Generates a 10,000 business unit / 1,000 IT team / 100,000 touch point workspace unless one
with that slug exists, then requests each page through Django's test client (the whole
middleware, view, queries and template, without a network hop) and prints the median.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convergence.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from convergence.models import Membership, Role, Workspace  # noqa: E402
from touchpoints.synthetic import SyntheticSpec, generate_workspace  # noqa: E402


def workspace_for(slug: str) -> Workspace:
    found = Workspace.objects.filter(slug=slug).first()
    if found:
        return found
    started = time.perf_counter()
    spec = SyntheticSpec(slug=slug, units=10_000, teams=1_000, touchpoints=100_000, seed=1)
    workspace = generate_workspace(spec)
    print(f"generated {slug} in {time.perf_counter() - started:.1f} s")
    return workspace


def client_for(workspace: Workspace) -> Client:
    user, _ = get_user_model().objects.get_or_create(username=f"{workspace.slug}-facilitator")
    Membership.objects.get_or_create(
        workspace=workspace, user=user, defaults={"role": Role.FACILITATOR}
    )
    client = Client()
    client.force_login(user)
    return client


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--slug", default="bench-map")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    workspace = workspace_for(args.slug)
    client = client_for(workspace)
    base = f"/w/{workspace.slug}"
    pages = [
        ("touch point list", f"{base}/touchpoints/"),
        ("touch point list, filtered by name", f"{base}/touchpoints/?unit=B3-12"),
        ("org chart, first page", f"{base}/units/"),
        ("org chart, page 20", f"{base}/units/?page=20"),
        ("new touch point form", f"{base}/touchpoints/new/"),
        (
            "unit search",
            f"{base}/units/choices/?side=business&field=business_unit&unit_search=B3-7",
        ),
    ]
    print(f"{'page':<38}{'median ms':>10}{'queries':>9}{'KiB':>7}")
    for label, url in pages:
        client.get(url)
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        size = len(response.content) // 1024
        print(f"{label:<38}{statistics.median(times):>10.0f}{len(queries):>9}{size:>7}")


if __name__ == "__main__":
    main()
