"""Sum up the axe-core audit's findings (artifacts/axe/*.json, written by
tests/browser/test_accessibility_audit.py): page loads, violations and elements by impact.

    .venv/bin/pytest tests/browser/test_accessibility_audit.py
    .venv/bin/python benchmarks/axe_figures.py [FOLDER]
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

FOLDER = Path(__file__).resolve().parents[1] / "artifacts" / "axe"


def main(folder: Path) -> None:
    loads, violations, elements = 0, Counter[str](), Counter[str]()
    rules: Counter[tuple[str, str]] = Counter()
    for path in sorted(folder.glob("*.json")):
        for entry in json.loads(path.read_text()):
            loads += 1
            for violation in entry["violations"]:
                violations[violation["impact"]] += 1
                elements[violation["impact"]] += len(violation["nodes"])
                rules[(violation["impact"], violation["id"])] += len(violation["nodes"])
    print(f"{loads} page loads")
    for impact in ("critical", "serious", "moderate", "minor"):
        print(f"{impact}: {violations[impact]} violations on {elements[impact]} elements")
    for (impact, rule), count in rules.most_common():
        print(f"  {impact} {rule}: {count} elements")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else FOLDER)
