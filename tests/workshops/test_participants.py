import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from tests.conftest import Org, People, client_for, htmx_client_for, personas_once_per_module
from tests.workshops.conftest import (
    board_url,
    live_url,
    participant_client,
    url,
)
from touchpoints.models import (
    ChannelCategory,
    EffectivenessRating,
    Participant,
    Proposal,
    ProposalStatus,
    Side,
    TouchPoint,
    Workshop,
    WorkshopPhase,
    WorkshopStatus,
)
from touchpoints.workshops.join_limit import MAX_WRONG_CODES

pytestmark = pytest.mark.django_db

# Built once for the module: its tests read them and leave them as they were.
org, other_org, people = personas_once_per_module()


def proposal_data(org: Org, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "business_unit": org.finance.pk,
        "it_team": org.infra.pk,
        "level": "tactical",
        "channel": org.channel(ChannelCategory.JOINT_PLANNING).pk,
        "frequency": "quarterly",
        "description": "Budget planning together",
    }
    data.update(overrides)
    return data


def set_phase(workshop: Workshop, **fields: object) -> None:
    Workshop.objects.filter(pk=workshop.pk).update(**fields)


class TestJoining:
    def test_a_code_leads_to_name_and_side_then_the_participant_page(
        self, workshop: Workshop
    ) -> None:
        client = Client()
        response = client.post(reverse("join"), {"code": workshop.join_code.lower()})
        assert response["Location"] == reverse("join_workshop", args=[workshop.join_code])
        response = client.post(response["Location"], {"name": "Priya", "side": "it"})
        assert response["Location"] == live_url("participant_home", workshop)
        participant = Participant.objects.get()
        assert (participant.name, participant.side, participant.user) == ("Priya", "it", None)
        page = client.get(response["Location"])
        assert page.status_code == 200 and b"You are Priya" in page.content

    def test_without_a_session_the_participant_page_sends_you_to_join(
        self, workshop: Workshop
    ) -> None:
        response = Client().get(live_url("participant_home", workshop))
        assert response["Location"] == reverse("join_workshop", args=[workshop.join_code])
        response = Client().post(live_url("participant_propose", workshop), {})
        assert response.status_code == 302

    def test_a_wrong_code_is_refused(self, workshop: Workshop) -> None:
        response = Client().post(reverse("join"), {"code": "ZZZZZZZZ"})
        assert response.status_code == 404 and b"No open workshop has this code" in response.content

    def test_the_code_of_a_closed_workshop_no_longer_works(self, workshop: Workshop) -> None:
        set_phase(workshop, status=WorkshopStatus.CLOSED)
        assert Client().post(reverse("join"), {"code": workshop.join_code}).status_code == 404
        response = Client().post(
            reverse("join_workshop", args=[workshop.join_code]), {"name": "Late", "side": "it"}
        )
        assert response.status_code == 404 and not Participant.objects.exists()

    def test_a_closed_code_says_so_and_is_not_counted_as_a_guess(self, workshop: Workshop) -> None:
        set_phase(workshop, status=WorkshopStatus.CLOSED)
        client = Client()
        for _ in range(MAX_WRONG_CODES + 1):
            response = client.post(reverse("join"), {"code": workshop.join_code})
            assert response.status_code == 404 and b"This workshop has closed" in response.content
        assert client.post(reverse("join"), {"code": "WRONG234"}).status_code == 404

    def test_guessing_codes_is_rate_limited(self, workshop: Workshop) -> None:
        client = Client()
        for _ in range(MAX_WRONG_CODES):
            assert client.post(reverse("join"), {"code": "WRONG234"}).status_code == 404
        response = client.post(reverse("join"), {"code": workshop.join_code})
        assert response.status_code == 429 and b"Too many wrong codes" in response.content
        assert client.get(reverse("join_workshop", args=[workshop.join_code])).status_code == 429


