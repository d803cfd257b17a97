"""Bugs found in review of the live workshops, each pinned by the test that showed it."""

import contextlib
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.db.models import F
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from tests.conftest import Org, People, client_for, htmx_client_for
from tests.workshops.conftest import board_url, live_url, participant_client, url
from touchpoints import access, history
from touchpoints.models import (
    Channel,
    EffectivenessRating,
    Proposal,
    ProposalStatus,
    Side,
    TouchPoint,
    TouchPointChange,
    Workshop,
    WorkshopPhase,
    WorkshopStatus,
)
from touchpoints.workshops import facilitation
from touchpoints.workshops.views import facilitation as views_facilitation
from touchpoints.workshops.views import planning as views_planning

pytestmark = pytest.mark.django_db


class TestPollingAClosedBoard:
    def test_an_unchanged_poll_of_a_closed_board_is_a_304_for_its_facilitator(
        self, people: People, workshop: Workshop
    ) -> None:
        client = htmx_client_for(people.facilitator)
        client.post(url("workshop_close", workshop))
        etag = client.get(board_url(workshop))["ETag"]
        response = client.get(board_url(workshop), headers={"If-None-Match": etag})
        assert response.status_code == 304


class TestPollingAfterTheTreeChanges:
    def test_re_marking_a_scope_unit_reaches_open_boards(
        self,
        org: Org,
        people: People,
        workshop: Workshop,
        django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    ) -> None:
        client = htmx_client_for(people.facilitator)
        etag = client.get(board_url(workshop))["ETag"]
        remark = reverse("unit_side", args=[org.workspace.slug, org.finance.pk])
        with django_capture_on_commit_callbacks(execute=True):
            htmx_client_for(people.admin).post(remark, {"side_mark": "it"})
        response = client.get(board_url(workshop), headers={"If-None-Match": etag})
        assert (
            response.status_code == 200 and b'<th scope="row">Finance</th>' not in response.content
        )


class TestRatingARemovedTouchPoint:
    @pytest.mark.django_db(transaction=True)
    def test_a_vote_on_a_touch_point_deleted_meanwhile_is_refused_not_a_crash(
        self, org: Org, workshop: Workshop
    ) -> None:
        Workshop.objects.filter(pk=workshop.pk).update(phase=WorkshopPhase.RATE)
        workshop.refresh_from_db()
        participant = facilitation.join(workshop, "Pat", Side.BUSINESS)
        touch_point = org.touchpoint()
        # What the participant's page showed is gone by the time the vote arrives.
        TouchPoint.objects.filter(pk=touch_point.pk).delete()
        with pytest.raises(facilitation.Refused):
            facilitation.rate(participant, touch_point, 4)
        assert not EffectivenessRating.objects.exists()


