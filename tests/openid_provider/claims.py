"""The claims the loopback provider hands out: e-mail, username and the user's groups."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from oidc_provider.lib.claims import ScopeClaims


def userinfo(claims: dict[str, Any], user: User) -> dict[str, Any]:
    claims["email"] = user.email
    claims["email_verified"] = True
    claims["preferred_username"] = user.username
    claims["name"] = user.get_full_name() or user.username
    return claims


class GroupsScopeClaims(ScopeClaims):  # type: ignore[misc]  # the provider ships no types
    info_groups = ("Groups", "The groups you belong to.")

    def scope_groups(self) -> dict[str, list[str]]:
        return {"groups": sorted(group.name for group in self.user.groups.all())}
