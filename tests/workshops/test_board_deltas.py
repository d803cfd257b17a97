"""A board poll that saw a recent revision gets only what changed since, swapped out of band."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from tests.conftest import Org, People, htmx_client_for, personas_once_per_module
from tests.workshops.conftest import board_url, live_url, participant_client, propose_desired, url
from tests.workshops.test_board import capture_data
from touchpoints.derived_tree import refresh_tree
from touchpoints.models import (
    BoardChange,
    ChannelCategory,
    Level,
    OrgUnit,
    Proposal,
    Side,
    TouchPoint,
    Workshop,
    WorkshopPhase,
)
from touchpoints.workshops import facilitation
from touchpoints.workshops.changes import MAX_BEHIND

pytestmark = pytest.mark.django_db

org, other_org, people = personas_once_per_module()

CELL = re.compile(r'<td class="cell[^"]*" id="pair-(\d+)-(\d+)"')


def poll(client: Client, workshop: Workshop, etag: str) -> tuple[int, str, str, str]:
    response = client.get(board_url(workshop), headers={"If-None-Match": etag})
    reswap = response.get("HX-Reswap", "")
    return response.status_code, reswap, response.content.decode(), response.get("ETag", "")


def cells(html: str) -> set[tuple[int, int]]:
    return {(int(b), int(i)) for b, i in CELL.findall(html)}


def csrf(html: str) -> str:
    """The (per-request) CSRF token in a delta's forms, or nothing."""
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return found[1] if found else "no token"


def is_whole(html: str) -> bool:
    return 'id="live"' in html and "hx-swap-oob" not in html


@pytest.fixture
def facilitator(people: People) -> Client:
    return htmx_client_for(people.facilitator)


@pytest.fixture
def seen(facilitator: Client, workshop: Workshop) -> str:
    """The ETag of the board the facilitator's page shows now."""
    return str(facilitator.get(board_url(workshop))["ETag"])


class TestOneChangedCell:
    def test_a_capture_sends_that_cell_its_row_and_column_totals_and_the_board_total(
        self, org: Org, facilitator: Client, workshop: Workshop, seen: str
    ) -> None:
        facilitator.post(url("workshop_capture", workshop), capture_data(org))
        status, reswap, html, etag = poll(facilitator, workshop, seen)
        assert (status, reswap) == (200, "none") and etag != seen
        assert cells(html) == {(org.finance.pk, org.infra.pk)}
        assert f'id="row-total-{org.finance.pk}" hx-swap-oob="true">1</td>' in html
        assert f'id="column-total-{org.infra.pk}" hx-swap-oob="true">1</td>' in html
        assert 'id="board-total" hx-swap-oob="true"><strong>1</strong>' in html
        # The row and column are no longer gaps.
        assert f'<th scope="row" id="row-{org.finance.pk}" hx-swap-oob="true">' in html
        assert 'id="live"' not in html and "<html" not in html

    def test_a_vote_sends_only_the_rated_touch_points_cell(
        self, org: Org, facilitator: Client, workshop: Workshop
    ) -> None:
        rated = org.touchpoint(business_unit=org.sales, it_team=org.apps)
        org.touchpoint(business_unit=org.finance, it_team=org.infra)
        facilitation.set_phase(workshop, WorkshopPhase.RATE)
        seen = facilitator.get(board_url(workshop))["ETag"]
        participant = participant_client(workshop)
        participant.post(url_for_rate(workshop, rated), {"score": "4"})
        status, reswap, html, _ = poll(facilitator, workshop, seen)
        assert (status, reswap) == (200, "none")
        assert cells(html) == {(org.sales.pk, org.apps.pk)}
        assert f'id="tp-{rated.pk}"' in html and "1 vote" in html
        # A participant joined meanwhile: the status line says so.
        assert 'id="board-status" hx-swap-oob="true"' in html and "1 participant" in html
        assert "Adopt rated averages (1)" in html

    def test_a_touch_point_moved_on_the_list_redraws_both_its_cells(
        self, org: Org, people: People, facilitator: Client, workshop: Workshop, seen: str
    ) -> None:
        moved = org.touchpoint(business_unit=org.sales, it_team=org.apps)
        seen = facilitator.get(board_url(workshop))["ETag"]
        data = capture_data(org, business_unit=org.finance.pk, it_team=org.infra.pk)
        data["version"] = moved.version
        edited = htmx_client_for(people.facilitator).post(
            url("workshop_touchpoint_edit", workshop, moved.pk), data
        )
        assert edited.status_code == 200
        status, _, html, _ = poll(facilitator, workshop, seen)
        assert status == 200
        assert cells(html) == {(org.sales.pk, org.apps.pk), (org.finance.pk, org.infra.pk)}
        assert (
            f'id="pair-{org.sales.pk}-{org.apps.pk}" hx-swap-oob="true"><div class="badges"></div>'
            in html
        )

    def test_a_touch_point_under_a_scope_unit_redraws_the_cell_it_rolls_up_to(
        self, org: Org, facilitator: Client, workshop: Workshop, seen: str
    ) -> None:
        team = OrgUnit.objects.create(
            workspace=org.workspace, code="FIN-AP", name="Payables", parent=org.finance
        )
        refresh_tree(org.workspace.pk)
        seen = facilitator.get(board_url(workshop))["ETag"]
        facilitator.post(
            url("workshop_capture", workshop), capture_data(org, business_unit=team.pk)
        )
        status, _, html, _ = poll(facilitator, workshop, seen)
        assert status == 200 and cells(html) == {(org.finance.pk, org.infra.pk)}

    def test_a_viewer_gets_the_cell_without_the_facilitators_links(
        self, org: Org, people: People, facilitator: Client, workshop: Workshop
    ) -> None:
        viewer = htmx_client_for(people.viewer)
        seen = viewer.get(board_url(workshop))["ETag"]
        run_seen = facilitator.get(board_url(workshop))["ETag"]
        facilitator.post(url("workshop_capture", workshop), capture_data(org))
        # The facilitator's poll of the same revisions comes first: its cells are not the viewer's.
        assert 'class="add"' in poll(facilitator, workshop, run_seen)[2]
        status, _, html, _ = poll(viewer, workshop, seen)
        assert status == 200 and cells(html) == {(org.finance.pk, org.infra.pk)}
        assert 'class="add"' not in html and "board-controls" not in html


