"""Signing a delivery so its receiver can tell it came from this site and was not replayed.

The header `Convergence-Signature: t=<unix time>,v1=<hex>` carries an HMAC-SHA256, keyed by the
webhook's secret, of `<unix time>.<body>`. A receiver recomputes it, compares in constant time
and refuses a time too far from its clock (README: Webhooks).
"""

from __future__ import annotations

import hashlib
import hmac

SIGNATURE_HEADER = "Convergence-Signature"
TOLERANCE_SECONDS = 300


def signature(secret: str, timestamp: int, body: bytes) -> str:
    signed = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    return f"t={timestamp},v1={signature(secret, timestamp, body)}"


def verify(secret: str, header: str, body: bytes, now: int) -> bool:
    """What a receiver does: True when the header signs this body within the tolerance."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(parts.get("t", ""))
    except ValueError:
        return False
    if abs(now - timestamp) > TOLERANCE_SECONDS:
        return False
    return hmac.compare_digest(parts.get("v1", ""), signature(secret, timestamp, body))
