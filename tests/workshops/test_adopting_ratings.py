"""The facilitator adopts the participants' rated average as a touch point's effectiveness."""

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoAssertNumQueries

from tests.conftest import Org, People, client_for, htmx_client_for
from tests.workshops.conftest import board_url, url
from touchpoints.models import (
    EffectivenessRating,
    Level,
    Participant,
    Side,
    TouchPoint,
    TouchPointChange,
    Workshop,
    WorkshopPhase,
)
from touchpoints.workshops.board import Badge, rounded_mean

pytestmark = pytest.mark.django_db


def vote(workshop: Workshop, touch_point: TouchPoint, side: str, score: int) -> None:
    participant = Participant.objects.create(workshop=workshop, name=f"P{score}", side=side)
    EffectivenessRating.objects.create(
        touch_point=touch_point, participant=participant, side=side, score=score
    )


def in_phase(workshop: Workshop, phase: str) -> Workshop:
    Workshop.objects.filter(pk=workshop.pk).update(phase=phase)
    workshop.refresh_from_db()
    return workshop


@pytest.fixture
def rated(org: Org, workshop: Workshop) -> TouchPoint:
    """Business votes 2 and 3, IT votes 5: a mean of 3.33, adopted as 3."""
    touch_point = org.touchpoint(business_unit=org.finance, it_team=org.infra)
    vote(workshop, touch_point, Side.BUSINESS, 2)
    vote(workshop, touch_point, Side.BUSINESS, 3)
    vote(workshop, touch_point, Side.IT, 5)
    in_phase(workshop, WorkshopPhase.RATE)
    return touch_point


def adopt(client: Client, workshop: Workshop, touch_point: TouchPoint, version: int) -> Any:
    return client.post(
        url("workshop_touchpoint_adopt", workshop, touch_point.pk), {"version": version}
    )


class TestRounding:
    @pytest.mark.parametrize(
        ("total", "count", "expected"),
        [(1, 1, 1), (5, 2, 3), (7, 2, 4), (7, 3, 2), (8, 3, 3), (9, 2, 5)],
    )
    def test_the_mean_rounds_halves_up(self, total: int, count: int, expected: int) -> None:
        assert rounded_mean(total, count) == expected

    def test_a_badge_colours_and_adopts_the_same_rounded_mean(self) -> None:
        badge = Badge(TouchPoint(level=Level.TACTICAL), 2.0, 1, 3.0, 1)
        assert badge.rated_effectiveness == 3 and badge.colour(revealed=True) == 3
        assert badge.adoptable
        badge.touch_point.effectiveness = 3
        assert not badge.adoptable


class TestAdoptingOne:
    def test_the_panel_shows_both_side_means_and_the_count_beside_the_button(
        self, people: People, workshop: Workshop, rated: TouchPoint
    ) -> None:
        panel = htmx_client_for(people.facilitator).get(
            url("workshop_touchpoint_edit", workshop, rated.pk)
        )
        html = panel.content.decode()
        assert b"<html" not in panel.content and "Adopt 3/5 as effectiveness" in html
        assert "the rounded mean of all 3 votes: Business 2.5 from 2 · IT 5.0 from 1" in html

    def test_adopting_sets_the_effectiveness_with_history_and_a_new_revision(
        self, people: People, workshop: Workshop, rated: TouchPoint
    ) -> None:
        response = adopt(htmx_client_for(people.facilitator), workshop, rated, 1)
        assert response.status_code == 200 and response["HX-Trigger"] == "board-changed"
        assert b"Adopted effectiveness 3/5" in response.content
        assert b"The effectiveness already is the rated average" in response.content
        rated.refresh_from_db()
        assert (rated.effectiveness, rated.version, rated.updated_by) == (3, 2, people.facilitator)
        change = TouchPointChange.objects.get(touch_point=rated, action="updated")
        assert change.changes == {"effectiveness": ["—", "3"]}
        assert change.changed_by == people.facilitator
        workshop.refresh_from_db()
        assert workshop.revision > 1 and workshop.outcome == {"adopted_ids": [rated.pk]}

    def test_a_stale_panel_is_refused_with_the_current_values(
        self, people: People, workshop: Workshop, rated: TouchPoint
    ) -> None:
        TouchPoint.objects.filter(pk=rated.pk).update(version=2, effectiveness=1)
        response = adopt(htmx_client_for(people.facilitator), workshop, rated, 1)
        assert response.status_code == 409
        assert b"Someone else changed this touch point" in response.content
        assert response.context["form"]["effectiveness"].value() == 1
        rated.refresh_from_db()
        assert (rated.effectiveness, rated.version) == (1, 2)
        workshop.refresh_from_db()
        assert workshop.revision == 1 and workshop.outcome == {}

    def test_it_waits_for_the_rate_or_review_phase(
        self, people: People, workshop: Workshop, rated: TouchPoint
    ) -> None:
        client = htmx_client_for(people.facilitator)
        in_phase(workshop, WorkshopPhase.CAPTURE)
        panel = client.get(url("workshop_touchpoint_edit", workshop, rated.pk))
        assert b"as effectiveness" not in panel.content
        response = adopt(client, workshop, rated, 1)
        assert response.status_code == 409 and b"Not during the capture phase" in response.content
        in_phase(workshop, WorkshopPhase.REVIEW)
        assert adopt(client, workshop, rated, 1).status_code == 200
        rated.refresh_from_db()
        assert rated.effectiveness == 3

    def test_a_touchpoint_nobody_rated_has_nothing_to_adopt(
        self, org: Org, people: People, workshop: Workshop
    ) -> None:
        in_phase(workshop, WorkshopPhase.RATE)
        touch_point = org.touchpoint()
        client = htmx_client_for(people.facilitator)
        panel = client.get(url("workshop_touchpoint_edit", workshop, touch_point.pk))
        assert b"as effectiveness" not in panel.content
        response = adopt(client, workshop, touch_point, 1)
        assert response.status_code == 409 and b"No participant has rated" in response.content

    def test_only_workshop_runners_adopt(
        self, people: People, workshop: Workshop, rated: TouchPoint
    ) -> None:
        assert adopt(client_for(people.viewer), workshop, rated, 1).status_code == 403
        assert adopt(client_for(people.manager), workshop, rated, 1).status_code == 403
        assert adopt(client_for(people.outsider), workshop, rated, 1).status_code == 404
        response = adopt(client_for(None), workshop, rated, 1)
        assert response.status_code == 302 and "/login/" in response["Location"]
        rated.refresh_from_db()
        assert rated.effectiveness is None


