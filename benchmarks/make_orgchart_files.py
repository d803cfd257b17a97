"""Write two large, realistic org-chart exports for the import benchmark.

    .venv/bin/python benchmarks/make_orgchart_files.py OUT_DIR [--people 50000]
        [--units 20000] [--seed 7]

- people-by-manager.csv: people with a manager id and a department id/name (about twenty
  people per department); each department's head reports to the head of its parent department,
  so the departments form one tree. Rows are shuffled, so managers often come after their staff.
- units-by-parent.csv: units naming their parent unit, shuffled, with a few parents missing
  from the file (orphans) and the odd non-breaking space.
"""

import argparse
import csv
import random
from pathlib import Path

LOCATIONS = ("Lisbon", "Porto", "Madrid", "Paris", "Berlin", "Leeds", "Lyon", "São Paulo")
FIRST_NAMES = ("Ana", "Bruno", "Chloé", "David", "Eva", "Filipe", "Grace", "Hugo", "Inês", "Jan")
LAST_NAMES = ("Silva", "Martin", "Müller", "Smith", "García", "Rossi", "Dubois", "Costa")
PEOPLE_PER_DEPARTMENT = 20


def write_people(path: Path, people: int, rng: random.Random) -> int:
    """Write the people file; returns how many departments it holds."""
    departments = max(1, people // PEOPLE_PER_DEPARTMENT)
    # Person d heads department d and reports to the head of its parent department.
    head_managers = [None, *(rng.randrange(d) for d in range(1, departments))]
    rows = [_person_row(d, head_managers[d], d, rng) for d in range(departments)]
    members_by_department = [[head] for head in range(departments)]
    for person in range(departments, people):
        department = rng.randrange(departments)
        manager = rng.choice(members_by_department[department])
        members_by_department[department].append(person)
        rows.append(_person_row(person, manager, department, rng))
    rng.shuffle(rows)
    _write_csv(
        path,
        ["employee_id", "full_name", "manager_id", "department_id", "department_name",
         "location", "job_title", "email", "hire_date"],
        rows,
    )  # fmt: skip
    return departments


def _person_row(person: int, manager: int | None, department: int, rng: random.Random) -> list[str]:
    name = f"{rng.choice(FIRST_NAMES)}\u00a0{rng.choice(LAST_NAMES)} "
    return [
        f"{person:07d}",
        name,
        "" if manager is None else f"{manager:07d}",
        f"D{department:05d}",
        f"Department {department}",
        rng.choice(LOCATIONS),
        rng.choice(("Analyst", "Engineer", "Manager", "Clerk", "Director")),
        f"person{person}@example.com",
        f"20{rng.randrange(10, 25)}-0{rng.randrange(1, 10)}-1{rng.randrange(0, 10)}",
    ]


def write_units(path: Path, units: int, rng: random.Random) -> None:
    rows = []
    for unit in range(units):
        parent = "" if unit == 0 else f"U{rng.randrange(unit):06d}"
        if unit and rng.random() < 0.001:
            parent = f"GONE{unit}"  # a parent that is not in the export
        rows.append(
            [
                f"U{unit:06d}",
                f" Unit\u00a0{unit}  {rng.choice(LAST_NAMES)}",
                parent,
                rng.choice(("yes", "no", "no", "no")),
                rng.choice(LOCATIONS),
                rng.choice(("Division", "Department", "Team")),
                rng.choice(("high", "medium", "low", "")),
                f"CC{rng.randrange(1000):04d}",
            ]
        )
    rng.shuffle(rows)
    _write_csv(
        path,
        ["unit_id", "unit_name", "parent_unit_id", "is_it", "location", "unit_type",
         "criticality", "cost_centre"],
        rows,
    )  # fmt: skip


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--units", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    departments = write_people(args.out_dir / "people-by-manager.csv", args.people, rng)
    write_units(args.out_dir / "units-by-parent.csv", args.units, rng)
    print(f"wrote {args.people} people in {departments} departments and {args.units} units "
          f"to {args.out_dir}")  # fmt: skip


if __name__ == "__main__":
    main()
