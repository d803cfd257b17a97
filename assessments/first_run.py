"""The guided first run: the five steps from an empty workspace to a plan, each with its state.

Import the org chart → mark IT branches → record or capture touch points → assess → plan.
A step's state is derived from what the workspace holds (one query), never stored: a workspace
whose chart was imported by the command line has done that step too.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.db.models import Exists, Model, OuterRef
from django.urls import reverse

from assessments.models import Action, Assessment, Target
from convergence.models import Capability, Membership, Workspace
from touchpoints.models import OrgUnit, Side, State, TouchPoint

DONE, NEXT, LATER = "done", "next", "later"


@dataclass(frozen=True, slots=True)
class Step:
    title: str
    explanation: str
    done: bool
    url: str
    link_text: str
    allowed: bool  # the member's role can take this step; else the page says who can
    state: str = LATER

    @property
    def state_label(self) -> str:
        return {DONE: "Done", NEXT: "Next step", LATER: "To do"}[self.state]


def progress(workspace_id: int) -> dict[str, bool]:
    """What the workspace holds, in one query of five EXISTS."""

    def held(model: type[Model], **conditions: object) -> Exists:
        return Exists(model._default_manager.filter(workspace_id=OuterRef("pk"), **conditions))

    flags = Workspace.objects.filter(pk=workspace_id).values(
        has_units=held(OrgUnit, is_active=True),
        has_it=held(OrgUnit, is_active=True, side=Side.IT),
        has_touchpoints=held(TouchPoint, state=State.CURRENT),
        has_assessment=held(Assessment),
        has_plan=held(Action) | held(Target),
    )
    return {name: bool(value) for name, value in flags.get().items()}


def steps(membership: Membership, flags: dict[str, bool]) -> list[Step]:
    """The five steps in order; the first not done is the next one."""
    slug = membership.workspace.slug
    admin = membership.can(Capability.ADMINISTER)
    records = membership.can(Capability.EDIT_TOUCHPOINTS)
    listed = [
        Step(
            "Import the org chart",
            "Upload the HR system's export (CSV, XLSX or JSON): the business units and IT teams.",
            flags["has_units"],
            reverse("import_list" if admin else "orgunit_list", args=[slug]),
            "Import the org chart" if admin else "See the org chart",
            admin,
        ),
        Step(
            "Mark the IT branches",
            "Say which branches of the chart are IT; everything below a marked unit follows it.",
            flags["has_it"],
            reverse("orgunit_list", args=[slug]),
            "Mark IT branches" if admin else "See the org chart",
            admin,
        ),
        Step(
            "Record or capture touch points",
            "List where business and IT meet today: one by one, or live in a workshop.",
            flags["has_touchpoints"],
            reverse("touchpoint_list" if records else "workshop_list", args=[slug]),
            "Record touch points" if records else "See the workshops",
            records or membership.can(Capability.RUN_WORKSHOPS),
        ),
        Step(
            "Assess",
            "Request a gap report: it places the organisation on the slope and lists its gaps.",
            flags["has_assessment"],
            reverse("report_list", args=[slug]),
            "Request a gap report",
            membership.can(Capability.REPORTS),
        ),
        Step(
            "Plan",
            "Set a target and plan actions against the gaps; the plan projects the score.",
            flags["has_plan"],
            reverse("plan", args=[slug]),
            "Open the plan",
            membership.can(Capability.PLAN),
        ),
    ]
    next_index = next((i for i, step in enumerate(listed) if not step.done), len(listed))
    return [
        replace(step, state=DONE if step.done else NEXT if i == next_index else LATER)
        for i, step in enumerate(listed)
    ]
