"""QR codes of share links, drawn server-side as SVG by segno (no script, no CDN)."""

from __future__ import annotations

from functools import lru_cache

import segno


@lru_cache(maxsize=256)
def qr_svg(url: str, label: str = "QR code of the link") -> str:
    """An SVG that scales to its box (no fixed size), dark on light, with the quiet zone kept.
    Cached: a share link never changes."""
    code = segno.make(url, error="m")
    svg = code.svg_inline(scale=1, border=4, dark="#000", light="#fff", omitsize=True)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