class TestProjector:
    def test_the_projector_gets_its_counters_and_cells_without_the_controls(
        self, org: Org, people: People, facilitator: Client, workshop: Workshop
    ) -> None:
        projector = htmx_client_for(people.facilitator)
        wall = f"{board_url(workshop)}?projector=1"
        seen = projector.get(wall)["ETag"]
        participant_client(workshop)
        facilitator.post(url("workshop_capture", workshop), capture_data(org))
        response = projector.get(wall, headers={"If-None-Match": seen})
        html = response.content.decode()
        assert response.status_code == 200 and response["HX-Reswap"] == "none"
        assert 'id="counters" hx-swap-oob="true"' in html
        assert '<strong id="count-participants">1</strong>' in html
        assert cells(html) == {(org.finance.pk, org.infra.pk)}
        assert "board-controls" not in html and 'class="add"' not in html


class TestProposals:
    def test_an_accepted_proposal_sends_its_cell_the_counts_and_the_proposals(
        self, org: Org, facilitator: Client, workshop: Workshop
    ) -> None:
        participant = participant_client(workshop)
        propose_desired(participant, workshop, org.finance.pk, org.apps.pk)
        proposal = Proposal.objects.get(workshop=workshop)
        seen = facilitator.get(board_url(workshop))["ETag"]
        accepted = facilitator.post(url("proposal_accept", workshop, proposal.pk))
        assert accepted.status_code == 200
        status, _, html, _ = poll(facilitator, workshop, seen)
        assert status == 200 and cells(html) == {(org.finance.pk, org.apps.pk)}
        assert 'id="board-total" hx-swap-oob="true"><strong>1</strong>' in html
        assert 'id="proposals" aria-labelledby="proposals-title" hx-swap-oob="true"' in html
        assert "No pending proposals." in html

    def test_a_new_proposal_sends_the_proposals_and_no_cell(
        self, org: Org, facilitator: Client, workshop: Workshop, seen: str
    ) -> None:
        participant = participant_client(workshop)
        seen = facilitator.get(board_url(workshop))["ETag"]
        propose_desired(participant, workshop, org.sales.pk, org.infra.pk)
        status, _, html, _ = poll(facilitator, workshop, seen)
        assert status == 200 and cells(html) == set()
        assert "Proposals (1)" in html


class TestWholeBoard:
    def test_a_poll_too_far_behind_gets_the_whole_board(
        self, org: Org, facilitator: Client, workshop: Workshop, seen: str
    ) -> None:
        touch_point = org.touchpoint()
        for n in range(MAX_BEHIND):
            facilitation.join(workshop, f"P{n}", Side.BUSINESS)
        assert poll(facilitator, workshop, seen)[:2] == (200, "none")
        facilitation.join(workshop, "One too many", Side.IT)
        status, reswap, html, _ = poll(facilitator, workshop, seen)
        assert (status, reswap) == (200, "") and is_whole(html)
        assert f'id="tp-{touch_point.pk}"' in html

    @pytest.mark.parametrize("sent", ["unknown", "future", "garbled", "other-workshop"])
    def test_an_unknown_revision_gets_the_whole_board(
        self, sent: str, org: Org, facilitator: Client, workshop: Workshop, seen: str
    ) -> None:
        facilitator.post(url("workshop_capture", workshop), capture_data(org))
        revision = int(seen.split("-")[2])
        etag = {
            "unknown": seen.replace(f"-{revision}-", "-0-"),
            "future": seen.replace(f"-{revision}-", f"-{revision + 100}-"),
            "garbled": '"board-x"',
            "other-workshop": seen.replace(f"board-{workshop.pk}-", f"board-{workshop.pk + 1}-"),
        }[sent]
        status, _, html, _ = poll(facilitator, workshop, etag)
        assert status == 200 and is_whole(html)

    def test_a_pruned_change_log_gets_the_whole_board(
        self, org: Org, facilitator: Client, workshop: Workshop, seen: str
    ) -> None:
        facilitator.post(url("workshop_capture", workshop), capture_data(org))
        BoardChange.objects.filter(workshop=workshop).delete()
        status, _, html, _ = poll(facilitator, workshop, seen)
        assert status == 200 and is_whole(html)

    def test_revealing_the_ratings_redraws_the_whole_board(
        self, facilitator: Client, workshop: Workshop, seen: str
    ) -> None:
        facilitation.set_revealed(workshop, True)
        status, _, html, _ = poll(facilitator, workshop, seen)
        assert status == 200 and is_whole(html) and "Ratings revealed" in html

    def test_a_capture_in_the_review_phase_redraws_the_whole_board_with_its_scores(
        self, org: Org, facilitator: Client, workshop: Workshop
    ) -> None:
        facilitation.set_phase(workshop, WorkshopPhase.REVIEW)
        seen = facilitator.get(board_url(workshop))["ETag"]
        facilitator.post(url("workshop_capture", workshop), capture_data(org))
        status, _, html, _ = poll(facilitator, workshop, seen)
        assert status == 200 and is_whole(html)

    def test_a_page_load_is_always_the_whole_page(
        self, org: Org, people: People, workshop: Workshop, seen: str
    ) -> None:
        page = Client()
        page.force_login(people.facilitator)
        org.touchpoint()
        response = page.get(board_url(workshop), headers={"If-None-Match": seen})
        assert response.status_code == 200 and b"<html" in response.content


