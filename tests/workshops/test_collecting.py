"""The input window: before the session the join link works, and participants propose and rate."""

import pytest

from tests.conftest import Org, People, client_for, htmx_client_for
from tests.workshops.conftest import live_url, participant_client, url
from touchpoints.models import (
    EffectivenessRating,
    Level,
    Proposal,
    Workshop,
    WorkshopPhase,
    WorkshopStatus,
)

pytestmark = pytest.mark.django_db


def proposal_data(org: Org) -> dict[str, object]:
    return {
        "state": "current",
        "business_unit": org.sales.pk,
        "it_team": org.apps.pk,
        "level": Level.TACTICAL,
    }


class TestCollecting:
    def test_the_facilitator_opens_a_planned_workshop_for_input(
        self, people: People, draft: Workshop
    ) -> None:
        response = htmx_client_for(people.facilitator).post(url("workshop_collect", draft))
        assert response.status_code == 200 and b"Collecting input" in response.content
        draft.refresh_from_db()
        assert draft.status == WorkshopStatus.COLLECTING and draft.started_at is None

    def test_participants_propose_and_rate_ahead(
        self, org: Org, people: People, draft: Workshop
    ) -> None:
        client_for(people.facilitator).post(url("workshop_collect", draft))
        touch_point = org.touchpoint()
        pat = participant_client(draft)
        page = pat.get(live_url("participant_home", draft))
        assert b"Collecting input" in page.content and b'id="propose-form"' in page.content
        assert (
            pat.post(live_url("participant_propose", draft), proposal_data(org)).status_code == 302
        )
        pat.post(live_url("participant_rate", draft, touch_point.pk), {"score": "4"})
        assert Proposal.objects.filter(workshop=draft).count() == 1
        assert EffectivenessRating.objects.get(touch_point=touch_point).score == 4

    def test_starting_the_session_keeps_what_came_in(
        self, org: Org, people: People, draft: Workshop
    ) -> None:
        client_for(people.facilitator).post(url("workshop_collect", draft))
        participant_client(draft).post(live_url("participant_propose", draft), proposal_data(org))
        client_for(people.facilitator).post(url("workshop_phase", draft), {"phase": "capture"})
        draft.refresh_from_db()
        assert draft.status == WorkshopStatus.LIVE and draft.phase == WorkshopPhase.CAPTURE
        board = client_for(people.facilitator).get(url("workshop_board", draft))
        assert len(board.context["proposals"]) == 1

    def test_a_live_workshop_cannot_go_back_to_collecting(
        self, people: People, workshop: Workshop
    ) -> None:
        response = htmx_client_for(people.facilitator).post(url("workshop_collect", workshop))
        assert b'role="alert"' in response.content
        workshop.refresh_from_db()
        assert workshop.status == WorkshopStatus.LIVE

    def test_a_locked_window_takes_nothing(self, org: Org, people: People, draft: Workshop) -> None:
        client_for(people.facilitator).post(url("workshop_collect", draft))
        client_for(people.facilitator).post(url("workshop_lock", draft), {"locked": "1"})
        pat = participant_client(draft)
        response = pat.post(live_url("participant_propose", draft), proposal_data(org))
        assert response.status_code == 409
        assert not Proposal.objects.filter(workshop=draft).exists()

    def test_a_plain_draft_takes_no_input(self, org: Org, draft: Workshop) -> None:
        pat = participant_client(draft)
        response = pat.post(live_url("participant_propose", draft), proposal_data(org))
        assert response.status_code == 409
