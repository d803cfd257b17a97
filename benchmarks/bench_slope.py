"""Time the slope engine on a large random scope.

    .venv/bin/python benchmarks/bench_slope.py [--units 10000] [--teams 1000]
        [--touch-points 100000] [--desired 20000] [--max-gaps-per-rule 1000] [--seed 7]

Runs twice: with no desired touch points (every business unit and IT team pair is expected)
and with ``--desired`` desired touch points. Prints wall time per stage and the process's peak
resident memory after it (``resource.getrusage``; tracemalloc would slow the run threefold).
``--max-gaps-per-rule -1`` materialises every gap.
"""

import argparse
import random
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assessments.slope import tables
from assessments.slope.dimensions import score_scope, score_units
from assessments.slope.gaps import find_gaps
from assessments.slope.index import build_index
from assessments.slope.model import BusinessUnit, ITTeam, Scenario, TouchPoint

LOCATIONS = ("London", "Manchester", "Leeds", "Paris", "Berlin", "Madrid", "Lyon", "Porto")


def random_scenario(
    rng: random.Random, units: int, teams: int, touch_points: int, desired: int
) -> Scenario:
    business_units = tuple(
        BusinessUnit(
            f"bu{i}",
            f"Business unit {i}",
            rng.choice(LOCATIONS),
            "high" if rng.random() < 0.1 else "normal",
        )
        for i in range(units)
    )
    it_teams = tuple(ITTeam(f"it{i}", f"IT team {i}", rng.choice(LOCATIONS)) for i in range(teams))
    channels, frequencies = list(tables.CHANNEL_DEPTH), list(tables.FREQUENCY_SCORE)
    current = [
        TouchPoint(
            id=str(i + 1),
            business_unit=f"bu{rng.randrange(units)}",
            it_team=f"it{rng.randrange(teams)}",
            level=rng.choice(tables.LEVELS),
            channel=rng.choice(channels),
            frequency=rng.choice(frequencies),
            effectiveness=rng.choice((None, 1, 2, 3, 4, 5)),
        )
        for i in range(touch_points)
    ]
    wanted = [
        TouchPoint(
            id=f"d{i + 1}",
            business_unit=f"bu{rng.randrange(units)}",
            it_team=f"it{rng.randrange(teams)}",
            level=rng.choice(tables.LEVELS),
            state="desired",
        )
        for i in range(desired)
    ]
    return Scenario(business_units, it_teams, tuple(current + wanted))


def measured[T](label: str, run: Callable[[], T]) -> T:
    started = time.perf_counter()
    value = run()
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"  {label:<38} {elapsed:6.2f} s   peak RSS {peak:7.0f} MiB")
    return value


def bench(scenario: Scenario, max_gaps: int | None) -> None:
    index = measured("index (one pass + graph)", lambda: build_index(scenario))
    units = measured("unit scores", lambda: score_units(index))
    measured("scope score", lambda: score_scope(index, units))
    gaps, counts = measured(
        f"gap rules (max_gaps_per_rule={max_gaps})",
        lambda: find_gaps(index, units, max_gaps_per_rule=max_gaps),
    )
    shown = ", ".join(f"{rule} {count}" for rule, count in sorted(counts.items()) if count)
    print(f"  gaps kept {len(gaps)}; true counts: {shown}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--teams", type=int, default=1_000)
    parser.add_argument("--touch-points", type=int, default=100_000)
    parser.add_argument("--desired", type=int, default=20_000)
    parser.add_argument("--max-gaps-per-rule", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    limit = args.max_gaps_per_rule if args.max_gaps_per_rule >= 0 else None
    for desired in (0, args.desired):
        scenario = random_scenario(rng, args.units, args.teams, args.touch_points, desired)
        print(
            f"{args.units} business units, {args.teams} IT teams, "
            f"{args.touch_points} current and {desired} desired touch points (seed {args.seed})"
        )
        bench(scenario, limit)


if __name__ == "__main__":
    main()
