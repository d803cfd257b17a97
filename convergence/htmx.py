"""htmx conventions every app shares."""

from __future__ import annotations

from django.http import HttpRequest


def is_fragment(request: HttpRequest) -> bool:
    """An htmx request that swaps a region (a boosted one wants the full page)."""
    return bool(request.htmx and not request.htmx.boosted)  # type: ignore[attr-defined]
