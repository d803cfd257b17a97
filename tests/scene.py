"""One of everything a URL can name, in one workspace: for the isolation and bad-input tables."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments import gap_reports, rounds
from assessments.actions import DesiredTouchPoint, create_action
from assessments.models import Action, Assessment, GapReport, SurveyRound, Target
from convergence.models import (
    ApiToken,
    GroupMapping,
    Invitation,
    Membership,
    Role,
    Webhook,
    WebhookDelivery,
)
from convergence.tokens import issue_token
from tests.conftest import Org, People, build_org, make_user
from touchpoints.importing import create_job
from touchpoints.meetings.jobs import store_upload
from touchpoints.models import (
    Channel,
    Frequency,
    ImportJob,
    Level,
    MeetingImport,
    OrgUnit,
    Participant,
    PeopleUpload,
    Person,
    PersonSource,
    Proposal,
    Side,
    Suggestion,
    TouchPoint,
    Workshop,
    WorkshopPhase,
    WorkshopStatus,
)
from touchpoints.workshops import facilitation

CHART = "code,name,parent\nG,Group,\nS,Sales,G\n"


@dataclass
class Scene:
    org: Org
    touchpoint: TouchPoint
    workshop: Workshop
    participant: Participant
    proposal: Proposal
    job: ImportJob
    report: GapReport
    member: Membership
    channel: Channel
    target: Target
    action: Action
    closed_workshop: Workshop
    survey_round: SurveyRound | None = None
    person: Person | None = None
    api_token: ApiToken | None = None
    meeting_import: MeetingImport | None = None
    suggestion: Suggestion | None = None
    invitation: Invitation | None = None
    group_mapping: GroupMapping | None = None
    people_upload: PeopleUpload | None = None

    @property
    def slug(self) -> str:
        return self.org.workspace.slug

    @property
    def unit(self) -> OrgUnit:
        return self.org.sales

    @property
    def webhook(self) -> Webhook:
        webhook, _ = Webhook.objects.get_or_create(
            workspace=self.org.workspace, url="http://receiver.example/hook"
        )
        return webhook

    @property
    def delivery(self) -> WebhookDelivery:
        delivery, _ = WebhookDelivery.objects.get_or_create(webhook=self.webhook, event="ping")
        return delivery

    @property
    def assessment(self) -> Assessment:
        assert self.report.assessment is not None
        return self.report.assessment

    @property
    def code(self) -> str:
        return self.workshop.join_code


def build_scene(org: Org, admin: User) -> Scene:
    """A touch point, a live workshop with a participant's proposal, an import and a report."""
    touchpoint = org.touchpoint(description=f"{org.workspace.name} weekly desk")
    workshop = Workshop.objects.create(
        workspace=org.workspace, title=f"{org.workspace.name} workshop", date="2030-01-15"
    )
    workshop.business_units.set([org.sales, org.finance])
    workshop.it_teams.set([org.apps, org.infra])
    Workshop.objects.filter(pk=workshop.pk).update(status=WorkshopStatus.LIVE)
    workshop.refresh_from_db()
    touchpoint.workshop = workshop
    touchpoint.save(update_fields=["workshop"])
    participant = Participant.objects.create(workshop=workshop, name="Pat", side=Side.BUSINESS)
    proposal = Proposal.objects.create(
        workshop=workshop,
        participant=participant,
        business_unit=org.finance,
        it_team=org.infra,
        level=Level.TACTICAL,
    )
    job, _ = create_job(org.workspace, CHART.encode(), "chart.csv", admin)
    report = GapReport.objects.create(workspace=org.workspace, requested_by=admin)
    gap_reports.build_report(report.pk)
    report.refresh_from_db()
    member = Membership.objects.get(workspace=org.workspace, user=admin)
    channel = Channel.objects.filter(workspace=org.workspace).first()
    assert channel is not None
    survey_round = SurveyRound.objects.create(
        workspace=org.workspace,
        title=f"{org.workspace.name} survey",
        instrument=rounds.default_instrument(org.workspace),
    )
    target = Target.objects.create(
        workspace=org.workspace, unit=org.sales, score=70, due=datetime.date(2030, 6, 30)
    )
    action = create_action(
        Action(workspace=org.workspace, title=f"{org.workspace.name} plan", target=target),
        [DesiredTouchPoint(org.finance, org.infra, Level.STRATEGIC)],
        admin,
    )
    return Scene(
        org,
        touchpoint,
        workshop,
        participant,
        proposal,
        job,
        report,
        member,
        channel,
        target,
        action,
        closed_workshop(org),
        survey_round,
        person=Person.objects.create(
            workspace=org.workspace,
            unit=org.sales,
            name=f"{org.workspace.name} person",
            email=f"someone@{org.workspace.slug}.example",
            source=PersonSource.UPLOAD,
        ),
        api_token=issue_token(member, "scene").token,
        meeting_import=store_upload(
            org.workspace,
            [("team.ics", b"")],
            since=datetime.date(2026, 1, 1),
            until=datetime.date(2026, 6, 30),
        ),
        suggestion=Suggestion.objects.create(
            workspace=org.workspace,
            business_unit=org.finance,
            it_team=org.infra,
            level=Level.OPERATIONAL,
            frequency=Frequency.WEEKLY,
            meeting_count=3,
            first_seen=datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC),
            last_seen=datetime.datetime(2026, 6, 15, tzinfo=datetime.UTC),
            business_people=1,
            it_people=1,
        ),
        invitation=Invitation.objects.create(
            workspace=org.workspace,
            email=f"invited@{org.workspace.slug}.example",
            token_digest=f"scene-{org.workspace.slug}",
            expires_at=timezone.now() + datetime.timedelta(days=7),
        ),
        group_mapping=GroupMapping.objects.create(
            workspace=org.workspace, group=f"{org.workspace.slug}-staff", role=Role.VIEWER
        ),
        people_upload=PeopleUpload.objects.create(
            workspace=org.workspace, data=b"email,name,unit\n", filename="people.csv"
        ),
    )


