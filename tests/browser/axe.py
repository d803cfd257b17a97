"""axe-core in the test browser: run it on a page and fail on critical or serious violations.

axe-core is vendored under tests/browser/vendor/ (see static/vendor/README.md); it is injected
by the tests only, never served by the app.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

from convergence.accessibility import AXE_TAGS, AXE_VERSION

# The version and tags the accessibility statement names: the statement stays true.
AXE_JS = Path(__file__).parent / "vendor" / f"axe-core-{AXE_VERSION}" / "axe.min.js"
WCAG22_AA = list(AXE_TAGS)
BLOCKING = frozenset({"critical", "serious"})


@cache
def axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def axe_violations(page: Page, tags: list[str] = WCAG22_AA) -> list[dict[str, Any]]:
    """axe's violations on the page as it is now, for the given rule tags."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, so no page's script policy can refuse it.
        page.evaluate(axe_source())
    options = {"runOnly": {"type": "tag", "values": tags}, "resultTypes": ["violations"]}
    result: dict[str, Any] = page.evaluate("options => axe.run(document, options)", options)
    return list(result["violations"])


def describe(violations: list[dict[str, Any]]) -> str:
    """One line per violating element: impact, rule, CSS target and axe's summary of why."""
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            summary = " ".join(node.get("failureSummary", "").split())
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"[{violation['impact']}] {violation['id']} at {target}: {summary}")
    return "\n".join(lines)


def serious_violations(page: Page, tags: list[str] = WCAG22_AA) -> list[dict[str, Any]]:
    return [v for v in axe_violations(page, tags) if v["impact"] in BLOCKING]


def assert_no_serious_axe_violations(page: Page, tags: list[str] = WCAG22_AA) -> None:
    """Fail, naming each element, when axe finds a critical or serious WCAG 2.2 AA violation."""
    blocking = serious_violations(page, tags)
    assert not blocking, f"axe on {page.url}:\n{describe(blocking)}"
