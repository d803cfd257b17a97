"""A live workshop on the shared Org: Sales and Finance against Apps and Infra."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import Org
from touchpoints.models import Participant, Side, Workshop, WorkshopPhase, WorkshopStatus


def live_workshop(org: Org) -> Workshop:
    """A live workshop in its capture phase: Sales and Finance against Apps and Infra."""
    workshop = Workshop.objects.create(
        workspace=org.workspace,
        title="Finance meets IT",
        date="2030-01-15",
        status=WorkshopStatus.LIVE,
        phase=WorkshopPhase.CAPTURE,
    )
    workshop.business_units.set([org.sales, org.finance])
    workshop.it_teams.set([org.apps, org.infra])
    return workshop


@pytest.fixture
def workshop(org: Org) -> Workshop:
    return live_workshop(org)


@pytest.fixture
def draft(workshop: Workshop) -> Workshop:
    """The workshop as planned: not started, taking no input."""
    Workshop.objects.filter(pk=workshop.pk).update(status=WorkshopStatus.DRAFT)
    workshop.refresh_from_db()
    return workshop


def board_url(workshop: Workshop) -> str:
    return reverse("workshop_board", args=[workshop.workspace.slug, workshop.pk])


def url(name: str, workshop: Workshop, *args: object) -> str:
    return reverse(name, args=[workshop.workspace.slug, workshop.pk, *args])


def participant_client(workshop: Workshop, name: str = "Pat", side: str = Side.BUSINESS) -> Client:
    """A browser session that joined `workshop` through its link."""
    client = Client()
    client.post(reverse("join_workshop", args=[workshop.join_code]), {"name": name, "side": side})
    assert Participant.objects.filter(workshop=workshop, name=name).exists()
    return client


def live_url(name: str, workshop: Workshop, *args: object) -> str:
    return reverse(name, args=[workshop.join_code, *args])


def propose_desired(client: Client, workshop: Workshop, business: object, it: object) -> None:
    """`client`, a participant, proposes a desired strategic touch point between two units."""
    data = {"business_unit": business, "it_team": it, "level": "strategic", "state": "desired"}
    response = client.post(live_url("participant_propose", workshop), data)
    assert response.status_code in {200, 302}
