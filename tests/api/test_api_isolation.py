"""Every API route, listed from the API's own schema (a new route cannot be left out): another
workspace's ids answer 404, a token on another workspace's path 404, a viewer's token never
writes (403), and a missing, revoked or expired token, or one whose owner left, 401."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.utils import timezone

from assessments.models import Action
from convergence.api.core import api
from convergence.models import ApiToken, Membership
from tests.api.conftest import call, token_for
from tests.scene import Scene, World, world
from touchpoints.models import Channel, TouchPoint

pytestmark = pytest.mark.django_db
__all__ = ["world"]  # the module-scoped fixture, imported to be found

SCHEMA = api.get_openapi_schema()
OPERATIONS = [
    (method, path, operation)
    for path, item in SCHEMA["paths"].items()
    for method, operation in item.items()
]
# The scene's object each resource's {pk} names (a route of a new resource fails until added).
OBJECTS = {
    "units": "unit",
    "touchpoints": "touchpoint",
    "channels": "channel",
    "workshops": "workshop",
    "assessments": "assessment",
    "reports": "report",
    "actions": "action",
    "surveys": "survey_round",
}


def case_id(row: tuple[str, str, Any]) -> str:
    return f"{row[0].upper()} {row[1]}"


def url_of(path: str, slug: str, scene: Scene) -> str:
    resource = path.split("/")[4]
    pk = getattr(scene, OBJECTS[resource]).pk if "{pk}" in path else None
    return path.replace("{slug}", slug).replace("{pk}", str(pk))


def resolved(schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return dict(SCHEMA["components"]["schemas"][name])
    return schema


def example(schema: dict[str, Any]) -> Any:
    """A value the schema accepts: its first choice, or a plain value of its type."""
    schema = resolved(schema)
    if "enum" in schema:
        return schema["enum"][0]
    if "anyOf" in schema:
        return example(schema["anyOf"][0])
    return {"integer": 1, "string": "x", "boolean": True, "number": 1.0}.get(
        schema.get("type", "string"), "x"
    )


def body_of(operation: dict[str, Any]) -> dict[str, Any] | None:
    """A body that passes the request schema, so the route itself answers (not the schema)."""
    content = operation.get("requestBody", {}).get("content", {})
    if not content:
        return None
    schema = resolved(content["application/json"]["schema"])
    return {name: example(schema["properties"][name]) for name in schema.get("required", [])}


def request(token: str | None, method: str, url: str, operation: dict[str, Any]) -> Any:
    return call(token, method, url, body_of(operation) if method != "get" else None)


def nothing_changed(scene: Scene) -> None:
    assert TouchPoint.objects.filter(pk=scene.touchpoint.pk, version=1).exists()
    assert Channel.objects.filter(pk=scene.channel.pk, version=1).exists()
    assert Action.objects.filter(pk=scene.action.pk).exists()


@pytest.fixture(scope="module")
def tokens(world: World, django_db_blocker: Any) -> dict[str, str]:
    with django_db_blocker.unblock():
        people, workspace = world.people, world.scene.org.workspace
        return {
            "admin": token_for(people.admin, workspace),
            "viewer": token_for(people.viewer, workspace),
            "outsider": token_for(people.outsider, world.other.org.workspace),
        }


def test_the_route_list_is_every_operation_of_the_api() -> None:
    assert len(OPERATIONS) >= 24
    assert all(path.startswith("/api/w/{slug}/") for _, path, _ in OPERATIONS)
    assert {path.split("/")[4] for _, path, _ in OPERATIONS} == set(OBJECTS)


@pytest.mark.parametrize("row", [row for row in OPERATIONS if "{pk}" in row[1]], ids=case_id)
def test_another_workspaces_ids_answer_404(world: World, tokens: dict[str, str], row: Any) -> None:
    method, path, operation = row
    url = url_of(path, world.scene.slug, world.other)
    response = request(tokens["admin"], method, url, operation)
    assert response.status_code == 404, response.content
    assert response.json()["code"] == "not_found"
    nothing_changed(world.other)


@pytest.mark.parametrize("row", OPERATIONS, ids=case_id)
def test_a_token_on_another_workspaces_path_answers_404(
    world: World, tokens: dict[str, str], row: Any
) -> None:
    method, path, operation = row
    response = request(
        tokens["outsider"], method, url_of(path, world.scene.slug, world.scene), operation
    )
    assert response.status_code == 404, response.content
    assert world.scene.org.workspace.name not in response.content.decode()
    nothing_changed(world.scene)


@pytest.mark.parametrize("row", [row for row in OPERATIONS if row[0] != "get"], ids=case_id)
def test_a_viewers_token_cannot_write(world: World, tokens: dict[str, str], row: Any) -> None:
    method, path, operation = row
    response = request(
        tokens["viewer"], method, url_of(path, world.scene.slug, world.scene), operation
    )
    assert response.status_code == 403, response.content
    assert response.json()["code"] == "forbidden"
    nothing_changed(world.scene)


@pytest.mark.parametrize("row", [row for row in OPERATIONS if row[0] == "get"], ids=case_id)
def test_an_admins_token_reads_every_route(world: World, tokens: dict[str, str], row: Any) -> None:
    method, path, operation = row
    response = request(
        tokens["admin"], method, url_of(path, world.scene.slug, world.scene), operation
    )
    assert response.status_code == 200, response.content


def spoiled_token(world: World, how: str) -> str | None:
    people, workspace = world.people, world.scene.org.workspace
    if how == "missing":
        return None
    if how == "unknown":
        return "cvg_00000000_not-a-token"
    token = token_for(people.facilitator, workspace, name=how)
    stored = ApiToken.objects.get(name=how)
    if how == "revoked":
        ApiToken.objects.filter(pk=stored.pk).update(revoked_at=timezone.now())
    elif how == "expired":
        past = timezone.now() - datetime.timedelta(seconds=1)
        ApiToken.objects.filter(pk=stored.pk).update(expires_at=past)
    elif how == "owner left":
        Membership.objects.filter(user=people.facilitator, workspace=workspace).delete()
    return token


@pytest.mark.parametrize("how", ["missing", "unknown", "revoked", "expired", "owner left"])
@pytest.mark.parametrize("row", OPERATIONS, ids=case_id)
def test_a_token_that_no_longer_works_answers_401(world: World, row: Any, how: str) -> None:
    method, path, operation = row
    token = spoiled_token(world, how)
    response = request(token, method, url_of(path, world.scene.slug, world.scene), operation)
    assert response.status_code == 401, response.content
    assert response["WWW-Authenticate"] == "Bearer"
    nothing_changed(world.scene)


def test_the_paths_name_no_route_twice() -> None:
    normalised = [re.sub(r"\{\w+\}", "{}", path) + method for method, path, _ in OPERATIONS]
    assert len(normalised) == len(set(normalised))
