"""A changed 30 × 15 board under a full room of pollers, served by gunicorn on loopback.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/conv_workshop \\
        nice -n 10 .venv/bin/python benchmarks/bench_board_load.py [--json FILE]
        [--pollers 40] [--seconds 15] [--interval 2] [--change-every 0.5] [--workers 3]

Builds bench_board's throwaway workspace (30 × 15, 600 touch points, 40 participants; deleted
at the end), puts the workshop in its rate phase and starts gunicorn (`--workers` sync workers,
as the Dockerfile runs it) on 127.0.0.1, an ephemeral port. Then, for `--seconds`, `--pollers`
threads poll the board as the page does (a logged-in facilitator's htmx poll with the ETag it
last saw, every `--interval` seconds; `--interval 0` polls back to back) while a writer changes
the board every `--change-every` seconds (a participant's vote or a facilitator's edit of one
touch point, in turn), so nearly every poll finds a changed board. The measure is the time of
the polls answered 200 (the changed board), beside the anchor: a bare logged-in view (the
accessibility page with the same session) under the same load, measured in the same run.
"""

import argparse
import json
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_board import build
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from touchpoints.history import snapshot
from touchpoints.models import TouchPoint, Workshop, WorkshopPhase
from touchpoints.workshops import facilitation

ROOT = Path(__file__).resolve().parent.parent
# The command line, read once by main() (the poller threads read it).
ARGS = argparse.Namespace()


@dataclass
class Sample:
    status: int
    seconds: float
    size: int


@dataclass
class Load:
    samples: list[Sample] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, sample: Sample) -> None:
        with self.lock:
            self.samples.append(sample)

    def of(self, status: int) -> list[Sample]:
        return [sample for sample in self.samples if sample.status == status]


def start_gunicorn(workers: int) -> tuple[subprocess.Popen[bytes], int]:
    """gunicorn on a socket bound here to 127.0.0.1:0 and handed over (no fixed port)."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    listener.set_inheritable(True)
    port = listener.getsockname()[1]
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "convergence.wsgi",
        "--bind",
        f"fd://{listener.fileno()}",
        "--workers",
        str(workers),
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, pass_fds=[listener.fileno()])
    listener.close()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2).read()
            return server, port
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 30 s")


def get(url: str, headers: dict[str, str]) -> tuple[int, bytes, dict[str, str]]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def poll(url: str, cookie: str, offset: float, start: threading.Barrier, load: Load) -> None:
    """One browser's poll loop: at most one request in flight, one every --interval seconds,
    the first `offset` seconds after the start. It first loads what the page shows (not
    measured), as a browser opened before the room filled."""
    headers = {"Cookie": cookie, "HX-Request": "true"}
    etag = get(url, headers)[2].get("ETag", "")
    start.wait()
    began = time.monotonic()
    next_at, until = began + offset, began + ARGS.seconds
    while next_at < until:
        pause = next_at - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        sent = {**headers, "If-None-Match": etag} if etag else headers
        started = time.perf_counter()
        status, body, received = get(url, sent)
        load.add(Sample(status, time.perf_counter() - started, len(body)))
        etag = received.get("ETag", etag)
        next_at = max(next_at + ARGS.interval, time.monotonic())


def change(workshop: Workshop, every: float, until: float, stop: threading.Event) -> int:
    """Change one touch point's cell every `every` seconds: a vote, then an edit, in turn."""
    participants = list(workshop.participants.order_by("pk"))
    touch_points = list(TouchPoint.objects.filter(workspace=workshop.workspace).order_by("pk"))
    changes = 0
    try:
        while time.monotonic() < until and not stop.is_set():
            touch_point = touch_points[changes % len(touch_points)]
            if changes % 2:
                touch_point.refresh_from_db()
                before = snapshot(touch_point)
                touch_point.effectiveness = (touch_point.effectiveness or 0) % 5 + 1
                facilitation.edit(workshop, touch_point, before, touch_point.version, None)
            else:
                participant = participants[changes % len(participants)]
                facilitation.rate(participant, touch_point, changes % 5 + 1)
            changes += 1
            time.sleep(every)
    finally:
        connection.close()
    return changes


