"""Run every benchmark that writes --json, and print each figure beside its anchor.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/convergence \\
        nice -n 10 .venv/bin/python benchmarks/run_all.py [--json FILE] [--only NAME ...]
        [--bench-database-url URL] [--slug bench] [--repeat 3]        (or: make bench)

The benchmarks run in a database of their own: --bench-database-url, else BENCH_DATABASE_URL,
else DATABASE_URL's database name with `_bench` appended. The runner creates and migrates it
if needed, and builds the workspace they read (generate_workspace 10,000 business units / 1,000
IT teams / 100,000 touch points, seed 1, which ends with ANALYZE) when it is missing or of
another size. Then it runs each script of SCRIPTS as a subprocess with `--json`, skipping (with
a message) those that do not take it yet, merges their measures and prints them as one table:
median, min and max seconds, the anchor measured in the same run (a bare logged-in view, a
single SQL aggregate pass over the same touch points, a PostgreSQL COPY of the same rows), the
ratio to it, and the peak memory where a script gives one. --json FILE writes
`{"measures": [...], "postgres": {...}, "load": [...], "skipped": [...]}`.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from measures import print_table, settings_line  # noqa: E402

WORKSPACE = {"units": 10_000, "teams": 1_000, "touchpoints": 100_000}


@dataclass(frozen=True, slots=True)
class Script:
    """A benchmark script, the names of the measures it writes, and its arguments."""

    file: str
    names: str
    arguments: tuple[str, ...] = ()

    def missing(self) -> str:
        """Why the script cannot run yet, or "" when it can."""
        path = HERE / self.file
        if not path.exists():
            return "not written yet"
        return "" if "--json" in path.read_text() else "it does not take --json yet"


def scripts(slug: str, repeat: int, files: Path) -> list[Script]:
    sizes = ("--units", "10000", "--teams", "1000", "--touchpoints", "100000")
    return [
        Script("bench_dashboard.py", "dashboard.<panel>", ("--slug", slug, *sizes)),
        Script("bench_board_load.py", "board.changed_under_load"),
        Script(
            "bench_assessment.py",
            "assessment.full",
            ("--slug", slug, *sizes, "--only-full", "--repeat", str(repeat)),
        ),
        Script("bench_report_files.py", "report.whole", ("--slug", slug, "--repeat", str(repeat))),
        Script(
            "bench_import.py",
            "import.units_20k, import.people_50k",
            ("--folder", str(files), "--repeat", str(repeat)),
        ),
        # Builds (and drops) a workspace of its own: 2,000 people, a year of calendars.
        Script("bench_meetings.py", "import.meetings_100k, import.meetings_100k_again"),
    ]


def bench_database_url(explicit: str | None, environ: Mapping[str, str]) -> str:
    """The benchmarks' own database: given, else BENCH_DATABASE_URL, else DATABASE_URL's
    database with `_bench` appended."""
    if explicit or environ.get("BENCH_DATABASE_URL"):
        return explicit or environ["BENCH_DATABASE_URL"]
    base = environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/convergence")
    parts = urlsplit(base)
    if not parts.scheme.startswith("postgres"):
        raise SystemExit("The benchmarks need PostgreSQL: set DATABASE_URL or BENCH_DATABASE_URL.")
    name = parts.path.lstrip("/") or "convergence"
    return urlunsplit(parts._replace(path=f"/{name}_bench"))


def merge(results: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """The measures of every script's JSON, in order; the first PostgreSQL settings found."""
    measures: list[dict[str, Any]] = []
    postgres: dict[str, Any] = {}
    for result in results:
        measures.extend(dict(m) for m in result.get("measures", []))
        postgres = postgres or dict(result.get("postgres", {}))
    return {"measures": measures, "postgres": postgres}


def run_script(script: Script, environ: Mapping[str, str], out: Path) -> dict[str, Any] | None:
    """Run one script with --json; its measures, or None (with a message) when it failed."""
    command = [sys.executable, str(HERE / script.file), *script.arguments, "--json", str(out)]
    print(f"\n== {script.file} ({script.names})", flush=True)
    finished = subprocess.run(command, env=dict(environ), cwd=ROOT, check=False)
    if finished.returncode != 0 or not out.exists():
        print(f"!! {script.file} failed (exit {finished.returncode}): its measures are missing")
        return None
    result: dict[str, Any] = json.loads(out.read_text())
    return result


def prepare_database(url: str, slug: str) -> None:
    """Create and migrate the benchmark database, and build the workspace if it is missing."""
    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            print(f"creating database {name}", flush=True)
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    environ = {**os.environ, "DATABASE_URL": url}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=environ, cwd=ROOT, check=True)
    if workspace_sizes(url, slug) != WORKSPACE:
        print(f"building workspace {slug!r}: {WORKSPACE}", flush=True)
        sizes = [f"--{key}={value}" for key, value in WORKSPACE.items()]
        command = [*manage, "generate_workspace", f"--slug={slug}", *sizes, "--seed=1"]
        subprocess.run(command, env=environ, cwd=ROOT, check=True)


def workspace_sizes(url: str, slug: str) -> dict[str, int]:
    import psycopg2

    query = """
        SELECT (SELECT count(*) FROM touchpoints_orgunit u
                WHERE u.workspace_id = w.id AND u.side = 'business'),
               (SELECT count(*) FROM touchpoints_orgunit u
                WHERE u.workspace_id = w.id AND u.side = 'it' AND u.kind = 'team'),
               (SELECT count(*) FROM touchpoints_touchpoint t WHERE t.workspace_id = w.id)
        FROM convergence_workspace w WHERE w.slug = %s
    """
    with psycopg2.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute(query, [slug])
        row = cursor.fetchone()
    connection.close()
    return {} if row is None else dict(zip(WORKSPACE, row, strict=True))


def selected(all_scripts: Sequence[Script], only: Sequence[str]) -> list[Script]:
    """The scripts to run: all, or those whose file or measure names contain one of ``only``."""
    if not only:
        return list(all_scripts)
    return [s for s in all_scripts if any(word in s.file or word in s.names for word in only)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--only", nargs="*", default=[])
    parser.add_argument("--bench-database-url")
    parser.add_argument("--slug", default="bench")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    url = bench_database_url(args.bench_database_url, os.environ)
    prepare_database(url, args.slug)
    environ = {**os.environ, "DATABASE_URL": url}
    results, skipped = [], []
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        files = Path(os.environ.get("BENCH_FILES", folder / "files"))
        for n, script in enumerate(selected(scripts(args.slug, args.repeat, files), args.only)):
            if why := script.missing():
                print(f"\n-- skipping {script.file}: {why}", flush=True)
                skipped.append(script.file)
                continue
            if (result := run_script(script, environ, folder / f"{n}.json")) is not None:
                results.append(result)
    merged = merge(results)
    merged["load"] = list(os.getloadavg())
    merged["skipped"] = skipped
    print(f"\n{settings_line(merged['postgres'])}")
    print(f"load average {merged['load']}; skipped: {', '.join(skipped) or 'none'}\n")
    print_table(merged["measures"])
    if args.json:
        args.json.write_text(json.dumps(merged, indent=2) + "\n")


if __name__ == "__main__":
    main()
