"""The SLOPE.md worked example as workspace data, on top of the shared `org` fixture."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.conftest import Org
from touchpoints.derived_tree import refresh_tree
from touchpoints.models import ChannelCategory, Frequency, Level, OrgUnit, TouchPoint


@dataclass
class WorkedOrg:
    org: Org
    operations: OrgUnit
    touchpoints: list[TouchPoint]


def add_worked_example(org: Org) -> WorkedOrg:
    """Sales, Finance (London) and Operations (Manchester) against Apps and Infra."""
    operations = OrgUnit.objects.create(
        workspace=org.workspace,
        code="O",
        name="Operations",
        parent=org.sales.parent,
        location=org.manchester,
    )
    refresh_tree(org.workspace.pk)
    operations.refresh_from_db()
    rows = [
        (org.sales, org.apps, Level.STRATEGIC, "steering_committee", Frequency.QUARTERLY, 4),
        (org.sales, org.apps, Level.OPERATIONAL, "service_desk", Frequency.DAILY, 3),
        (org.sales, org.infra, Level.OPERATIONAL, "service_desk", Frequency.MONTHLY, 2),
        (org.finance, org.apps, Level.TACTICAL, "sla_review", Frequency.QUARTERLY, 4),
        (operations, org.infra, Level.OPERATIONAL, "embedded_team", Frequency.DAILY, 5),
        (operations, org.infra, Level.TACTICAL, "joint_planning", Frequency.MONTHLY, 3),
    ]
    touchpoints = [
        org.touchpoint(
            business_unit=unit,
            it_team=team,
            level=level,
            channel=org.channel(ChannelCategory(category)),
            frequency=frequency,
            effectiveness=effectiveness,
        )
        for unit, team, level, category, frequency, effectiveness in rows
    ]
    return WorkedOrg(org, operations, touchpoints)


@pytest.fixture
def worked(org: Org) -> WorkedOrg:
    return add_worked_example(org)
