"""Time the workshop board and its unchanged poll on a 30 × 15 board with 600 touch points.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/conv_workshop \\
        .venv/bin/python benchmarks/bench_board.py [--rows 30] [--columns 15]
        [--touchpoints 600] [--participants 40] [--repeat 50]

Builds a throwaway workspace (deleted at the end): business units and IT teams each with a
child unit (half the touch points are recorded on the children and roll up), a live workshop
with the whole scope, participants and ratings from both sides. Then measures with Django's
test Client, each over --repeat requests (median and p95): the full board page, the board's
live region (an htmx poll after a change), and the unchanged poll (a 304); then, once, the
bulk "adopt rated averages" of the rate phase; then the board page and its live region in the
review-gaps phase (the board's scope scored by the slope engine, with its gaps). Prints the
queries each request made. Aim: board under 150 ms, unchanged poll under 10 ms.
"""

import argparse
import os
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convergence.settings")

import django

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from convergence.models import Membership, Role, Workspace  # noqa: E402
from touchpoints.derived_tree import refresh_tree  # noqa: E402
from touchpoints.models import (  # noqa: E402
    Channel,
    EffectivenessRating,
    Frequency,
    Level,
    OrgUnit,
    Participant,
    Side,
    State,
    TouchPoint,
    Workshop,
    WorkshopPhase,
    WorkshopStatus,
)
from touchpoints.workshops.board import build_board  # noqa: E402


def build(args: argparse.Namespace, slug: str) -> tuple[Workspace, Workshop, User]:
    rng = random.Random(7)
    workspace = Workspace.objects.create(slug=slug, name="Board benchmark")
    business_root = OrgUnit.objects.create(workspace=workspace, code="B", name="Business")
    it_root = OrgUnit.objects.create(workspace=workspace, code="IT", name="IT", side_mark=Side.IT)

    def units(prefix: str, parent: OrgUnit, count: int) -> list[tuple[OrgUnit, OrgUnit]]:
        made = []
        for i in range(count):
            unit = OrgUnit.objects.create(
                workspace=workspace, code=f"{prefix}{i}", name=f"{prefix} unit {i}", parent=parent
            )
            child = OrgUnit.objects.create(
                workspace=workspace, code=f"{prefix}{i}c", name=f"{prefix} team {i}", parent=unit
            )
            made.append((unit, child))
        return made

    rows = units("BU", business_root, args.rows)
    columns = units("IT", it_root, args.columns)
    refresh_tree(workspace.pk)
    channels = list(Channel.objects.filter(workspace=workspace))
    touchpoints = [
        TouchPoint(
            workspace=workspace,
            business_unit=rng.choice(rng.choice(rows)),
            it_team=rng.choice(rng.choice(columns)),
            level=rng.choice(Level.values),
            channel=rng.choice(channels),
            frequency=rng.choice(Frequency.values),
            effectiveness=rng.choice([None, 1, 2, 3, 4, 5]),
            state=State.DESIRED if rng.random() < 0.15 else State.CURRENT,
        )
        for _ in range(args.touchpoints)
    ]
    TouchPoint.objects.bulk_create(touchpoints)
    workshop = Workshop.objects.create(
        workspace=workspace, title="Benchmark", date="2030-01-01", status=WorkshopStatus.LIVE
    )
    workshop.business_units.set([unit for unit, _ in rows])
    workshop.it_teams.set([unit for unit, _ in columns])
    participants = [
        Participant.objects.create(
            workshop=workshop, name=f"P{i}", side=Side.BUSINESS if i % 2 else Side.IT
        )
        for i in range(args.participants)
    ]
    EffectivenessRating.objects.bulk_create(
        EffectivenessRating(
            touch_point=touch_point, participant=p, side=p.side, score=rng.randint(1, 5)
        )
        for p in participants
        for touch_point in rng.sample(touchpoints, 15)
    )
    user = User.objects.create_user(username=f"bench-{slug}", password="x")
    Membership.objects.create(workspace=workspace, user=user, role=Role.FACILITATOR)
    return workspace, workshop, user


def measure(label: str, repeat: int, request: Callable[[], object]) -> None:
    queries: list[str] = []

    def count(execute: Callable[..., object], sql: str, *args: object) -> object:
        queries.append(sql)
        return execute(sql, *args)

    # A wrapper, not CaptureQueriesContext: the test Client's request_started resets that log.
    with connection.execute_wrapper(count):
        request()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        request()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    print(
        f"{label:<34} median {statistics.median(times):7.2f} ms   p95 {p95:7.2f} ms"
        f"   {len(queries)} queries"
    )


def time_adopting(workshop: Workshop, client: Client, slug: str) -> None:
    """One bulk "adopt rated averages" in the rate phase: a mutation, so timed once."""
    Workshop.objects.filter(pk=workshop.pk).update(phase=WorkshopPhase.RATE)
    adoptable = sum(1 for badge in build_board(workshop).badges if badge.adoptable)
    url = reverse("workshop_adopt_ratings", args=[slug, workshop.pk])
    queries: list[str] = []

    def count(execute: Callable[..., object], sql: str, *args: object) -> object:
        queries.append(sql)
        return execute(sql, *args)

    with connection.execute_wrapper(count):
        start = time.perf_counter()
        response = client.post(url)
        elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, response.status_code
    label = f"adopt rated averages ({adoptable})"
    print(f"{label:<34} once   {elapsed:7.2f} ms   {len(queries)} queries")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=30)
    parser.add_argument("--columns", type=int, default=15)
    parser.add_argument("--touchpoints", type=int, default=600)
    parser.add_argument("--participants", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    slug = f"bench-board-{uuid.uuid4().hex[:8]}"
    workspace, workshop, user = build(args, slug)
    try:
        url = reverse("workshop_board", args=[slug, workshop.pk])
        page, poll = Client(), Client(headers={"HX-Request": "true"})
        page.force_login(user)
        poll.force_login(user)
        response = poll.get(url)
        board = build_board(workshop)
        print(
            f"board: {len(board.rows)} rows × {len(board.columns)} columns, "
            f"{board.total} touch points, {args.participants} participants"
        )
        etag = response["ETag"]
        assert poll.get(url, headers={"If-None-Match": etag}).status_code == 304
        measure("full board page", args.repeat, lambda: page.get(url))
        measure("board live region (htmx poll, 200)", args.repeat, lambda: poll.get(url))
        measure(
            "unchanged poll (304)",
            args.repeat,
            lambda: poll.get(url, headers={"If-None-Match": etag}),
        )
        time_adopting(workshop, poll, slug)
        # The review-gaps phase scores the board's scope with the slope engine on every redraw.
        Workshop.objects.filter(pk=workshop.pk).update(phase=WorkshopPhase.REVIEW)
        measure("review-gaps board page", args.repeat, lambda: page.get(url))
        measure("review-gaps live region (poll, 200)", args.repeat, lambda: poll.get(url))
    finally:
        workspace.delete()
        user.delete()


if __name__ == "__main__":
    main()
