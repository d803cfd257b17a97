"""Duplicate proposals: grouped with each other and with the board's touch point, one merge."""

import pytest

from tests.conftest import Org, People, client_for, htmx_client_for
from tests.workshops.conftest import board_url, url
from touchpoints.models import (
    Level,
    Participant,
    Proposal,
    ProposalStatus,
    Side,
    TouchPoint,
    Workshop,
)
from touchpoints.workshops.duplicates import ProposalGroup

pytestmark = pytest.mark.django_db


def propose(workshop: Workshop, org: Org, name: str, **fields: object) -> Proposal:
    participant = Participant.objects.create(workshop=workshop, name=name, side=Side.BUSINESS)
    values: dict[str, object] = {
        "business_unit": org.sales,
        "it_team": org.apps,
        "level": Level.TACTICAL,
        "description": f"{name}'s words",
    }
    values.update(fields)
    return Proposal.objects.create(workshop=workshop, participant=participant, **values)


def groups(people: People, workshop: Workshop) -> list[ProposalGroup]:
    found: list[ProposalGroup] = (
        client_for(people.facilitator).get(board_url(workshop)).context["proposal_groups"]
    )
    return found


class TestGrouping:
    def test_the_same_pair_and_level_are_grouped_a_different_level_is_not(
        self, org: Org, people: People, workshop: Workshop
    ) -> None:
        desk = org.channel("service_desk")
        first = propose(workshop, org, "Pat", channel=desk)
        second = propose(workshop, org, "Sam")  # no channel: the same touch point
        other_level = propose(workshop, org, "Kim", level=Level.STRATEGIC)
        found = groups(people, workshop)
        assert [[p.pk for p in g.proposals] for g in found] == [
            [first.pk, second.pk],
            [other_level.pk],
        ]
        assert found[0].has_duplicates and not found[1].has_duplicates

    def test_another_channel_is_another_touch_point(
        self, org: Org, people: People, workshop: Workshop
    ) -> None:
        propose(workshop, org, "Pat", channel=org.channel("service_desk"))
        propose(workshop, org, "Sam", channel=org.channel("steering_committee"))
        assert [len(g.proposals) for g in groups(people, workshop)] == [1, 1]

    def test_a_proposal_matching_a_touch_point_on_the_board_is_grouped_with_it(
        self, org: Org, people: People, workshop: Workshop
    ) -> None:
        on_board = org.touchpoint(level=Level.TACTICAL)
        propose(workshop, org, "Pat")
        (group,) = groups(people, workshop)
        assert group.target == on_board
        page = client_for(people.facilitator).get(board_url(workshop))
        assert b"Merge into the touch point on the board" in page.content


class TestMerging:
    def test_one_action_merges_the_group_into_the_touch_point(
        self, org: Org, people: People, workshop: Workshop
    ) -> None:
        on_board = org.touchpoint(level=Level.TACTICAL, description="")
        pat, sam = propose(workshop, org, "Pat"), propose(workshop, org, "Sam")
        response = htmx_client_for(people.facilitator).post(
            url("proposals_merge", workshop),
            {"proposal": [pat.pk, sam.pk], "into": on_board.pk},
        )
        assert response.status_code == 200 and b"Merged 2 proposals" in response.content
        for proposal in (pat, sam):
            proposal.refresh_from_db()
            assert proposal.status == ProposalStatus.MERGED and proposal.touch_point == on_board
        on_board.refresh_from_db()
        assert on_board.description == "Pat's words\nSam's words"
        assert TouchPoint.objects.count() == 1

    def test_pending_proposals_merge_into_one_which_then_becomes_their_touch_point(
        self, org: Org, people: People, workshop: Workshop
    ) -> None:
        desk = org.channel("service_desk")
        pat = propose(workshop, org, "Pat", channel=desk, frequency="weekly")
        sam = propose(workshop, org, "Sam")
        client_for(people.facilitator).post(
            url("proposals_merge", workshop), {"proposal": [pat.pk, sam.pk]}
        )
        pat.refresh_from_db()
        sam.refresh_from_db()
        assert pat.status == ProposalStatus.PENDING
        assert pat.description == "Pat's words\nSam's words"
        assert sam.status == ProposalStatus.MERGED and sam.merged_into == pat
        assert [g.proposals for g in groups(people, workshop)] == [[pat]]
        client_for(people.facilitator).post(url("proposal_accept", workshop, pat.pk))
        sam.refresh_from_db()
        pat.refresh_from_db()
        touch_point = TouchPoint.objects.get()
        assert sam.touch_point == touch_point and pat.touch_point_id == touch_point.pk

    def test_merging_a_decided_proposal_is_refused_and_changes_nothing(
        self, org: Org, people: People, workshop: Workshop
    ) -> None:
        pat, sam = propose(workshop, org, "Pat"), propose(workshop, org, "Sam")
        Proposal.objects.filter(pk=pat.pk).update(status=ProposalStatus.REJECTED)
        response = htmx_client_for(people.facilitator).post(
            url("proposals_merge", workshop), {"proposal": [pat.pk, sam.pk]}
        )
        assert b"already decided" in response.content
        sam.refresh_from_db()
        assert sam.status == ProposalStatus.PENDING

    def test_proposals_of_another_workshop_are_not_merged(
        self, org: Org, people: People, workshop: Workshop
    ) -> None:
        other = Workshop.objects.create(workspace=org.workspace, title="Other", date="2030-02-01")
        theirs = propose(other, org, "Kim")
        response = htmx_client_for(people.facilitator).post(
            url("proposals_merge", workshop), {"proposal": [theirs.pk]}
        )
        assert b"Choose the proposals to merge" in response.content
        theirs.refresh_from_db()
        assert theirs.status == ProposalStatus.PENDING