class TestParticipantIsolation:
    def test_a_participant_cannot_reach_another_workshop(
        self, org: Org, workshop: Workshop
    ) -> None:
        other = Workshop.objects.create(workspace=org.workspace, title="Other", date="2030-01-01")
        client = participant_client(workshop)
        response = client.get(live_url("participant_home", other))
        assert response["Location"] == reverse("join_workshop", args=[other.join_code])
        assert (
            client.post(live_url("participant_propose", other), proposal_data(org)).status_code
            == 302
        )
        assert not Proposal.objects.exists()

    def test_a_participant_cannot_rate_a_touchpoint_off_their_board(
        self, org: Org, other_org: Org, workshop: Workshop
    ) -> None:
        set_phase(workshop, phase=WorkshopPhase.RATE)
        foreign = other_org.touchpoint()
        client = participant_client(workshop)
        response = client.post(live_url("participant_rate", workshop, foreign.pk), {"score": "5"})
        assert response.status_code == 404 and not EffectivenessRating.objects.exists()

    def test_a_participant_session_opens_no_workspace_page(self, workshop: Workshop) -> None:
        response = participant_client(workshop).get(board_url(workshop))
        assert response.status_code == 302 and "/login/" in response["Location"]


class TestProposing:
    def test_a_participant_proposes_and_the_facilitator_accepts(
        self, org: Org, people: People, workshop: Workshop
    ) -> None:
        client = participant_client(workshop)
        response = client.post(
            live_url("participant_propose", workshop),
            proposal_data(org),
            headers={"HX-Request": "true"},
        )
        assert response.status_code == 200 and b"Sent to the facilitator" in response.content
        proposal = Proposal.objects.get()
        board = client_for(people.facilitator).get(board_url(workshop))
        assert b"Budget planning together" in board.content

        htmx_client_for(people.facilitator).post(url("proposal_accept", workshop, proposal.pk))
        proposal.refresh_from_db()
        touch_point = TouchPoint.objects.get()
        assert proposal.status == ProposalStatus.ACCEPTED and proposal.touch_point == touch_point
        assert touch_point.workshop == workshop and touch_point.level == "tactical"
        assert touch_point.changes.filter(action="created").exists()
        assert (
            b"Budget planning together"
            in client.get(live_url("participant_home", workshop)).content
        )

    def test_the_facilitator_edits_before_accepting(
        self, org: Org, people: People, workshop: Workshop
    ) -> None:
        participant_client(workshop).post(
            live_url("participant_propose", workshop), proposal_data(org)
        )
        proposal = Proposal.objects.get()
        accept = url("proposal_accept", workshop, proposal.pk)
        panel = htmx_client_for(people.facilitator).get(accept)
        assert panel.context["form"]["level"].value() == "tactical"
        data = proposal_data(org, level="strategic", initiated_by="it", state="current")
        htmx_client_for(people.facilitator).post(accept, data)
        assert TouchPoint.objects.get().level == "strategic"

    def test_the_facilitator_rejects_or_merges(
        self, org: Org, people: People, workshop: Workshop
    ) -> None:
        client = participant_client(workshop)
        client.post(live_url("participant_propose", workshop), proposal_data(org))
        client.post(
            live_url("participant_propose", workshop), proposal_data(org, description="Also QBRs")
        )
        first, second = Proposal.objects.order_by("pk")
        existing = org.touchpoint(
            business_unit=org.finance, it_team=org.infra, description="Reviews"
        )
        facilitator = htmx_client_for(people.facilitator)
        facilitator.post(url("proposal_reject", workshop, first.pk))
        facilitator.post(url("proposal_merge", workshop, second.pk), {"into": existing.pk})
        first.refresh_from_db()
        second.refresh_from_db()
        existing.refresh_from_db()
        assert first.status == ProposalStatus.REJECTED
        assert second.status == ProposalStatus.MERGED and second.touch_point == existing
        assert existing.description == "Reviews\nAlso QBRs" and existing.version == 2

    def test_a_proposal_is_decided_once(self, org: Org, people: People, workshop: Workshop) -> None:
        participant_client(workshop).post(
            live_url("participant_propose", workshop), proposal_data(org)
        )
        proposal = Proposal.objects.get()
        htmx_client_for(people.facilitator).post(url("proposal_reject", workshop, proposal.pk))
        response = htmx_client_for(people.admin).post(url("proposal_accept", workshop, proposal.pk))
        assert response.status_code == 409 and not TouchPoint.objects.exists()

    def test_readers_cannot_decide_proposals(
        self, org: Org, people: People, workshop: Workshop
    ) -> None:
        participant_client(workshop).post(
            live_url("participant_propose", workshop), proposal_data(org)
        )
        proposal = Proposal.objects.get()
        assert (
            client_for(people.viewer)
            .post(url("proposal_accept", workshop, proposal.pk))
            .status_code
            == 403
        )
        assert (
            client_for(people.outsider)
            .post(url("proposal_reject", workshop, proposal.pk))
            .status_code
            == 404
        )

    def test_a_locked_or_closed_workshop_takes_no_proposal(
        self, org: Org, workshop: Workshop
    ) -> None:
        client = participant_client(workshop)
        set_phase(workshop, locked=True)
        response = client.post(
            live_url("participant_propose", workshop),
            proposal_data(org),
            headers={"HX-Request": "true"},
        )
        assert response.status_code == 409 and b"locked" in response.content
        set_phase(workshop, locked=False, status=WorkshopStatus.CLOSED)
        response = client.post(live_url("participant_propose", workshop), proposal_data(org))
        assert response.status_code == 409 and not Proposal.objects.exists()
        assert (
            b"This workshop is closed" in client.get(live_url("participant_home", workshop)).content
        )