class TestMergingIntoATouchPointEditedMeanwhile:
    def test_the_merge_keeps_the_other_edit_and_appends_the_proposal(
        self, org: Org, people: People, workshop: Workshop, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        participant = facilitation.join(workshop, "Pat", Side.BUSINESS)
        proposal = facilitation.propose(
            participant,
            Proposal(
                business_unit=org.finance, it_team=org.infra, level="tactical", description="QBRs"
            ),
        )
        target = org.touchpoint(business_unit=org.finance, it_team=org.infra, description="Reviews")
        loaded = access.get_touchpoint

        def loaded_then_edited_by_someone_else(*args: Any) -> TouchPoint:
            touch_point = loaded(*args)
            TouchPoint.objects.filter(pk=target.pk).update(
                description="Monthly reviews", version=F("version") + 1
            )
            return touch_point

        monkeypatch.setattr(
            views_facilitation, "get_touchpoint", loaded_then_edited_by_someone_else
        )
        response = htmx_client_for(people.facilitator).post(
            url("proposal_merge", workshop, proposal.pk), {"into": target.pk}
        )
        assert response.status_code == 200
        target.refresh_from_db()
        proposal.refresh_from_db()
        assert target.description == "Monthly reviews\nQBRs"
        assert proposal.status == ProposalStatus.MERGED


class TestDeletingTwice:
    @pytest.mark.django_db(transaction=True)
    def test_a_second_facilitator_deleting_the_same_touch_point_is_no_crash(
        self, org: Org, people: People, workshop: Workshop
    ) -> None:
        touch_point = org.touchpoint()
        seen_by_the_second = TouchPoint.objects.get(pk=touch_point.pk)
        facilitation.remove(workshop, touch_point, people.facilitator)
        facilitation.remove(workshop, seen_by_the_second, people.admin)
        assert not TouchPoint.objects.exists()
        deleted = TouchPointChange.objects.filter(action=TouchPointChange.Action.DELETED)
        assert deleted.count() == 1


class TestCachingTheLivePages:
    def test_the_board_and_its_poll_are_cached_apart_by_the_browser(
        self, people: People, workshop: Workshop
    ) -> None:
        response = htmx_client_for(people.facilitator).get(board_url(workshop))
        assert "HX-Request" in response["Vary"]

    def test_the_participant_page_and_its_poll_are_cached_apart(self, workshop: Workshop) -> None:
        response = participant_client(workshop).get(live_url("participant_home", workshop))
        assert "HX-Request" in response["Vary"]


class TestPollingAfterTheSessionEnds:
    def test_a_board_poll_without_a_session_sends_the_whole_page_to_log_in(
        self, workshop: Workshop
    ) -> None:
        poll = Client(headers={"HX-Request": "true"})
        response = poll.get(board_url(workshop) + "?projector=1")
        # Not a 302 that htmx would follow and swap the login page into the board.
        assert response.status_code == 200 and response["HX-Redirect"].startswith("/login/")
        assert "projector" in response["HX-Redirect"]

    def test_a_participant_poll_without_a_session_sends_the_whole_page_to_join(
        self, workshop: Workshop
    ) -> None:
        poll = Client(headers={"HX-Request": "true"})
        response = poll.get(live_url("participant_home", workshop))
        assert response["HX-Redirect"] == reverse("join_workshop", args=[workshop.join_code])


class TestPollingAfterAChannelIsRenamed:
    def test_renaming_a_channel_reaches_open_boards(
        self, org: Org, people: People, workshop: Workshop
    ) -> None:
        touch_point = org.touchpoint()
        client = htmx_client_for(people.facilitator)
        etag = client.get(board_url(workshop))["ETag"]
        channel = touch_point.channel
        assert channel is not None
        rename = reverse("channel_edit", args=[org.workspace.slug, channel.pk])
        client_for(people.admin).post(
            rename, {"name": "Steering board", "category": channel.category}
        )
        response = client.get(board_url(workshop), headers={"If-None-Match": etag})
        assert response.status_code == 200 and b"Steering board" in response.content


class TestEditingThePlanWhileTheWorkshopRuns:
    def loaded_then(
        self, monkeypatch: pytest.MonkeyPatch, meanwhile: Callable[[Workshop], object]
    ) -> None:
        """The plan's page loads the workshop; another facilitator's change lands before save."""
        loaded = access.get_workshop

        def get_workshop(*args: Any) -> Workshop:
            workshop = loaded(*args)
            meanwhile(Workshop.objects.get(pk=workshop.pk))
            return workshop

        monkeypatch.setattr(views_planning, "get_workshop", get_workshop)

    def post_plan(self, org: Org, people: People, workshop: Workshop) -> None:
        edit = reverse("workshop_edit", args=[org.workspace.slug, workshop.pk])
        client_for(people.facilitator).post(
            edit,
            {
                "title": "Renamed",
                "date": "2030-03-01",
                "facilitator": people.facilitator.pk,
                "business_units": [org.sales.pk, org.finance.pk],
                "it_teams": [org.apps.pk, org.infra.pk],
            },
        )

    def test_saving_the_plan_keeps_a_reveal_and_lock_made_meanwhile_and_moves_the_revision_on(
        self, org: Org, people: People, workshop: Workshop, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        def reveal_and_lock(other: Workshop) -> None:
            facilitation.set_revealed(other, True)
            facilitation.set_locked(other, True)

        self.loaded_then(monkeypatch, reveal_and_lock)
        before = workshop.revision
        self.post_plan(org, people, workshop)
        workshop.refresh_from_db()
        assert workshop.title == "Renamed"
        assert workshop.ratings_revealed and workshop.locked
        # Never back to a revision an earlier board was sent with: its poll would get a 304.
        assert workshop.revision == before + 3

    def test_a_workshop_closed_meanwhile_is_not_reopened_by_saving_its_plan(
        self, org: Org, people: People, workshop: Workshop, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        self.loaded_then(monkeypatch, facilitation.close)
        self.post_plan(org, people, workshop)
        workshop.refresh_from_db()
        assert workshop.status == WorkshopStatus.CLOSED and workshop.title == "Finance meets IT"


class TestTwoWorkshopsAtOnce:
    @pytest.mark.django_db(transaction=True)
    def test_captures_in_two_workshops_of_one_workspace_at_once_both_succeed(
        self, org: Org, people: People, workshop: Workshop, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        other = Workshop.objects.create(
            workspace=org.workspace, title="Room B", date="2030-01-15", status=WorkshopStatus.LIVE
        )
        other.business_units.set([org.sales])
        other.it_teams.set([org.apps])
        channel = Channel.objects.filter(workspace=org.workspace).first()
        # Each capture waits (a second at most) for the other to be inside its transaction
        # too before it writes: the interleaving that deadlocked. Once the rows are taken in
        # one order the second cannot get in, and the first goes on after the second.
        both_started = threading.Barrier(2, timeout=1)
        create = history.create_touchpoint

        def create_when_both_started(touch_point: TouchPoint, user: Any) -> TouchPoint:
            with contextlib.suppress(threading.BrokenBarrierError):
                both_started.wait()
            return create(touch_point, user)

        monkeypatch.setattr(facilitation, "create_touchpoint", create_when_both_started)
        errors: list[BaseException] = []

        def capture(pk: int) -> None:
            touch_point = TouchPoint(
                workspace=org.workspace,
                business_unit=org.sales,
                it_team=org.apps,
                level="operational",
                channel=channel,
                frequency="monthly",
            )
            try:
                facilitation.capture(Workshop.objects.get(pk=pk), touch_point, people.facilitator)
            except BaseException as error:  # a deadlock's OperationalError
                errors.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=capture, args=(w.pk,)) for w in (workshop, other)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == [] and TouchPoint.objects.count() == 2