class TestSizeAndQueries:
    def test_one_changed_cell_of_a_30_by_15_board_is_a_small_answer(
        self, org: Org, people: People
    ) -> None:
        workshop = big_board(org, rows=30, columns=15, touchpoints=600)
        facilitation.set_phase(workshop, WorkshopPhase.RATE)
        client = htmx_client_for(people.facilitator)
        whole = client.get(board_url(workshop))
        touch_point = TouchPoint.objects.filter(workspace=org.workspace).first()
        assert touch_point is not None
        participant = participant_client(workshop)
        participant.post(url_for_rate(workshop, touch_point), {"score": "3"})
        status, reswap, html, _ = poll(client, workshop, whole["ETag"])
        assert (status, reswap) == (200, "none") and len(cells(html)) == 1
        assert len(whole.content) > 200_000
        assert len(html.encode()) < 30_000

    def test_a_revisions_first_poll_and_the_rooms_next_ones_make_fixed_numbers_of_queries(
        self,
        org: Org,
        people: People,
        facilitator: Client,
        workshop: Workshop,
        seen: str,
        django_assert_num_queries: DjangoAssertNumQueries,
    ) -> None:
        facilitator.post(url("workshop_capture", workshop), capture_data(org))
        other = htmx_client_for(people.facilitator)
        # The first poll of a revision: the 304 check, session, user, membership, workshop;
        # the board's state (scope 2, pending proposals, totals, participants, proposals,
        # ratings); the change log and its units' paths; the cells' touch points and votes.
        with django_assert_num_queries(16):
            first = poll(facilitator, workshop, seen)
        # The room's next polls of it: the 304 check, session, user, membership and workshop.
        with django_assert_num_queries(5):
            again = poll(other, workshop, seen)
        assert again[:2] == first[:2] == (200, "none") and again[3] == first[3]
        # The same delta but for each request's own CSRF token in the controls' forms.
        assert again[2].replace(csrf(again[2]), "") == first[2].replace(csrf(first[2]), "")


def url_for_rate(workshop: Workshop, touch_point: TouchPoint) -> str:
    return live_url("participant_rate", workshop, touch_point.pk)


def big_board(org: Org, rows: int, columns: int, touchpoints: int) -> Workshop:
    """A live board of `rows` business units × `columns` IT teams, touch points spread evenly."""
    business = [
        OrgUnit(workspace=org.workspace, code=f"BU{i}", name=f"Business unit {i}", parent=org.sales)
        for i in range(rows)
    ]
    it = [
        OrgUnit(workspace=org.workspace, code=f"IT{i}", name=f"IT team {i}", parent=org.apps)
        for i in range(columns)
    ]
    OrgUnit.objects.bulk_create(business + it)
    refresh_tree(org.workspace.pk)
    channel = org.channel(ChannelCategory.SERVICE_DESK)
    TouchPoint.objects.bulk_create(
        TouchPoint(
            workspace=org.workspace,
            business_unit=business[n % rows],
            it_team=it[(n // rows) % columns],
            level=Level.values[n % 3],
            channel=channel,
            frequency="monthly",
            effectiveness=n % 5 + 1,
            description=f"Touch point number {n}",
        )
        for n in range(touchpoints)
    )
    workshop = Workshop.objects.create(
        workspace=org.workspace, title="Full room", date="2030-01-15"
    )
    workshop.business_units.set(business)
    workshop.it_teams.set(it)
    facilitation.set_phase(workshop, WorkshopPhase.CAPTURE)
    workshop.refresh_from_db()
    assert OrgUnit.objects.get(pk=it[0].pk).side == Side.IT
    return workshop
