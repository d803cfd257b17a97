"""What a closed workshop produced, kept on its row when it closes, to print and to send.

`summarise` runs once, inside close(): who took part, the touch points added and changed, the
ratings by side with their perception gaps, the board scope's score before and after, and the
gaps left. The outcome page and its XLSX download only read that record, so they show the
workshop as it closed even after the map moves on.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from touchpoints.models import Side, TouchPoint, TouchPointChange, Workshop
from touchpoints.workshops.board import build_board
from touchpoints.workshops.review import review

SUMMARY = "summary"


def participants_summary(workshop: Workshop) -> dict[str, Any]:
    people = list(workshop.participants.order_by("name", "pk").values_list("name", "side"))
    by_side = Counter(side for _, side in people)
    names = [] if workshop.anonymous else [{"name": name, "side": side} for name, side in people]
    return {
        "business": by_side[Side.BUSINESS],
        "it": by_side[Side.IT],
        "names": names,
    }


def added_summary(workshop: Workshop) -> list[dict[str, str]]:
    added = TouchPoint.objects.with_related().filter(workshop=workshop).order_by("pk")
    return [
        {
            "touch_point": str(tp),
            "state": tp.get_state_display(),
            "channel": tp.channel.name if tp.channel else "",
        }
        for tp in added
    ]


def changed_summary(changes: Any) -> list[dict[str, str]]:
    """One line per touch point changed during the session, naming the fields that changed."""
    fields: dict[str, set[str]] = {}
    for label, change in changes.order_by("pk").values_list("touch_point_label", "changes"):
        fields.setdefault(label, set()).update(change)
    return [
        {"touch_point": label, "fields": ", ".join(sorted(names))}
        for label, names in fields.items()
    ]


def ratings_summary(workshop: Workshop) -> list[dict[str, Any]]:
    """Each rated touch point's mean by side (as the board shows them) and its perception gap."""
    rows = []
    for badge in build_board(workshop).badges:
        if not badge.votes:
            continue
        tp = badge.touch_point
        rows.append(
            {
                "touch_point": f"{tp.business_name} with {tp.it_name} "  # type: ignore[attr-defined]  # .annotate()d by the board query; django-stubs cannot see it
                f"({tp.get_level_display()})",
                "business": rounded(badge.business_mean),
                "business_votes": badge.business_votes,
                "it": rounded(badge.it_mean),
                "it_votes": badge.it_votes,
                "gap": badge.has_perception_gap,
            }
        )
    return rows


def rounded(mean: float | None) -> float | None:
    return None if mean is None else round(mean, 1)


def summarise(workshop: Workshop, start: dict[str, Any] | None, changes: Any) -> dict[str, Any]:
    """The record the outcome page and file show (JSON: it is kept on the workshop row)."""
    now = review(workshop)
    return {
        "participants": participants_summary(workshop),
        "added": added_summary(workshop),
        "changed": changed_summary(changes),
        "ratings": ratings_summary(workshop),
        "start": start,
        "end": now.now.as_json() if now else None,
        "gap_counts": [
            {"rule": rule, "name": name, "count": count}
            for rule, name, count in (now.counts_by_rule if now else [])
        ],
        "gaps": [
            {"rule": g.rule, "name": g.rule_name, "subject": g.subject, "severity": g.severity}
            for g in (now.gaps if now else [])
        ],
    }


def session_changes(workshop: Workshop, on_board: Any) -> Any:
    """The edits made during the session to touch points on the board that it did not add."""
    return TouchPointChange.objects.filter(
        touch_point__in=on_board,
        action=TouchPointChange.Action.UPDATED,
        changed_at__gte=workshop.started_at or workshop.created_at,
    )
