"""Calling the API as a program would: a real token in the Authorization header."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.models import User
from django.test import Client

from convergence.models import Membership, Workspace
from convergence.tokens import issue_token


def token_for(user: User, workspace: Workspace, name: str = "test") -> str:
    membership = Membership.objects.select_related("workspace", "user").get(
        user=user, workspace=workspace
    )
    return issue_token(membership, name).secret


def call(
    token: str | None, method: str, url: str, body: dict[str, Any] | None = None, **query: Any
) -> Any:
    """One API request; the response's `.json()` reads its body."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    client = Client(headers=headers)
    if method == "get":
        return client.get(url, query)
    data = json.dumps(body if body is not None else {})
    return getattr(client, method)(url, data, content_type="application/json")


def api_url(slug: str, *parts: object) -> str:
    return "/api/w/" + slug + "/" + "".join(f"{part}/" for part in parts)