def run_load(url: str, cookie: str, workshop: Workshop | None) -> tuple[Load, int]:
    """--pollers polling `url` for --seconds, their first polls spread over one interval (as
    browsers opened at different times), while `workshop` (if given) changes."""
    load = Load()
    start = threading.Barrier(ARGS.pollers + 1)
    spread = ARGS.interval / ARGS.pollers
    pollers = [
        threading.Thread(target=poll, args=(url, cookie, index * spread, start, load))
        for index in range(ARGS.pollers)
    ]
    for thread in pollers:
        thread.start()
    start.wait()
    changes: list[int] = []
    stop = threading.Event()
    until = time.monotonic() + ARGS.seconds
    if workshop is not None:
        changing = workshop
        writer = threading.Thread(
            target=lambda: changes.append(change(changing, ARGS.change_every, until, stop))
        )
        writer.start()
    for thread in pollers:
        thread.join()
    stop.set()
    if workshop is not None:
        writer.join()
    return load, changes[0] if changes else 0


def figures(samples: list[Sample]) -> tuple[float, float, float]:
    times = [sample.seconds for sample in samples] or [float("nan")]
    return statistics.median(times), min(times), max(times)


def report(board: Load, bare: Load, changes: int, args: argparse.Namespace) -> dict[str, Any]:
    changed, anchor = board.of(200), bare.of(200)
    median, low, high = figures(changed)
    anchor_median = figures(anchor)[0]
    sizes = [sample.size for sample in changed] or [0]
    unchanged = len(board.of(304))
    others = len(board.samples) - len(changed) - unchanged
    print(
        f"{args.pollers} pollers every {args.interval} s for {args.seconds} s, "
        f"{changes} changes (one every {args.change_every} s), {args.workers} gunicorn workers"
    )
    print(
        f"changed board (200)  {len(changed):5} polls   median {median * 1000:8.1f} ms   "
        f"min {low * 1000:7.1f}   max {high * 1000:8.1f}   "
        f"{len(changed) / args.seconds:6.1f}/s   "
        f"median {statistics.median(sizes) / 1000:.1f} KB, max {max(sizes) / 1000:.1f} KB"
    )
    print(f"unchanged (304)      {unchanged:5} polls;   other statuses: {others}")
    print(
        f"bare logged-in view  {len(anchor):5} views   median {anchor_median * 1000:8.1f} ms   "
        f"ratio {median / anchor_median:.1f}"
    )
    return {
        "name": "board.changed_under_load",
        "median_s": round(median, 5),
        "min_s": round(low, 5),
        "max_s": round(high, 5),
        "anchor": "bare logged-in view under the same load",
        "anchor_median_s": round(anchor_median, 5),
        "ratio": round(median / anchor_median, 2),
        "peak_mb": None,
        "response_kb_median": round(statistics.median(sizes) / 1000, 1),
        "response_kb_max": round(max(sizes) / 1000, 1),
        "polls": len(changed),
        "unchanged_polls": unchanged,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", help="write the measure to this file")
    parser.add_argument("--pollers", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--interval", type=float, default=2.0)
    parser.add_argument("--change-every", type=float, default=0.5)
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args(namespace=ARGS)
    build_args = argparse.Namespace(rows=30, columns=15, touchpoints=600, participants=40)
    slug = f"bench-load-{uuid.uuid4().hex[:8]}"
    workspace, workshop, user = build(build_args, slug)
    server = None
    try:
        facilitation.set_phase(workshop, WorkshopPhase.RATE)
        client = Client()
        client.force_login(user)
        cookie = (
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )
        server, port = start_gunicorn(args.workers)
        base = f"http://127.0.0.1:{port}"
        bare, _ = run_load(f"{base}{reverse('accessibility')}", cookie, None)
        board, changes = run_load(
            f"{base}{reverse('workshop_board', args=[slug, workshop.pk])}", cookie, workshop
        )
        measure = report(board, bare, changes, args)
        if args.json:
            Path(args.json).write_text(json.dumps({"measures": [measure]}, indent=2) + "\n")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        workspace.delete()
        user.delete()


if __name__ == "__main__":
    main()