class TestAdoptingAll:
    def test_the_bulk_control_adopts_only_what_differs_and_closing_counts_it(
        self, org: Org, people: People, workshop: Workshop, rated: TouchPoint
    ) -> None:
        agreed = org.touchpoint(business_unit=org.sales, it_team=org.apps, effectiveness=2)
        vote(workshop, agreed, Side.IT, 2)
        unrated = org.touchpoint(business_unit=org.sales, it_team=org.infra)
        client = htmx_client_for(people.facilitator)
        board = client_for(people.facilitator).get(board_url(workshop)).content.decode()
        assert "Adopt rated averages (1)" in board

        response = client.post(url("workshop_adopt_ratings", workshop))
        assert b"<html" not in response.content and b'id="live"' in response.content
        assert b"Adopted the rated average of 1 touch point." in response.content
        assert b"Adopt rated averages" not in response.content
        for touch_point in (rated, agreed, unrated):
            touch_point.refresh_from_db()
        assert (rated.effectiveness, rated.version) == (3, 2)
        assert (agreed.effectiveness, agreed.version) == (2, 1)
        assert (unrated.effectiveness, unrated.version) == (None, 1)
        assert TouchPointChange.objects.filter(action="updated").count() == 1

        again = client.post(url("workshop_adopt_ratings", workshop))
        assert b"Adopted the rated average of 0 touch points." in again.content
        client.post(url("workshop_close", workshop))
        workshop.refresh_from_db()
        assert workshop.outcome["adopted"] == 1 and "adopted_ids" not in workshop.outcome
        closed = client_for(people.facilitator).get(board_url(workshop)).content.decode()
        assert "1 rated average adopted" in closed

    def test_one_and_all_count_each_touchpoint_once(
        self, people: People, workshop: Workshop, rated: TouchPoint
    ) -> None:
        client = htmx_client_for(people.facilitator)
        adopt(client, workshop, rated, 1)
        vote(workshop, rated, Side.IT, 5)  # the mean moves to 3.75: adopted again as 4
        client.post(url("workshop_adopt_ratings", workshop))
        rated.refresh_from_db()
        assert rated.effectiveness == 4
        client.post(url("workshop_close", workshop))
        workshop.refresh_from_db()
        assert workshop.outcome["adopted"] == 1

    def test_outside_rating_and_review_it_is_hidden_and_refused(
        self, people: People, workshop: Workshop, rated: TouchPoint
    ) -> None:
        in_phase(workshop, WorkshopPhase.CAPTURE)
        board = client_for(people.facilitator).get(board_url(workshop))
        assert b"Adopt rated averages" not in board.content
        response = htmx_client_for(people.facilitator).post(url("workshop_adopt_ratings", workshop))
        assert b"Not during the capture phase" in response.content
        rated.refresh_from_db()
        assert rated.effectiveness is None

    def test_without_htmx_it_redirects_to_the_board_with_a_message(
        self, people: People, workshop: Workshop, rated: TouchPoint
    ) -> None:
        client = client_for(people.facilitator)
        response = client.post(url("workshop_adopt_ratings", workshop), follow=True)
        assert response.redirect_chain[-1][0] == board_url(workshop)
        assert b"Adopted the rated average of 1 touch point." in response.content

    def test_readers_cannot_adopt(
        self, people: People, workshop: Workshop, rated: TouchPoint
    ) -> None:
        assert (
            client_for(people.manager).post(url("workshop_adopt_ratings", workshop)).status_code
            == 403
        )
        assert client_for(people.viewer).get(board_url(workshop)).content.count(b"Adopt") == 0
        assert (
            client_for(people.outsider).post(url("workshop_adopt_ratings", workshop)).status_code
            == 404
        )
        rated.refresh_from_db()
        assert rated.effectiveness is None

    def test_the_rating_board_query_count_does_not_grow_with_rated_touchpoints(
        self,
        org: Org,
        people: People,
        workshop: Workshop,
        rated: TouchPoint,
        django_assert_max_num_queries: DjangoAssertNumQueries,
    ) -> None:
        client = client_for(people.facilitator)
        board = board_url(workshop)  # outside the count: it reads the workshop's workspace
        with CaptureQueriesContext(connection) as few:
            client.get(board)
        for score in range(1, 6):
            touch_point = org.touchpoint(business_unit=org.sales, it_team=org.infra)
            vote(workshop, touch_point, Side.IT, score)
        with django_assert_max_num_queries(12):
            response = client.get(board)
        assert b"Adopt rated averages (6)" in response.content
        with CaptureQueriesContext(connection) as many:
            client.get(board)
        assert len(many) == len(few)
