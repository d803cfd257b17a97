"""A participant's poll that saw a recent revision gets only what changed since."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from tests.conftest import Org, People, htmx_client_for, personas_once_per_module
from tests.workshops.conftest import live_url, participant_client, propose_desired, url
from tests.workshops.test_board import capture_data
from touchpoints.models import Proposal, Side, Workshop, WorkshopPhase
from touchpoints.workshops import facilitation
from touchpoints.workshops.changes import MAX_BEHIND

pytestmark = pytest.mark.django_db

org, other_org, people = personas_once_per_module()

CARDS = re.compile(r'<div class="cards" id="cards-(\d+)-(\d+)" hx-swap-oob="true">')


def phone(workshop: Workshop, name: str = "Pat", side: str = Side.BUSINESS) -> Client:
    client = participant_client(workshop, name, side)
    client.defaults["HTTP_HX_REQUEST"] = "true"
    return client


def poll(client: Client, workshop: Workshop, etag: str) -> tuple[int, str, str]:
    response = client.get(live_url("participant_home", workshop), headers={"If-None-Match": etag})
    return response.status_code, response.get("HX-Reswap", ""), response.content.decode()


def delta(client: Client, workshop: Workshop, etag: str) -> str:
    """The poll's answer, checked to be a delta (only what changed, swapped out of band)."""
    status, reswap, html = poll(client, workshop, etag)
    assert (status, reswap) == (200, "none")
    return html


def seen(client: Client, workshop: Workshop) -> str:
    return str(client.get(live_url("participant_home", workshop))["ETag"])


def cards(html: str) -> set[tuple[int, int]]:
    return {(int(b), int(i)) for b, i in CARDS.findall(html)}


class TestParticipantDeltas:
    def test_a_vote_elsewhere_sends_that_cells_cards_with_the_revealed_means(
        self, org: Org, workshop: Workshop
    ) -> None:
        rated = org.touchpoint(business_unit=org.finance, it_team=org.apps)
        org.touchpoint(business_unit=org.sales, it_team=org.infra)
        facilitation.set_phase(workshop, WorkshopPhase.RATE)
        facilitation.set_revealed(workshop, True)
        mine, other = phone(workshop, "Pat"), phone(workshop, "Ian", Side.IT)
        etag = seen(mine, workshop)
        other.post(live_url("participant_rate", workshop, rated.pk), {"score": "5"})
        status, reswap, html = poll(mine, workshop, etag)
        assert (status, reswap) == (200, "none")
        assert cards(html) == {(org.finance.pk, org.apps.pk)}
        assert f'id="rate-{rated.pk}"' in html and "IT 5.0" in html
        assert "You rated 0 of 2" in html and 'id="participant-status"' in html
        assert "<html" not in html and 'id="live"' not in html

    def test_my_own_vote_shows_in_my_progress(self, org: Org, workshop: Workshop) -> None:
        rated = org.touchpoint(business_unit=org.finance, it_team=org.apps)
        facilitation.set_phase(workshop, WorkshopPhase.RATE)
        client = phone(workshop)
        etag = seen(client, workshop)
        other = phone(workshop, "Ian", Side.IT)
        other.post(live_url("participant_rate", workshop, rated.pk), {"score": "2"})
        client.post(live_url("participant_rate", workshop, rated.pk), {"score": "4"})
        assert "You rated 1 of 1" in (html := delta(client, workshop, etag))
        assert f'id="vote-{rated.pk}-4"' in html and 'aria-pressed="true"' in html

    def test_a_capture_on_the_board_brings_its_card_and_hides_the_empty_message(
        self, org: Org, people: People, workshop: Workshop
    ) -> None:
        client = phone(workshop)
        etag = seen(client, workshop)
        facilitator = htmx_client_for(people.facilitator)
        facilitator.post(url("workshop_capture", workshop), capture_data(org))
        assert cards(html := delta(client, workshop, etag)) == {(org.finance.pk, org.infra.pk)}
        assert "Finance ↔ Infra" in html
        assert 'id="nothing-yet" hidden hx-swap-oob="true"' in html

    def test_my_proposal_accepted_updates_my_proposals_and_the_cell(
        self, org: Org, people: People, workshop: Workshop
    ) -> None:
        client = phone(workshop)
        propose_desired(client, workshop, org.sales.pk, org.apps.pk)
        etag = seen(client, workshop)
        proposal = Proposal.objects.get(workshop=workshop)
        htmx_client_for(people.facilitator).post(url("proposal_accept", workshop, proposal.pk))
        assert cards(html := delta(client, workshop, etag)) == {(org.sales.pk, org.apps.pk)}
        assert 'id="mine" aria-labelledby="mine-title" hx-swap-oob="true"' in html
        assert "accepted" in html

    def test_a_revisions_first_poll_and_the_rooms_next_ones_make_fixed_numbers_of_queries(
        self, org: Org, workshop: Workshop, django_assert_num_queries: DjangoAssertNumQueries
    ) -> None:
        rated = org.touchpoint(business_unit=org.finance, it_team=org.apps)
        facilitation.set_phase(workshop, WorkshopPhase.RATE)
        first, second = phone(workshop), phone(workshop, "Ian", Side.IT)
        etags = seen(first, workshop), seen(second, workshop)
        second.post(live_url("participant_rate", workshop, rated.pk), {"score": "5"})
        # The first poll of a revision: the 304 check, session, participant; the board's state
        # (scope 2, pending proposals, totals, participants, proposals, ratings, adoptable); the
        # change log and its units' paths; the cells' touch points and votes; mine; my progress.
        with django_assert_num_queries(17):
            assert "You rated 0 of 1" in delta(first, workshop, etags[0])
        # The room's next polls of it: the 304 check, session, participant, mine, my progress.
        with django_assert_num_queries(5):
            html = delta(second, workshop, etags[1])
        assert cards(html) == {(org.finance.pk, org.apps.pk)}
        assert "You rated 1 of 1" in html and 'aria-pressed="true"' in html


class TestParticipantWholePage:
    def test_locking_the_board_redraws_the_whole_page(self, workshop: Workshop) -> None:
        client = phone(workshop)
        etag = seen(client, workshop)
        facilitation.set_locked(workshop, True)
        status, reswap, html = poll(client, workshop, etag)
        assert (status, reswap) == (200, "") and 'id="live"' in html
        assert "locked the board" in html

    def test_a_poll_too_far_behind_redraws_the_whole_page(self, workshop: Workshop) -> None:
        client = phone(workshop)
        etag = seen(client, workshop)
        for n in range(MAX_BEHIND + 1):
            facilitation.join(workshop, f"P{n}", Side.BUSINESS)
        status, reswap, html = poll(client, workshop, etag)
        assert (status, reswap) == (200, "") and 'id="live"' in html

    def test_another_participants_etag_redraws_the_whole_page(self, workshop: Workshop) -> None:
        client, other = phone(workshop), phone(workshop, "Ian", Side.IT)
        etag = seen(other, workshop)
        facilitation.join(workshop, "Ana", Side.BUSINESS)
        status, reswap, html = poll(client, workshop, etag)
        assert (status, reswap) == (200, "") and 'id="live"' in html
