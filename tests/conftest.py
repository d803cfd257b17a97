"""Shared fixtures: one workspace with a member of each role, and an outsider with their own."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client
from hypothesis import settings as hypothesis_settings

from convergence.celery import app as celery_app
from convergence.models import Membership, Role, Workspace
from touchpoints.derived_tree import refresh_tree
from touchpoints.models import (
    Channel,
    ChannelCategory,
    Frequency,
    Level,
    Location,
    OrgUnit,
    Side,
    TouchPoint,
)

PASSWORD = "correct-horse-battery"

# `make mutation` runs the engines' tests once per mutant: the same examples every time, so that
# a mutant's verdict does not depend on the luck of the draw (`--hypothesis-profile=mutation`).
hypothesis_settings.register_profile("mutation", derandomize=True, database=None)


def examples(count: int) -> int:
    """A property test's number of examples: `count`, or a thirtieth of it under `make mutation`,
    which runs the test once per mutant: every surviving mutant runs every property test that
    reaches it (the fixed examples still catch what they catch)."""
    if hypothesis_settings.get_current_profile_name() == "mutation":
        return max(5, count // 30)
    return count


def shared_unless_mutating(
    fixture_name: str, config: pytest.Config
) -> Literal["function", "module"]:
    """The scope of an engine test's costly fixture: one per module, but one per test under
    `make mutation`, whose runner credits a function to the tests that ran while it was called:
    a module's fixture credits only the first test to use it, and the mutants of what it calls
    would be judged by that test alone."""
    if config.getoption("hypothesis_profile", None) == "mutation":
        return "function"
    return "module"


@dataclass
class Org:
    """A small mapped organisation: two business units, two IT teams under an IT branch."""

    workspace: Workspace
    london: Location
    manchester: Location
    sales: OrgUnit
    finance: OrgUnit
    it: OrgUnit
    apps: OrgUnit
    infra: OrgUnit

    def channel(self, category: str) -> Channel:
        return Channel.objects.get(workspace=self.workspace, category=category)

    def touchpoint(self, **fields: object) -> TouchPoint:
        values: dict[str, object] = {
            "workspace": self.workspace,
            "business_unit": self.sales,
            "it_team": self.apps,
            "level": Level.OPERATIONAL,
            "channel": self.channel(ChannelCategory.SERVICE_DESK),
            "frequency": Frequency.WEEKLY,
        }
        values.update(fields)
        return TouchPoint.objects.create(**values)


def build_org(slug: str, name: str) -> Org:
    workspace = Workspace.objects.create(slug=slug, name=name)
    london = Location.objects.create(workspace=workspace, name="London")
    manchester = Location.objects.create(workspace=workspace, name="Manchester")

    def unit(code: str, unit_name: str, parent: OrgUnit | None = None, **extra: object) -> OrgUnit:
        return OrgUnit.objects.create(
            workspace=workspace, code=code, name=unit_name, parent=parent, **extra
        )

    group = unit("G", f"{name} Group")
    sales = unit("S", "Sales", group, location=london)
    finance = unit("F", "Finance", group, location=london)
    it = unit("IT", "IT", side_mark=Side.IT)
    apps = unit("A", "Apps", it, location=london)
    infra = unit("I", "Infra", it, location=manchester)
    refresh_tree(workspace.pk)
    for u in (sales, finance, it, apps, infra):
        u.refresh_from_db()
    return Org(workspace, london, manchester, sales, finance, it, apps, infra)


@pytest.fixture
def org(db: None) -> Org:
    return build_org("acme", "Acme")


@pytest.fixture
def other_org(db: None) -> Org:
    return build_org("other", "Other Corp")


def make_user(username: str, workspace: Workspace | None, role: str | None) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD)
    if workspace is not None and role is not None:
        Membership.objects.create(workspace=workspace, user=user, role=role)
    return user


@dataclass
class People:
    admin: User
    facilitator: User
    manager: User
    viewer: User
    outsider: User


def cast_of(org: Org, other_org: Org) -> People:
    return People(
        admin=make_user("alice", org.workspace, Role.ADMIN),
        facilitator=make_user("fiona", org.workspace, Role.FACILITATOR),
        manager=make_user("mark", org.workspace, Role.MANAGER),
        viewer=make_user("vera", org.workspace, Role.VIEWER),
        outsider=make_user("oscar", other_org.workspace, Role.ADMIN),
    )


@pytest.fixture
def people(org: Org, other_org: Org) -> People:
    return cast_of(org, other_org)


@dataclass
class Personas:
    org: Org
    other_org: Org
    people: People


@pytest.fixture(scope="module")
def personas(django_db_setup: None, django_db_blocker: Any) -> Iterator[Personas]:
    """org, other_org and people built once for a module, in a transaction rolled back at its
    end: each test's own transaction, a savepoint inside it, undoes what the test wrote."""
    with django_db_blocker.unblock(), transaction.atomic():
        org, other_org = build_org("acme", "Acme"), build_org("other", "Other Corp")
        yield Personas(org, other_org, cast_of(org, other_org))
        transaction.set_rollback(True)


def personas_once_per_module() -> tuple[Any, Any, Any]:
    """The org, other_org and people fixtures of a module, built once for all its tests:
    `org, other_org, people = personas_once_per_module()` at the module's top. Only where the
    tests leave these objects as they found them: a test may write to the database (rolled
    back after it) but must not change the objects themselves (set an attribute, refresh one
    from the database), or the next test would see the change. No `transaction=True` test there
    either: it would commit inside the module's transaction."""

    @pytest.fixture(name="org")
    def shared_org(personas: Personas, db: None) -> Org:
        return personas.org

    @pytest.fixture(name="other_org")
    def shared_other_org(personas: Personas, db: None) -> Org:
        return personas.other_org

    @pytest.fixture(name="people")
    def shared_people(personas: Personas, db: None) -> People:
        return personas.people

    return shared_org, shared_other_org, shared_people


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def htmx_client_for(user: User) -> Client:
    client = Client(headers={"HX-Request": "true"})
    client.force_login(user)
    return client


@pytest.fixture
def without_board_pack(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reports built only for their assessment skip the PDF and the deck.

    Writing those two takes about 0.45 s a report, five times the rest of the build; modules that
    build reports by the dozen to read their scores (the dashboard's) ask for this.
    tests/assessments/test_board_pack.py and test_report_files.py read the real files.
    """
    from assessments import report_deck, report_pdf

    monkeypatch.setattr(report_pdf, "board_pack_pdf", lambda pack: b"%PDF- not written")
    monkeypatch.setattr(report_deck, "board_pack_deck", lambda pack: b"deck not written")


@pytest.fixture(autouse=True)
def celery_runs_in_process() -> Iterator[None]:
    """Unit tests call tasks in-process; the worker tests switch this off themselves."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def cache_of_its_own(settings: Any) -> None:
    """Each test reads and writes the real cache (Redis under `make test`) under a key prefix of
    its own: join-code guesses or cached dashboard panels of one test never leak into the next,
    and nothing is flushed that another process (a worker, a parallel run) relies on."""
    caches = {name: dict(config) for name, config in settings.CACHES.items()}
    caches["default"]["KEY_PREFIX"] = f"test-{uuid.uuid4().hex}"
    settings.CACHES = caches


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    # Real hashing costs ~0.3 s a user; the suite creates hundreds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
