"""The SLOPE.md Projection example as workspace data: the worked example and its plan."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from assessments.actions import DesiredTouchPoint, create_action
from assessments.models import Action, Target
from tests.assessments.conftest import WorkedOrg, add_worked_example
from tests.conftest import Org, People
from touchpoints.models import ChannelCategory, Frequency, Level

DUE = datetime.date(2030, 6, 30)


@dataclass
class PlannedOrg:
    worked: WorkedOrg
    finance_target: Target
    actions: list[Action]

    @property
    def org(self) -> Org:
        return self.worked.org


def add_plan(org: Org, people: People) -> PlannedOrg:
    """Four actions, one desired touch point each, as in SLOPE.md: Finance-Infra tactical (joint
    planning, monthly), Operations-Apps, Sales-Apps and Finance-Apps strategic."""
    worked = add_worked_example(org)
    target = Target.objects.create(
        workspace=org.workspace, unit=org.finance, band="Convergence", due=DUE
    )
    plans = [
        (
            "Plan jointly with Infra",
            DesiredTouchPoint(
                org.finance,
                org.infra,
                Level.TACTICAL,
                org.channel(ChannelCategory.JOINT_PLANNING),
                Frequency.MONTHLY,
            ),
        ),
        (
            "Operations on the steering committee",
            DesiredTouchPoint(worked.operations, org.apps, Level.STRATEGIC),
        ),
        ("Sales keeps its seat", DesiredTouchPoint(org.sales, org.apps, Level.STRATEGIC)),
        (
            "Finance on the steering committee",
            DesiredTouchPoint(org.finance, org.apps, Level.STRATEGIC),
        ),
    ]
    actions = [
        create_action(
            Action(
                workspace=org.workspace, title=title, owner=people.manager, due=DUE, target=target
            ),
            [wanted],
            people.manager,
        )
        for title, wanted in plans
    ]
    return PlannedOrg(worked, target, actions)


@pytest.fixture
def planned(org: Org, people: People) -> PlannedOrg:
    return add_plan(org, people)
