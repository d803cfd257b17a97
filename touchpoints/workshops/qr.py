"""The projector's QR code of the join link, drawn server-side as inline SVG by segno."""

from __future__ import annotations

from functools import lru_cache

import segno


@lru_cache(maxsize=64)
def qr_svg(url: str) -> str:
    """An SVG that scales to its box (no fixed size), dark on light, with the quiet zone kept.

    Cached: the projector redraws every time the board changes, its join link never does.
    """
    code = segno.make(url, error="m")
    svg = code.svg_inline(scale=1, border=4, dark="#000", light="#fff", omitsize=True)
    label = 'role="img" aria-label="QR code of the join link"'
    return svg.replace("<svg ", f"<svg {label} ", 1)
