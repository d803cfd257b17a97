"""A suggestion's evidence as the review queue says it: "11 meetings since June, weekly, ..."."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from touchpoints.models.touchpoints import Frequency


def evidence_text(
    *,
    meeting_count: int,
    first_seen: datetime,
    frequency: str,
    business: tuple[str, int],
    it: tuple[str, int],
    titles: Sequence[str],
    today: date,
) -> str:
    """The evidence in one sentence; `business` and `it` are (unit name, people counted)."""
    month = f"{first_seen:%B}" if first_seen.year == today.year else f"{first_seen:%B %Y}"
    when = f"since {month}" if meeting_count > 1 else f"in {month}"
    meetings = f"{meeting_count} meeting{'s' if meeting_count != 1 else ''} {when}"
    people = "person" if it[1] == 1 else "people"
    parts = [
        meetings,
        Frequency(frequency).label.lower(),
        f"{business[1]} {business[0]} and {it[1]} {it[0]} {people}",
    ]
    if titles:
        parts.append("titles like " + ", ".join(f"'{title}'" for title in titles))
    return ", ".join(parts)
