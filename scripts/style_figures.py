"""Style figures of the app code: function lengths (median, 90th percentile) and module sizes.

Usage: .venv/bin/python scripts/style_figures.py   (counts convergence/, touchpoints/, assessments/
without migrations; a function's length is its lines from `def` to its last line).
"""

from __future__ import annotations

import ast
import statistics
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = ("convergence", "touchpoints", "assessments")


def modules() -> list[Path]:
    return [p for app in APPS for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts]


def main() -> None:
    lengths: list[int] = []
    sizes: list[tuple[int, str]] = []
    for path in modules():
        text = path.read_text()
        sizes.append((len(text.splitlines()), str(path.relative_to(ROOT))))
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno:
                lengths.append(node.end_lineno - node.lineno + 1)
    lengths.sort()
    p90 = lengths[int(0.9 * (len(lengths) - 1))]
    print(f"functions: {len(lengths)}, median {statistics.median(lengths)} lines, p90 {p90}")
    print(f"modules: {len(sizes)}, median {statistics.median(n for n, _ in sizes)} lines")
    for lines, name in sorted(sizes, reverse=True)[:5]:
        print(f"  {lines:5d} {name}")


if __name__ == "__main__":
    main()
