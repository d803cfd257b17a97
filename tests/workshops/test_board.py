import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from tests.conftest import Org, People, client_for, htmx_client_for, personas_once_per_module
from tests.workshops.conftest import (
    board_url,
    url,
)
from touchpoints.derived_tree import refresh_tree
from touchpoints.models import (
    ChannelCategory,
    Level,
    OrgUnit,
    State,
    TouchPoint,
    TouchPointChange,
    Workshop,
    WorkshopPhase,
    WorkshopStatus,
)

pytestmark = pytest.mark.django_db

# Built once for the module: its tests read them and leave them as they were.
org, other_org, people = personas_once_per_module()


def capture_data(org: Org, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "business_unit": org.finance.pk,
        "it_team": org.infra.pk,
        "level": Level.TACTICAL,
        "channel": org.channel(ChannelCategory.SLA_REVIEW).pk,
        "frequency": "monthly",
        "initiated_by": "both",
        "state": State.CURRENT,
        "description": "",
    }
    data.update(overrides)
    return data


class TestBoard:
    def test_it_shows_units_against_teams_with_badges_and_totals(
        self, org: Org, people: People, workshop: Workshop
    ) -> None:
        org.touchpoint(level=Level.STRATEGIC, effectiveness=4)
        org.touchpoint(state=State.DESIRED, channel=None, frequency="")
        response = client_for(people.viewer).get(board_url(workshop))
        board = response.context["board"]
        assert [row.unit for row in board.rows] == [org.sales, org.finance]
        assert board.columns == [org.apps, org.infra]
        assert [row.total for row in board.rows] == [2, 0] and board.column_totals == [2, 0]
        html = response.content.decode()
        assert 'class="tp eff-4"' in html and 'class="tp desired"' in html
        assert 'class="empty-row"' in html and "cell empty" in html

    @pytest.mark.parametrize("role", ["facilitator", "viewer"])
    def test_names_and_descriptions_in_cells_are_escaped(
        self, org: Org, people: People, workshop: Workshop, role: str
    ) -> None:
        """The cells are built in Python (no autoescape): every text must be escaped there."""
        OrgUnit.objects.filter(pk=org.sales.pk).update(name='<b>Sales</b> & "Co"')
        OrgUnit.objects.filter(pk=org.apps.pk).update(name="<i>O'Apps</i>")
        org.touchpoint(description="<script>alert(1)</script>", effectiveness=3)
        html = client_for(getattr(people, role)).get(board_url(workshop)).content.decode()
        assert "<script>alert" not in html and "<b>Sales" not in html and "<i>O'" not in html
        tooltip = (
            "Operational: &lt;b&gt;Sales&lt;/b&gt; &amp; &quot;Co&quot; ↔ &lt;i&gt;O&#x27;Apps"
            "&lt;/i&gt;, Service desk, weekly, effectiveness 3/5 — &lt;script&gt;alert(1)"
        )
        assert f'title="{tooltip}' in html and f'aria-label="O3: {tooltip}' in html
        add = 'aria-label="Add a touch point: &lt;b&gt;Sales&lt;/b&gt; &amp; &quot;Co&quot; with'
        assert (add in html) == (role == "facilitator")

    def test_touchpoints_below_a_scope_unit_roll_up_into_its_row(
        self, org: Org, people: People, workshop: Workshop
    ) -> None:
        payroll = OrgUnit.objects.create(
            workspace=org.workspace, code="FP", name="Payroll", parent=org.finance
        )
        refresh_tree(org.workspace.pk)
        org.touchpoint(business_unit=payroll, it_team=org.infra)
        board = client_for(people.viewer).get(board_url(workshop)).context["board"]
        assert [row.total for row in board.rows] == [0, 1] and board.column_totals == [0, 1]

    def test_its_htmx_fragment_is_the_live_region_with_an_etag(
        self, people: People, workshop: Workshop
    ) -> None:
        response = htmx_client_for(people.viewer).get(board_url(workshop))
        assert b"<html" not in response.content and b'id="live"' in response.content
        assert response["ETag"] == f'"board-{workshop.pk}-1-view"'

    def test_projector_mode_has_no_chrome(self, people: People, workshop: Workshop) -> None:
        response = client_for(people.facilitator).get(board_url(workshop) + "?projector=1")
        assert b"projector" in response.content and b"site-header" not in response.content
        assert b"Facilitator controls" not in response.content

    def test_readers_see_no_controls(self, people: People, workshop: Workshop) -> None:
        response = client_for(people.manager).get(board_url(workshop))
        assert response.status_code == 200 and b"Facilitator controls" not in response.content

    def test_outsiders_get_404_and_strangers_log_in(
        self, people: People, workshop: Workshop
    ) -> None:
        assert client_for(people.outsider).get(board_url(workshop)).status_code == 404
        response = client_for(None).get(board_url(workshop))
        assert response.status_code == 302 and "/login/" in response["Location"]

    def test_its_query_count_does_not_grow_with_touchpoints(
        self,
        org: Org,
        people: People,
        workshop: Workshop,
        django_assert_max_num_queries: DjangoAssertNumQueries,
    ) -> None:
        client = client_for(people.facilitator)
        org.touchpoint()
        with CaptureQueriesContext(connection) as few:
            client.get(board_url(workshop))
        for _ in range(30):
            org.touchpoint(business_unit=org.finance, it_team=org.infra, level=Level.TACTICAL)
        with django_assert_max_num_queries(12):
            client.get(board_url(workshop))
        with CaptureQueriesContext(connection) as many:
            client.get(board_url(workshop))
        assert len(many) == len(few)

    @pytest.mark.parametrize(
        ("phase", "query", "most"),
        [
            # Scoring the board's scope: its two units lists, the workspace's units and touch
            # points, and its recommendation texts.
            (WorkshopPhase.REVIEW, "", 15),
            # The projector counts proposals and ratings besides the board.
            (WorkshopPhase.CAPTURE, "?projector=1", 11),
        ],
    )
    def test_the_review_board_and_the_projector_have_pinned_query_counts(
        self,
        org: Org,
        people: People,
        workshop: Workshop,
        django_assert_max_num_queries: DjangoAssertNumQueries,
        phase: str,
        query: str,
        most: int,
    ) -> None:
        Workshop.objects.filter(pk=workshop.pk).update(phase=phase)
        client = client_for(people.facilitator)
        org.touchpoint()
        client.get(board_url(workshop) + query)
        for _ in range(30):
            org.touchpoint(business_unit=org.finance, it_team=org.infra, level=Level.TACTICAL)
        with django_assert_max_num_queries(most):
            client.get(board_url(workshop) + query)


