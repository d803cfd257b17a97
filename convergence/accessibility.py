"""What the accessibility statement claims. The page shows these and the browser tests run on
them (the axe version, its rule tags, the widths, the people), so the statement stays true."""

from __future__ import annotations

STANDARD = "WCAG 2.2 level AA"
AXE_VERSION = "4.14.1"
# axe-core tags each rule with the WCAG level it checks: 2.0, 2.1 and 2.2, A and AA.
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
VIEWPORT_WIDTHS = (1280, 390)
PEOPLE_TESTED = (
    "a workspace admin",
    "a facilitator",
    "a manager",
    "a viewer",
    "a workshop participant on a phone (no account)",
    "a visitor who is not logged in",
)
KEYBOARD_TESTED = (
    "the workshop board's facilitator controls keep focus while the board refreshes",
    "a participant's vote keeps focus after voting and while the page refreshes",
    "the dashboard roll-up opens by keyboard and keeps focus",
    "the members page changes a role only on its Change button",
    "the network map is walked with the arrow keys, and its table lists each unit's ties",
)
KNOWN_EXCEPTIONS = (
    "No screen reader (NVDA, JAWS, VoiceOver, TalkBack) test has been run yet: the checks are "
    "automatic (axe-core) and by keyboard in Chromium.",
    "The network map is drawn on a canvas; a screen reader reads the table below it, which "
    "holds the same units and ties.",
    "The Django admin under /admin/ (for staff only) is Django's own and is not covered.",
    "Downloaded CSV and XLSX files are data, not documents: their accessibility is that of the "
    "program that opens them. The printable HTML report is covered.",
)
