"""Where a request comes from, seen through the reverse proxies the deployment trusts."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's IP address: REMOTE_ADDR, or behind TRUSTED_PROXY_HOPS proxies, X-Forwarded-For.

    Each proxy appends the address it received the request from, so the entry that many hops
    from the right was written by our outermost proxy; entries left of it are the client's to
    invent. A header shorter than the hops, or an entry that is no IP address, means the
    request did not come through the proxies as configured: REMOTE_ADDR then.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    hops = settings.TRUSTED_PROXY_HOPS
    if hops <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < hops:
        return remote
    candidate = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
