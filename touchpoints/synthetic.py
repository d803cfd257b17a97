"""Generated workspaces of any size, for benchmarks and load tests, built by bulk inserts."""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Model

from convergence.models import Workspace
from touchpoints.derived_tree import refresh_tree
from touchpoints.models import (
    Channel,
    Criticality,
    Frequency,
    InitiatedBy,
    Level,
    Location,
    OrgUnit,
    Side,
    State,
    TouchPoint,
)

BATCH = 5000
# A generated business tree: each level holds about this many times the level above it.
BRANCHING = 8


@dataclass(frozen=True)
class SyntheticSpec:
    slug: str
    units: int
    teams: int
    touchpoints: int
    seed: int = 1
    locations: int = 5
    desired_share: float = 0.05


def generate_workspace(spec: SyntheticSpec) -> Workspace:
    """Replace workspace `spec.slug` with a generated one of the requested size, then ANALYZE
    its tables: the first benchmark after it would otherwise run on plans made without
    statistics."""
    workspace = build_workspace(spec)
    analyze(OrgUnit, TouchPoint, Location, Channel)
    return workspace


def analyze(*models: type[Model]) -> None:
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in models)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")


@transaction.atomic
def build_workspace(spec: SyntheticSpec) -> Workspace:
    delete_workspace(spec.slug)
    rng = random.Random(spec.seed)
    workspace = Workspace.objects.create(slug=spec.slug, name=f"Synthetic {spec.slug}")
    locations = Location.objects.bulk_create(
        Location(workspace=workspace, name=f"Site {n + 1}") for n in range(spec.locations)
    )
    business = create_tree(workspace, "B", spec.units, locations, rng)
    it_root = OrgUnit.objects.create(
        workspace=workspace, code="IT", name="IT", side_mark=Side.IT, kind="division"
    )
    teams = create_level(
        workspace, "T", spec.teams, [it_root], locations, rng, kind="team", name="IT team"
    )
    refresh_tree(workspace.pk)
    create_touchpoints(workspace, business, teams, spec, rng)
    return workspace


def delete_workspace(slug: str) -> None:
    """Delete by plain queries in dependency order: the ORM collector is slow at this size."""
    workspace = Workspace.objects.filter(slug=slug).first()
    if workspace is None:
        return
    TouchPoint.objects.filter(workspace=workspace).delete()
    OrgUnit.objects.filter(workspace=workspace).update(parent=None)
    OrgUnit.objects.filter(workspace=workspace).delete()
    workspace.delete()


def create_tree(
    workspace: Workspace, prefix: str, count: int, locations: list[Location], rng: random.Random
) -> list[OrgUnit]:
    """`count` business units in levels of growing width (divisions, departments, teams...)."""
    created: list[OrgUnit] = []
    parents: list[OrgUnit | None] = [None]
    level = 0
    while len(created) < count:
        width = min(count - len(created), max(1, len(parents) * BRANCHING if level else 6))
        level_units = create_level(
            workspace, f"{prefix}{level}-", width, parents, locations, rng, kind=f"level {level}"
        )
        created.extend(level_units)
        parents = list(level_units)
        level += 1
    return created


def create_level(
    workspace: Workspace,
    prefix: str,
    count: int,
    parents: list[OrgUnit | None] | list[OrgUnit],
    locations: list[Location],
    rng: random.Random,
    *,
    kind: str,
    name: str = "Unit",
) -> list[OrgUnit]:
    units = [
        OrgUnit(
            workspace=workspace,
            code=f"{prefix}{n}",
            name=f"{name} {prefix}{n}",
            parent=parents[n % len(parents)],
            kind=kind,
            location=rng.choice(locations),
            criticality=Criticality.HIGH if rng.random() < 0.1 else Criticality.NORMAL,
        )
        for n in range(count)
    ]
    return OrgUnit.objects.bulk_create(units, batch_size=BATCH)


def create_touchpoints(
    workspace: Workspace,
    business: list[OrgUnit],
    teams: list[OrgUnit],
    spec: SyntheticSpec,
    rng: random.Random,
) -> None:
    channels = list(Channel.objects.filter(workspace=workspace))
    levels, frequencies, initiators = Level.values, Frequency.values, InitiatedBy.values
    batch: list[TouchPoint] = []
    for _ in range(spec.touchpoints):
        desired = rng.random() < spec.desired_share
        batch.append(
            TouchPoint(
                workspace=workspace,
                business_unit=rng.choice(business),
                it_team=rng.choice(teams),
                level=rng.choice(levels),
                channel=rng.choice(channels),
                frequency=rng.choice(frequencies),
                effectiveness=None if rng.random() < 0.2 else rng.randint(1, 5),
                initiated_by=rng.choice(initiators),
                state=State.DESIRED if desired else State.CURRENT,
            )
        )
        if len(batch) == BATCH:
            TouchPoint.objects.bulk_create(batch)
            batch = []
    TouchPoint.objects.bulk_create(batch)
