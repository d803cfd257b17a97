"""Helpers of `make mutation` (scripts/mutation.sh) around mutmut's results in mutants/.

    python scripts/mutation.py generate            # write the mutants, run no test
    python scripts/mutation.py sample N [SEED [ENGINE ...]]  # N random mutant names, one a line
    python scripts/mutation.py rerun [ENGINE ...]  # survivors and unchecked mutants, one a line
    python scripts/mutation.py report [NAME ...]   # score per engine and the survivors

Run from the repository root with mutmut installed (the dev extra). The score of an engine is
killed / (mutants - listed), where the listed mutants are those of scripts/mutation_equivalents.txt
(equivalent, or run only at import), each with its reason; a timeout counts as killed, "no tests"
as survived.
"""

from __future__ import annotations

import json
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENTS = ROOT / "scripts" / "mutation_equivalents.txt"
MUTANTS = ROOT / "mutants"
KILLED = {"killed", "timeout", "segfault", "caught by type check"}


def engine_of(name: str) -> str:
    """`assessments.slope.gaps.x_f__mutmut_3` belongs to the engine `assessments.slope`."""
    return ".".join(name.split(".")[:2])


def results() -> dict[str, str]:
    """Every mutant's status, from the .meta files mutmut writes beside each mutated module."""
    from mutmut.stats import status_by_exit_code

    statuses: dict[str, str] = {}
    for meta in sorted(MUTANTS.rglob("*.py.meta")):
        for name, code in json.loads(meta.read_text())["exit_code_by_key"].items():
            statuses[name] = status_by_exit_code[code]
    return statuses


def equivalents() -> dict[str, str]:
    """Mutant name -> why it cannot change behaviour (`NAME  # reason`, one a line)."""
    listed: dict[str, str] = {}
    for line in EQUIVALENTS.read_text().splitlines():
        name, _, reason = line.partition("#")
        if name.strip():
            listed[name.strip()] = reason.strip()
    return listed


def generate() -> None:
    """mutmut writes its mutants only as the first step of `mutmut run`; this is that step."""
    from mutmut.__main__ import create_mutants
    from mutmut.utils.file_utils import copy_also_copy_files, copy_src_dir, setup_source_paths

    MUTANTS.mkdir(exist_ok=True)
    copy_src_dir()
    copy_also_copy_files()
    setup_source_paths()
    create_mutants(1)


def sample(size: int, seed: int, engines: list[str]) -> list[str]:
    """`size` mutants at random, of the given engines only when some are named."""
    listed = equivalents()
    names = sorted(
        name
        for name in results()
        if name not in listed and (not engines or engine_of(name) in engines)
    )
    return sorted(random.Random(seed).sample(names, min(size, len(names))))


def to_rerun(engines: list[str]) -> list[str]:
    """Survivors may fall to tests added since they were checked; killed mutants stay killed."""
    listed = equivalents()
    return [
        name
        for name, status in sorted(results().items())
        if name not in listed
        and status not in KILLED
        and (not engines or engine_of(name) in engines)
    ]


def _changed_line(name: str) -> str:
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    module = name.rpartition(".x")[0]
    try:
        diff = get_diff_for_mutant(name, path=module.replace(".", "/") + ".py")
    except Exception as error:  # a stale name or index: say so, keep reporting
        return f"(no diff: {error})"
    added = [line[1:].strip() for line in diff.splitlines() if line.startswith("+ ")]
    return " / ".join(added)[:110]


def report(only: list[str]) -> int:
    statuses = results()
    listed = equivalents()
    if only:
        statuses = {name: statuses[name] for name in only if name in statuses}
    per_engine: dict[str, Counter[str]] = {}
    survivors: list[str] = []
    for name, status in sorted(statuses.items()):
        counts = per_engine.setdefault(engine_of(name), Counter())
        counts["mutants"] += 1
        if name in listed:
            counts["equivalent"] += 1
        elif status in KILLED:
            counts["killed"] += 1
        elif status == "not checked":
            counts["not checked"] += 1
        else:
            counts["survived"] += 1
            survivors.append(name)
    what = f"a sample of {len(statuses)}" if only else "the whole population"
    print(f"\nMutation score on {what} (killed / non-equivalent mutants):")
    print(f"{'engine':<24} {'mutants':>8} {'listed':>7} {'killed':>7} {'survived':>9} {'score':>7}")
    for engine, counts in sorted(per_engine.items()):
        judged = counts["mutants"] - counts["equivalent"]
        score = 100 * counts["killed"] / judged if judged else 100.0
        unchecked = f"  ({counts['not checked']} not checked)" if counts["not checked"] else ""
        print(
            f"{engine:<24} {counts['mutants']:>8} {counts['equivalent']:>7} "
            f"{counts['killed']:>7} {counts['survived']:>9} {score:>6.1f}%{unchecked}"
        )
    print(f"\nSurvivors ({len(survivors)}; `mutmut show NAME` prints the change):")
    for name in survivors:
        print(f"  {name}  [{statuses[name]}]  {_changed_line(name)}")
    stale = sorted(set(listed) - set(results()))
    if stale:
        print(f"\n{EQUIVALENTS.name} lists mutants that no longer exist: {', '.join(stale)}")
    return 0


def main(argv: list[str]) -> int:
    command, args = (argv[0], argv[1:]) if argv else ("report", [])
    if command == "generate":
        generate()
    elif command == "sample":
        seed = int(args[1]) if len(args) > 1 else 1
        print("\n".join(sample(int(args[0]), seed, args[2:])))
    elif command == "rerun":
        print("\n".join(to_rerun(args)))
    elif command == "report":
        return report(args)
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
