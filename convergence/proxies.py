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
    remote: str = request.META.get("REMOTE_ADDR", "")
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


def client_network(request: HttpRequest) -> str:
    """The network a rate limit counts: an IPv4 address, or an IPv6 address's /64.

    One IPv6 subscriber holds a whole /64 and can rotate through it at will; an IPv4-mapped
    IPv6 address counts as the IPv4 address it maps.
    """
    address = client_address(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{parsed}/64", strict=False))
    return str(parsed)
