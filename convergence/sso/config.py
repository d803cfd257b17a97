"""Single sign-on's configuration: settings from the environment, endpoints from discovery.

mozilla-django-oidc reads each value through a `get_settings` hook; ours (`setting`) answers an
endpoint left empty from the provider's discovery document (OIDC_OP_DISCOVERY_URL), fetched
once per process, so an administrator gives the issuer's address and nothing else.
"""

from __future__ import annotations

import functools
from typing import Any

import requests
from django.conf import settings
from mozilla_django_oidc.utils import import_from_settings

# The settings mozilla-django-oidc reads, and the discovery document's name for each.
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}


def enabled() -> bool:
    """Single sign-on is on once a client id is configured."""
    return bool(settings.OIDC_RP_CLIENT_ID)


@functools.cache
def discovery_document(url: str) -> dict[str, Any]:
    """The provider's /.well-known/openid-configuration (a failure is not cached: retried)."""
    response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
    response.raise_for_status()
    document: dict[str, Any] = response.json()
    return document


def setting(name: str, *default: Any) -> Any:
    """A mozilla-django-oidc setting: the configured value, else the discovered endpoint."""
    value = getattr(settings, name, None)
    if not value and name in DISCOVERED and settings.OIDC_OP_DISCOVERY_URL:
        return discovery_document(settings.OIDC_OP_DISCOVERY_URL).get(DISCOVERED[name])
    return import_from_settings(name, *default)


def issuer() -> str:
    """The issuer ID tokens must name: configured, else discovered, else not checked ("")."""
    if settings.OIDC_OP_ISSUER or not settings.OIDC_OP_DISCOVERY_URL:
        return str(settings.OIDC_OP_ISSUER)
    return str(discovery_document(settings.OIDC_OP_DISCOVERY_URL).get("issuer", ""))