class TestPolling:
    def test_an_unchanged_poll_is_a_two_query_304(
        self, people: People, workshop: Workshop, django_assert_num_queries: DjangoAssertNumQueries
    ) -> None:
        client = htmx_client_for(people.facilitator)
        etag = client.get(board_url(workshop))["ETag"]
        with django_assert_num_queries(2):
            response = client.get(board_url(workshop), headers={"If-None-Match": etag})
        assert response.status_code == 304 and response.content == b""

    def test_a_change_makes_the_next_poll_a_full_answer(
        self, org: Org, people: People, workshop: Workshop
    ) -> None:
        client = htmx_client_for(people.facilitator)
        etag = client.get(board_url(workshop))["ETag"]
        client.post(url("workshop_capture", workshop), capture_data(org))
        response = client.get(board_url(workshop), headers={"If-None-Match": etag})
        assert response.status_code == 200 and response["ETag"] != etag

    def test_an_edit_on_the_touchpoint_list_reaches_open_boards(
        self, org: Org, people: People, workshop: Workshop
    ) -> None:
        client = htmx_client_for(people.facilitator)
        etag = client.get(board_url(workshop))["ETag"]
        created = client.post(
            reverse("touchpoint_create", args=[org.workspace.slug]), capture_data(org)
        )
        assert created.status_code == 200 and created["HX-Redirect"]
        response = client.get(board_url(workshop), headers={"If-None-Match": etag})
        assert response.status_code == 200 and response["ETag"] != etag

    def test_a_stale_etag_from_another_role_gets_the_full_board(
        self, people: People, workshop: Workshop
    ) -> None:
        etag = htmx_client_for(people.facilitator).get(board_url(workshop))["ETag"]
        response = htmx_client_for(people.viewer).get(
            board_url(workshop), headers={"If-None-Match": etag}
        )
        assert response.status_code == 200

    def test_an_outsider_with_a_guessed_etag_gets_404(
        self, people: People, workshop: Workshop
    ) -> None:
        etag = f'"board-{workshop.pk}-1-run"'
        response = htmx_client_for(people.outsider).get(
            board_url(workshop), headers={"If-None-Match": etag}
        )
        assert response.status_code == 404