def closed_workshop(org: Org) -> Workshop:
    """A past workshop, closed the way a facilitator closes one (so it has its outcome)."""
    workshop = Workshop.objects.create(
        workspace=org.workspace, title=f"{org.workspace.name} past workshop", date="2029-01-15"
    )
    workshop.business_units.set([org.sales])
    workshop.it_teams.set([org.apps])
    facilitation.set_phase(workshop, WorkshopPhase.CAPTURE)
    facilitation.close(workshop)
    return workshop


def participant_client(scene: Scene) -> Client:
    """A browser that joined the scene's workshop by its link (no account)."""
    client = Client()
    response = client.post(
        reverse("join_workshop", args=[scene.code]), {"name": "Sam", "side": Side.IT}
    )
    assert response.status_code == 302
    return client


def respondent_client(scene: Scene) -> Client:
    """A phone that started answering the scene's survey round by its link (no account)."""
    assert scene.survey_round is not None
    client = Client()
    url = reverse("survey_start", args=[scene.survey_round.link_token])
    assert client.post(url, {"side": Side.BUSINESS}).status_code == 302
    return client


@dataclass
class World:
    """The conftest personas and organisations, each with a full scene."""

    people: People
    scene: Scene
    other: Scene


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[World]:
    """Built once per module (in a transaction rolled back at its end): each test's own
    transaction, nested inside, undoes whatever the test changed."""
    with django_db_blocker.unblock(), transaction.atomic():
        org = build_org("acme", "Acme")
        admin = make_user("alice", org.workspace, Role.ADMIN)
        facilitator = make_user("fiona", org.workspace, Role.FACILITATOR)
        manager = make_user("mark", org.workspace, Role.MANAGER)
        viewer = make_user("vera", org.workspace, Role.VIEWER)
        scene = build_scene(org, admin)
        ids_past_every_table()
        other_org = build_org("other", "Other Corp")
        outsider = make_user("oscar", other_org.workspace, Role.ADMIN)
        other = build_scene(other_org, outsider)
        ids_past_every_table()
        people = People(admin, facilitator, manager, viewer, outsider)
        yield World(people, scene, other)
        transaction.set_rollback(True)


def ids_past_every_table() -> None:
    """Set every table's id sequence to the highest id given in any table, so that the rows made
    next have ids no earlier row of any table has. The other workspace is built between two such
    jumps: a test that finds no `value="<its id>"` on a page cannot be fooled (or failed) by one
    of our own objects of another table that happens to share the number, as happened under
    xdist, where each worker's database has its own history. (A sequence ignores rollbacks.)"""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(format('%I.%I', schemaname, sequencename)::regclass, top)"
            " FROM pg_sequences, (SELECT coalesce(max(last_value), 1) AS top FROM pg_sequences"
            " WHERE schemaname = current_schema()) AS highest"
            " WHERE schemaname = current_schema()"
        )
