import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from touchpoints.synthetic import SyntheticSpec, generate_workspace


class Command(BaseCommand):
    help = "Generate (or regenerate) a workspace of any size for benchmarks and load tests."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--slug", default="synthetic")
        parser.add_argument("--units", type=int, default=1000, help="business units")
        parser.add_argument("--teams", type=int, default=100, help="IT teams")
        parser.add_argument("--touchpoints", type=int, default=10000)
        parser.add_argument("--locations", type=int, default=5)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        for name in ("units", "teams", "touchpoints", "locations"):
            if options[name] < (0 if name == "touchpoints" else 1):
                self.stderr.write(f"--{name} must be at least 1")
                raise SystemExit(2)
        started = time.perf_counter()
        spec = SyntheticSpec(
            slug=options["slug"],
            units=options["units"],
            teams=options["teams"],
            touchpoints=options["touchpoints"],
            locations=options["locations"],
            seed=options["seed"],
        )
        workspace = generate_workspace(spec)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Workspace '{workspace.slug}': {spec.units} business units, {spec.teams} IT teams, "
            f"{spec.touchpoints} touch points in {elapsed:.1f} s"
        )