class TestCapture:
    def test_a_cell_opens_the_panel_with_quick_defaults(
        self, org: Org, people: People, workshop: Workshop
    ) -> None:
        capture = (
            url("workshop_capture", workshop)
            + f"?business_unit={org.finance.pk}&it_team={org.apps.pk}"
        )
        response = htmx_client_for(people.facilitator).get(capture)
        assert b"<html" not in response.content and b'id="panel"' in response.content
        form = response.context["form"]
        assert form["level"].value() == "operational" and form["frequency"].value() == "monthly"
        assert form["channel"].value() == org.channel(ChannelCategory.SERVICE_DESK).pk
        assert form["business_unit"].value() == str(org.finance.pk)

    def test_capturing_records_the_touchpoint_with_its_workshop_and_history(
        self, org: Org, people: People, workshop: Workshop
    ) -> None:
        response = htmx_client_for(people.facilitator).post(
            url("workshop_capture", workshop), capture_data(org)
        )
        assert response.status_code == 200 and response["HX-Trigger"] == "board-changed"
        touch_point = TouchPoint.objects.get()
        assert touch_point.workshop == workshop and touch_point.created_by == people.facilitator
        assert TouchPointChange.objects.filter(touch_point=touch_point, action="created").exists()
        workshop.refresh_from_db()
        assert workshop.revision > 1  # every open board redraws

    def test_a_unit_outside_the_scope_is_refused(
        self, org: Org, people: People, workshop: Workshop
    ) -> None:
        workshop.business_units.set([org.sales])
        response = htmx_client_for(people.facilitator).post(
            url("workshop_capture", workshop), capture_data(org)
        )
        assert response.context["form"].errors["business_unit"] and not TouchPoint.objects.exists()

    @pytest.mark.parametrize("role", ["manager", "viewer"])
    def test_readers_cannot_capture_or_edit(
        self, org: Org, people: People, workshop: Workshop, role: str
    ) -> None:
        touch_point = org.touchpoint()
        client = htmx_client_for(getattr(people, role))
        assert client.post(url("workshop_capture", workshop), capture_data(org)).status_code == 403
        edit = url("workshop_touchpoint_edit", workshop, touch_point.pk)
        assert client.post(edit, capture_data(org, version=1)).status_code == 403
        assert client.post(url("workshop_phase", workshop), {"phase": "rate"}).status_code == 403
        assert client.post(url("workshop_close", workshop)).status_code == 403

    def test_outsiders_cannot_capture(self, org: Org, people: People, workshop: Workshop) -> None:
        client = htmx_client_for(people.outsider)
        assert client.post(url("workshop_capture", workshop), capture_data(org)).status_code == 404


class TestEdit:
    def test_an_edit_saves_with_history(self, org: Org, people: People, workshop: Workshop) -> None:
        touch_point = org.touchpoint(business_unit=org.finance, it_team=org.infra)
        edit = url("workshop_touchpoint_edit", workshop, touch_point.pk)
        htmx_client_for(people.facilitator).post(
            edit, capture_data(org, version=1, effectiveness="5")
        )
        touch_point.refresh_from_db()
        assert touch_point.effectiveness == 5 and touch_point.version == 2

    def test_the_second_editor_is_refused_and_sees_the_current_values(
        self, org: Org, people: People, workshop: Workshop
    ) -> None:
        touch_point = org.touchpoint(business_unit=org.finance, it_team=org.infra)
        edit = url("workshop_touchpoint_edit", workshop, touch_point.pk)
        htmx_client_for(people.facilitator).post(
            edit, capture_data(org, version=1, description="first")
        )
        response = htmx_client_for(people.admin).post(
            edit, capture_data(org, version=1, description="second")
        )
        assert response.status_code == 409
        assert b"Someone else changed this touch point" in response.content
        assert response.context["form"]["description"].value() == "first"
        touch_point.refresh_from_db()
        assert touch_point.description == "first"


class TestClosing:
    def test_closing_records_the_outcome_and_freezes_the_board(
        self, org: Org, people: People, workshop: Workshop
    ) -> None:
        client = htmx_client_for(people.facilitator)
        old = org.touchpoint()
        client.post(url("workshop_capture", workshop), capture_data(org))
        client.post(
            url("workshop_touchpoint_edit", workshop, old.pk),
            capture_data(org, version=1, business_unit=org.sales.pk, it_team=org.apps.pk),
        )
        client.post(url("workshop_close", workshop))
        workshop.refresh_from_db()
        assert workshop.status == WorkshopStatus.CLOSED and workshop.phase == WorkshopPhase.CLOSED
        assert workshop.outcome["added"] == 1 and workshop.outcome["changed"] == 1
        assert workshop.closed_at is not None

        response = client.post(url("workshop_capture", workshop), capture_data(org))
        assert response.status_code == 409 and b"closed" in response.content
        response = client.post(
            url("workshop_touchpoint_edit", workshop, old.pk), capture_data(org, version=2)
        )
        assert response.status_code == 409
        assert TouchPoint.objects.count() == 2
        response = client.post(url("workshop_phase", workshop), {"phase": "capture"})
        assert b"closed" in response.content
        workshop.refresh_from_db()
        assert workshop.status == WorkshopStatus.CLOSED

    def test_controls_set_phase_timer_reveal_and_lock(
        self, people: People, workshop: Workshop
    ) -> None:
        client = htmx_client_for(people.facilitator)
        client.post(url("workshop_phase", workshop), {"phase": "rate"})
        client.post(url("workshop_timer", workshop), {"minutes": "5"})
        client.post(url("workshop_reveal", workshop), {"revealed": "1"})
        response = client.post(url("workshop_lock", workshop), {"locked": "1"})
        assert b'data-countdown="' in response.content and b"Locked" in response.content
        workshop.refresh_from_db()
        assert workshop.phase == "rate" and workshop.ratings_revealed and workshop.locked
        assert 290 <= (workshop.timer_seconds_left or 0) <= 300
        assert workshop.revision == 5
