"""Time the plan's projection and the next best touch point on a large generated workspace.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/conv_plan_bench \\
        .venv/bin/python benchmarks/bench_plan.py [--slug bench-plan] [--units 10000]
        [--teams 1000] [--touchpoints 100000] [--division-size 300] [--regenerate] [--repeat 3]

Generates the workspace with touchpoints.synthetic.generate_workspace (5% of its touch points
desired: the plan) unless one with that slug and size exists, then measures, uncached:
- the projection of the whole organisation (every unit): read the map, score it today and
  with every desired touch point realised (assessments.planning.outlook), and the same at the
  depth of its divisions;
- the next best touch points of the business unit whose subtree is closest to
  --division-size units (assessments.planning.next_best on planning.division_scope);
- the same ranking on the engine alone (the scenario already read), to separate SQL from Python.
Aims (issue 12): under 3 s and under 2 s.
"""

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convergence.settings")

import django

django.setup()

from bench_assessment import workspace_for  # noqa: E402

from assessments.assess import Scope, read_scope  # noqa: E402
from assessments.models import Granularity  # noqa: E402
from assessments.planning import division_scope, next_best, outlook  # noqa: E402
from assessments.slope.projection import rank_next_best  # noqa: E402
from touchpoints.models import OrgUnit, Side  # noqa: E402
from touchpoints.synthetic import SyntheticSpec  # noqa: E402


def best_time(name: str, run: Callable[[], str], repeat: int) -> None:
    """Best wall and process CPU time of ``repeat`` runs: on a shared machine the CPU time is
    the figure that does not depend on the neighbours (database time shows in wall only)."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        note = run()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    print(f"{name:<40} wall {min(walls):6.2f} s  cpu {min(cpus):6.2f} s  {note}", flush=True)


def division_of_size(workspace_id: int, size: int) -> tuple[OrgUnit, int]:
    """The business unit whose active business subtree is closest to ``size`` units."""
    units = list(
        OrgUnit.objects.filter(
            workspace_id=workspace_id, side=Side.BUSINESS, is_active=True
        ).values_list("pk", "path")
    )
    below: dict[int, int] = {}
    by_path = {path: pk for pk, path in units}
    for _, path in units:
        parts = path.strip("/").split("/")
        for depth in range(1, len(parts) + 1):
            ancestor = by_path.get("/" + "/".join(parts[:depth]) + "/")
            if ancestor is not None:
                below[ancestor] = below.get(ancestor, 0) + 1
    best = min(below, key=lambda pk: abs(below[pk] - size))
    return OrgUnit.objects.get(pk=best), below[best]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slug", default="bench-plan")
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--teams", type=int, default=1_000)
    parser.add_argument("--touchpoints", type=int, default=100_000)
    parser.add_argument("--division-size", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--regenerate", action="store_true")
    args = parser.parse_args()
    spec = SyntheticSpec(args.slug, args.units, args.teams, args.touchpoints)
    ws = workspace_for(spec, args.regenerate).pk
    division, size = division_of_size(ws, args.division_size)
    scope = division_scope(division)
    scenario = read_scope(ws, scope, division.path).scenario

    def projection() -> str:
        found = outlook(ws, Scope(), "organisation")
        move = found.whole
        return f"{found.realised} realised; {move.sentence()}"

    def ranking() -> str:
        today, ranked = next_best(ws, scope, 10, division.path)
        top = ranked[0] if ranked else None
        best = f"best {top.name} +{float(top.best.gain):.3f}" if top else "nothing missing"
        return f"{division.name} ({size} units), today {float(today.score):.1f}; {best}"

    def engine_only() -> str:
        _, ranked = rank_next_best(scenario)
        return f"{len(ranked)} candidates ranked"

    def projection_at_depth() -> str:
        found = outlook(ws, Scope(Granularity.DEPTH, 1, 0), "organisation")
        return f"{len(found.units)} scope units; {found.whole.sentence()}"

    best_time("projection, whole organisation", projection, args.repeat)
    best_time("projection, divisions (depth 1, IT 0)", projection_at_depth, args.repeat)
    best_time(f"next best, {size}-unit division", ranking, args.repeat)
    best_time("next best, engine only (scenario read)", engine_only, args.repeat)


if __name__ == "__main__":
    main()
