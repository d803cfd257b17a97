"""Participants propose desired touch points ("we should meet here") as well as current ones."""

import pytest
from django.db import IntegrityError

from tests.conftest import Org, People, client_for, htmx_client_for
from tests.workshops.conftest import board_url, live_url, participant_client, url
from touchpoints.models import (
    ChannelCategory,
    Proposal,
    ProposalStatus,
    State,
    TouchPoint,
    Workshop,
)

pytestmark = pytest.mark.django_db


def propose(workshop: Workshop, **data: object) -> Proposal:
    fields: dict[str, object] = {"level": "strategic", "channel": "", "frequency": ""} | data
    response = participant_client(workshop).post(
        live_url("participant_propose", workshop), fields, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200, response.content
    return Proposal.objects.get()


def test_the_phone_form_offers_current_or_desired_and_starts_at_current(
    workshop: Workshop,
) -> None:
    page = participant_client(workshop).get(live_url("participant_home", workshop))
    assert page.context["form"]["state"].value() == State.CURRENT
    html = page.content.decode()
    assert "Current: we meet here today" in html and "Desired: we should meet here" in html
    assert "<legend>It is</legend>" in html


def test_a_desired_proposal_needs_neither_channel_nor_frequency_and_stays_desired(
    org: Org, people: People, workshop: Workshop
) -> None:
    proposal = propose(
        workshop, state="desired", business_unit=org.finance.pk, it_team=org.infra.pk
    )
    assert proposal.state == State.DESIRED and proposal.channel is None
    board = client_for(people.facilitator).get(board_url(workshop)).content.decode()
    assert '<span class="desired-label">Desired</span>' in board

    htmx_client_for(people.facilitator).post(url("proposal_accept", workshop, proposal.pk))
    touch_point = TouchPoint.objects.get()
    assert touch_point.state == State.DESIRED
    assert (touch_point.channel, touch_point.frequency, touch_point.level) == (
        None,
        "",
        "strategic",
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED and proposal.touch_point == touch_point


def test_a_desired_proposal_keeps_the_channel_it_names(
    org: Org, people: People, workshop: Workshop
) -> None:
    channel = org.channel(ChannelCategory.JOINT_PLANNING)
    proposal = propose(
        workshop,
        state="desired",
        business_unit=org.sales.pk,
        it_team=org.apps.pk,
        channel=channel.pk,
        frequency="quarterly",
    )
    htmx_client_for(people.facilitator).post(url("proposal_accept", workshop, proposal.pk))
    touch_point = TouchPoint.objects.get()
    assert (touch_point.state, touch_point.channel, touch_point.frequency) == (
        State.DESIRED,
        channel,
        "quarterly",
    )


def test_a_current_proposal_without_channel_is_completed_on_accepting(
    org: Org, people: People, workshop: Workshop
) -> None:
    proposal = propose(workshop, business_unit=org.finance.pk, it_team=org.infra.pk)
    assert proposal.state == State.CURRENT and proposal.needs_details
    facilitator = htmx_client_for(people.facilitator)
    board = client_for(people.facilitator).get(board_url(workshop)).content.decode()
    assert "Complete &amp; accept" in board and "(no channel or frequency yet)" in board

    accept = url("proposal_accept", workshop, proposal.pk)
    panel = facilitator.get(accept).content.decode()
    assert "A current touch point needs a channel and a frequency" in panel
    refused = facilitator.post(accept)
    assert refused.context["form"].errors["channel"] == ["A current touch point needs this."]
    assert not TouchPoint.objects.exists()

    completed = {
        "business_unit": org.finance.pk,
        "it_team": org.infra.pk,
        "level": "strategic",
        "channel": org.channel(ChannelCategory.STEERING_COMMITTEE).pk,
        "frequency": "quarterly",
        "initiated_by": "both",
        "state": "current",
    }
    response = facilitator.post(accept, completed)
    assert response.status_code == 200 and b"Accepted" in response.content
    touch_point = TouchPoint.objects.get()
    assert (touch_point.state, touch_point.frequency) == (State.CURRENT, "quarterly")


def test_the_participant_sees_which_of_their_proposals_are_desired(
    org: Org, workshop: Workshop
) -> None:
    client = participant_client(workshop)
    data = {"business_unit": org.sales.pk, "it_team": org.apps.pk, "level": "tactical"}
    client.post(live_url("participant_propose", workshop), data | {"state": "desired"})
    page = client.get(live_url("participant_home", workshop)).content.decode()
    assert "Sales ↔ Apps (Tactical, desired)" in page


def test_the_database_refuses_an_unknown_proposal_state(org: Org, workshop: Workshop) -> None:
    with pytest.raises(IntegrityError):
        Proposal.objects.create(
            workshop=workshop,
            business_unit=org.sales,
            it_team=org.apps,
            level="tactical",
            state="someday",
        )