class TestRating:
    def test_ratings_keep_their_side_and_show_the_perception_gap_once_revealed(
        self, org: Org, people: People, workshop: Workshop
    ) -> None:
        touch_point = org.touchpoint()
        set_phase(workshop, phase=WorkshopPhase.RATE)
        business = participant_client(workshop, "Bea", Side.BUSINESS)
        it = participant_client(workshop, "Ian", Side.IT)
        rate = live_url("participant_rate", workshop, touch_point.pk)
        business.post(rate, {"score": "2"})
        business.post(rate, {"score": "1"})
        it.post(rate, {"score": "4"})
        assert EffectivenessRating.objects.count() == 2
        assert set(EffectivenessRating.objects.values_list("side", "score")) == {
            ("business", 1),
            ("it", 4),
        }
        assert b"Perception gap" not in business.get(live_url("participant_home", workshop)).content
        assert (
            "B 1.0 · IT 4.0"
            not in client_for(people.viewer).get(board_url(workshop)).content.decode()
        )

        htmx_client_for(people.facilitator).post(
            url("workshop_reveal", workshop), {"revealed": "1"}
        )
        assert b"Perception gap" in business.get(live_url("participant_home", workshop)).content
        assert (
            "B 1.0 · IT 4.0" in client_for(people.viewer).get(board_url(workshop)).content.decode()
        )

    def test_ratings_only_count_during_the_rate_phase(self, org: Org, workshop: Workshop) -> None:
        touch_point = org.touchpoint()
        client = participant_client(workshop)
        response = client.post(
            live_url("participant_rate", workshop, touch_point.pk),
            {"score": "3"},
            headers={"HX-Request": "true"},
        )
        assert response.status_code == 409 and not EffectivenessRating.objects.exists()


class TestParticipantPolling:
    def test_an_unchanged_poll_is_a_two_query_304(
        self, workshop: Workshop, django_assert_num_queries: DjangoAssertNumQueries
    ) -> None:
        client = participant_client(workshop)
        client.defaults["HTTP_HX_REQUEST"] = "true"
        etag = client.get(live_url("participant_home", workshop))["ETag"]
        with django_assert_num_queries(2):
            response = client.get(
                live_url("participant_home", workshop), headers={"If-None-Match": etag}
            )
        assert response.status_code == 304

    def test_forty_participants_polling_an_unchanged_board_cost_two_queries_each(
        self, workshop: Workshop, django_assert_num_queries: DjangoAssertNumQueries
    ) -> None:
        clients = [participant_client(workshop, f"P{n}") for n in range(40)]
        etags = [c.get(live_url("participant_home", workshop))["ETag"] for c in clients]
        with django_assert_num_queries(80):
            for client, etag in zip(clients, etags, strict=True):
                response = client.get(
                    live_url("participant_home", workshop),
                    headers={"If-None-Match": etag, "HX-Request": "true"},
                )
                assert response.status_code == 304
