"""The demo workspace: a realistic mid-sized organisation, the same every time it is loaded."""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from convergence.models import Membership, Role, Workspace
from touchpoints.derived_tree import refresh_tree
from touchpoints.models import (
    Channel,
    ChannelCategory,
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

DEMO_SLUG = "demo"
DEMO_PASSWORD = "convergence-demo"
LOCATIONS = ["London", "Manchester", "Edinburgh"]

# division -> departments -> teams; (name, location index, critical)
BUSINESS_TREE: dict[str, dict[str, list[str]]] = {
    "Sales & Marketing": {
        "Retail Sales": ["Stores North", "Stores South"],
        "Corporate Sales": ["Key Accounts", "Public Sector"],
        "Marketing": ["Digital Marketing", "Brand"],
    },
    "Finance": {
        "Financial Control": ["Accounts Payable", "Accounts Receivable"],
        "Treasury": ["Cash Management"],
        "Procurement": ["Supplier Management"],
    },
    "Operations": {
        "Logistics": ["Warehousing", "Transport"],
        "Manufacturing": ["Plant Manchester", "Quality Assurance"],
        "Customer Service": ["Contact Centre", "Field Service"],
    },
    "People": {
        "HR Services": ["Payroll", "Recruitment"],
        "Learning & Development": ["Leadership Programmes"],
    },
    "Legal & Risk": {
        "Legal": ["Contracts"],
        "Compliance": ["Data Protection", "Internal Audit"],
    },
}
CRITICAL_UNITS = {"Retail Sales", "Financial Control", "Logistics", "Payroll", "Contact Centre"}

IT_TREE: dict[str, list[str]] = {
    "Applications": ["ERP Team", "CRM Team", "Web & Mobile", "Integration"],
    "Infrastructure": ["Service Desk", "Network & Cloud", "Workplace Services"],
    "Data & Security": ["Data Platform", "Analytics", "Security Operations"],
    "IT Strategy Office": ["Enterprise Architecture", "IT Portfolio"],
}

DEMO_USERS = [
    ("admin", Role.ADMIN),
    ("facilitator", Role.FACILITATOR),
    ("manager", Role.MANAGER),
    ("viewer", Role.VIEWER),
]

# The channel a pair is most likely to use at each level, as organisations tend to.
LEVEL_CHANNELS = {
    Level.STRATEGIC: [ChannelCategory.STEERING_COMMITTEE, ChannelCategory.JOINT_PLANNING],
    Level.TACTICAL: [
        ChannelCategory.SLA_REVIEW,
        ChannelCategory.JOINT_PLANNING,
        ChannelCategory.COMMUNITY_OF_PRACTICE,
    ],
    Level.OPERATIONAL: [
        ChannelCategory.SERVICE_DESK,
        ChannelCategory.SERVICE_DESK,
        ChannelCategory.EMBEDDED_TEAM,
        ChannelCategory.COMMUNITY_OF_PRACTICE,
    ],
}
LEVEL_FREQUENCIES = {
    Level.STRATEGIC: [Frequency.YEARLY, Frequency.QUARTERLY, Frequency.QUARTERLY],
    Level.TACTICAL: [Frequency.QUARTERLY, Frequency.MONTHLY, Frequency.MONTHLY, Frequency.AD_HOC],
    Level.OPERATIONAL: [Frequency.WEEKLY, Frequency.DAILY, Frequency.AD_HOC, Frequency.MONTHLY],
}
TOUCHPOINT_TARGET = 120
DESIRED_COUNT = 14


@dataclass(frozen=True)
class DemoSummary:
    workspace: Workspace
    units: int
    touchpoints: int
    created: bool


@transaction.atomic
def load_demo() -> DemoSummary:
    """Create or complete the demo workspace; running it again changes nothing."""
    workspace, created = Workspace.objects.get_or_create(
        slug=DEMO_SLUG, defaults={"name": "Northwind Trading (demo)"}
    )
    ensure_demo_users(workspace)
    locations = [Location.objects.get_or_create(workspace=workspace, name=n)[0] for n in LOCATIONS]
    if not workspace.units.exists():
        build_org_chart(workspace, locations)
    if not workspace.touchpoints.exists():
        build_touchpoints(workspace)
    return DemoSummary(
        workspace=workspace,
        units=workspace.units.count(),
        touchpoints=workspace.touchpoints.count(),
        created=created,
    )


def ensure_demo_users(workspace: Workspace) -> None:
    user_model = get_user_model()
    for username, role in DEMO_USERS:
        user, created = user_model.objects.get_or_create(username=username)
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        Membership.objects.update_or_create(workspace=workspace, user=user, defaults={"role": role})


def build_org_chart(workspace: Workspace, locations: list[Location]) -> None:
    def add(code: str, name: str, parent: OrgUnit | None, kind: str, index: int) -> OrgUnit:
        return OrgUnit.objects.create(
            workspace=workspace,
            code=code,
            name=name,
            parent=parent,
            kind=kind,
            location=locations[index % len(locations)],
            criticality=Criticality.HIGH if name in CRITICAL_UNITS else Criticality.NORMAL,
        )

    for d, (division, departments) in enumerate(BUSINESS_TREE.items(), start=1):
        division_unit = add(f"B{d}", division, None, "division", d)
        for p, (department, teams) in enumerate(departments.items(), start=1):
            department_unit = add(f"B{d}.{p}", department, division_unit, "department", d + p)
            for t, team in enumerate(teams, start=1):
                add(f"B{d}.{p}.{t}", team, department_unit, "team", d + p + t)
    it_root = add("IT", "Information Technology", None, "division", 0)
    it_root.side_mark = Side.IT
    it_root.save(update_fields=["side_mark"])
    for g, (group, teams) in enumerate(IT_TREE.items(), start=1):
        group_unit = add(f"IT{g}", group, it_root, "department", g)
        for t, team in enumerate(teams, start=1):
            add(f"IT{g}.{t}", team, group_unit, "team", g + t)
    refresh_tree(workspace.pk)


def build_touchpoints(workspace: Workspace) -> None:
    """About 120 touch points over all levels and channels; a few units are left isolated."""
    rng = random.Random(20261126)
    business = list(workspace.units.filter(side=Side.BUSINESS, depth__gte=1).order_by("code"))
    isolated = {unit.name for unit in business if unit.name in {"Brand", "Legal", "Treasury"}}
    business = [unit for unit in business if unit.name not in isolated]
    it_teams = list(workspace.units.filter(side=Side.IT, depth=2).order_by("code"))
    channels = {
        channel.category: channel for channel in Channel.objects.filter(workspace=workspace)
    }
    seen: set[tuple[int, int, str]] = set()
    touchpoints: list[TouchPoint] = []
    while len(touchpoints) < TOUCHPOINT_TARGET:
        unit, team = rng.choice(business), rng.choice(it_teams)
        level = rng.choice([Level.STRATEGIC, Level.TACTICAL, Level.OPERATIONAL, Level.OPERATIONAL])
        if (unit.pk, team.pk, level) in seen:
            continue
        seen.add((unit.pk, team.pk, level))
        desired = len(touchpoints) < DESIRED_COUNT
        touchpoints.append(
            TouchPoint(
                workspace=workspace,
                business_unit=unit,
                it_team=team,
                level=level,
                state=State.DESIRED if desired else State.CURRENT,
                channel=channels[rng.choice(LEVEL_CHANNELS[level])],
                frequency=rng.choice(LEVEL_FREQUENCIES[level]),
                effectiveness=None if desired or rng.random() < 0.15 else rng.randint(1, 5),
                initiated_by=rng.choice(InitiatedBy.values),
                description=f"{level.label} {channels[LEVEL_CHANNELS[level][0]].name.lower()}"
                f" between {unit.name} and {team.name}",
            )
        )
    TouchPoint.objects.bulk_create(touchpoints)
