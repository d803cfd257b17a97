"""schemathesis against the live schema (the app's own /api/openapi.json, called through its
WSGI application): every operation, eight generated requests each (valid and invalid ones), with
a real token; none may answer a server error or a response its schema does not describe, and
invalid data must be refused.

All of schemathesis' default checks run but one: positive_data_acceptance wants every request
the schema allows to succeed, and a schema cannot say "the id of a unit of this workspace", so
a made-up unit id is refused with the form's 422, as it should be."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.api.conftest import token_for
from tests.api.test_api_isolation import OBJECTS
from tests.scene import World, world

pytestmark = pytest.mark.django_db
__all__ = ["world"]  # the module-scoped fixture, imported to be found


# Read through the app itself at collection: the schema it serves (no database needed for it).
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
# Every request carries the token (the isolation tests try requests without one).
schema.config.generation.update(with_security_parameters=False)
# The coverage phase (boundary values of every parameter, each path's other methods) sends some
# 1,300 requests, four times the rest's time: `API_FUZZ_COVERAGE=1` runs it too (it found the
# huge offset and the lone surrogate that tests/api/test_api_*.py now pin); by default the
# examples and fuzzing phases run, about 200 requests.
schema.config.phases.coverage.enabled = os.environ.get("API_FUZZ_COVERAGE") == "1"


@pytest.fixture(autouse=True)
def connection_kept_open() -> Iterator[None]:
    """The generated requests run inside the test's transaction, so the app must not close the
    connection after each one (Django's test client keeps it open the same way)."""
    signals = (request_started, request_finished)
    for signal in signals:
        signal.disconnect(close_old_connections)
    yield
    for signal in signals:
        signal.connect(close_old_connections)


@pytest.fixture
def admin_token(world: World, settings: Any) -> str:
    settings.API_RATE_LIMIT = "100000/m"
    return token_for(world.people.admin, world.scene.org.workspace)


@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_keeps_to_its_schema(case: Any, world: World, admin_token: str) -> None:
    case.path_parameters["slug"] = world.scene.slug
    # A valid request names a real object (a made-up id only finds 404); an invalid one keeps
    # the id it was given, which may be what makes it invalid.
    if "pk" in case.path_parameters and case.meta.generation.mode == GenerationMode.POSITIVE:
        resource = case.path.split("/")[4]
        case.path_parameters["pk"] = getattr(world.scene, OBJECTS[resource]).pk
    case.call_and_validate(
        headers={"Authorization": f"Bearer {admin_token}"},
        excluded_checks=[positive_data_acceptance],
    )
