"""A closed workshop's outcome as an XLSX file, through the gap report's workbook writer."""

from __future__ import annotations

from typing import Any

from assessments.sheets import workbook_bytes
from convergence.cells import Cell
from touchpoints.models import Workshop
from touchpoints.workshops.outcome import SUMMARY


def score_text(score: dict[str, Any] | None) -> str:
    return f"{score['score']} ({score['band']})" if score else "not measured"


def outcome_rows(workshop: Workshop) -> list[tuple[str, list[str], list[list[Cell]]]]:
    """The workbook's sheets: (title, header, rows), from the record kept at closing."""
    summary = workshop.outcome.get(SUMMARY, {})
    people = summary.get("participants", {})
    overview: list[list[Cell]] = [
        ["workshop", workshop.title],
        ["date", workshop.date.isoformat()],
        ["business participants", people.get("business", 0)],
        ["IT participants", people.get("it", 0)],
        ["touch points added", len(summary.get("added", []))],
        ["touch points changed", len(summary.get("changed", []))],
        ["ratings", workshop.outcome.get("ratings", 0)],
        ["score at start", score_text(summary.get("start"))],
        ["score at close", score_text(summary.get("end"))],
    ]
    overview += [[f"gaps left: {c['name']}", c["count"]] for c in summary.get("gap_counts", [])]
    names = [[p["name"], p["side"]] for p in people.get("names", [])]
    return [
        ("Summary", ["item", "value"], overview),
        ("Participants", ["name", "side"], names),
        (
            "Added",
            ["touch point", "state", "channel"],
            [[a["touch_point"], a["state"], a["channel"]] for a in summary.get("added", [])],
        ),
        (
            "Changed",
            ["touch point", "fields changed"],
            [[c["touch_point"], c["fields"]] for c in summary.get("changed", [])],
        ),
        (
            "Ratings",
            ["touch point", "business mean", "business votes", "IT mean", "IT votes", "gap"],
            [
                [
                    r["touch_point"],
                    r["business"],
                    r["business_votes"],
                    r["it"],
                    r["it_votes"],
                    "perception gap" if r["gap"] else "",
                ]
                for r in summary.get("ratings", [])
            ],
        ),
        (
            "Gaps left",
            ["rule", "rule name", "severity", "subject"],
            [[g["rule"], g["name"], g["severity"], g["subject"]] for g in summary.get("gaps", [])],
        ),
    ]


def outcome_xlsx(workshop: Workshop) -> bytes:
    return workbook_bytes(outcome_rows(workshop))
