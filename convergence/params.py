"""Reading ids and numbers people type into URLs and forms, without trusting them."""

from __future__ import annotations

# The largest primary key PostgreSQL's bigint holds; anything longer is not an id.
MAX_ID = 2**63 - 1


def parse_id(raw: object) -> int | None:
    """A non-negative integer written in ASCII digits, at most MAX_ID; None for anything else.

    str.isdigit() alone is not enough: it accepts "²", which int() refuses, and a digit string
    thousands long, which int() refuses too.
    """
    if not isinstance(raw, str) or not raw.isascii() or not raw.isdigit() or len(raw) > 19:
        return None
    value = int(raw)
    return value if value <= MAX_ID else None
