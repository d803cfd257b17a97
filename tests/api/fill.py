"""More of every listed object, for the query-count tests: the count must not grow with them."""

from __future__ import annotations

import datetime

from assessments import gap_reports, rounds
from assessments.actions import DesiredTouchPoint, create_action
from assessments.models import Action, GapReport, SurveyRound
from tests.conftest import Org, People
from touchpoints.models import Channel, ChannelCategory, Level, OrgUnit, Workshop


def fill(org: Org, people: People, count: int) -> None:
    workspace = org.workspace
    start = OrgUnit.objects.filter(workspace=workspace).count()
    for n in range(start, start + count):
        org.touchpoint(level=Level.STRATEGIC, description=f"desk {n}")
        OrgUnit.objects.create(
            workspace=workspace, code=f"X{n}", name=f"Extra {n}", parent=org.sales
        )
        Channel.objects.create(
            workspace=workspace, name=f"Extra {n}", category=ChannelCategory.SLA_REVIEW
        )
        workshop = Workshop.objects.create(
            workspace=workspace, title=f"W{n}", date=datetime.date(2030, 1, 1)
        )
        workshop.business_units.set([org.sales, org.finance])
        workshop.it_teams.set([org.apps])
        create_action(
            Action(workspace=workspace, title=f"Plan {n}", owner=people.manager),
            [DesiredTouchPoint(org.finance, org.infra, Level.TACTICAL)],
            people.manager,
        )
        SurveyRound.objects.create(
            workspace=workspace, title=f"Round {n}", instrument=rounds.default_instrument(workspace)
        )
    report = GapReport.objects.create(workspace=workspace, requested_by=people.manager)
    gap_reports.build_report(report.pk)
