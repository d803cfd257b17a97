import pytest
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from tests.conftest import Org, People, client_for, htmx_client_for, personas_once_per_module
from touchpoints.models import ChannelCategory, Level, State, TouchPoint, TouchPointChange

pytestmark = pytest.mark.django_db

# Built once for the module: its tests read them and leave them as they were.
org, other_org, people = personas_once_per_module()


def list_url(org: Org) -> str:
    return reverse("touchpoint_list", args=[org.workspace.slug])


def form_data(org: Org, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "business_unit": org.finance.pk,
        "it_team": org.infra.pk,
        "level": Level.TACTICAL,
        "channel": org.channel(ChannelCategory.SLA_REVIEW).pk,
        "frequency": "monthly",
        "effectiveness": "4",
        "initiated_by": "business",
        "state": State.CURRENT,
        "description": "Monthly service review",
    }
    data.update(overrides)
    return data


class TestTouchpointList:
    def test_it_lists_the_workspace_touchpoints(self, org: Org, people: People) -> None:
        org.touchpoint(description="x")
        response = client_for(people.viewer).get(list_url(org))
        assert response.status_code == 200
        assert b"Sales" in response.content and b"Apps" in response.content
        assert b"<html" in response.content

    def test_it_hides_other_workspaces(self, org: Org, other_org: Org, people: People) -> None:
        other_org.touchpoint(business_unit=other_org.finance)
        response = client_for(people.viewer).get(list_url(org))
        assert b"0 touch points" in response.content

    def test_its_htmx_fragment_is_the_results_only(self, org: Org, people: People) -> None:
        org.touchpoint()
        response = htmx_client_for(people.viewer).get(list_url(org))
        assert b"<html" not in response.content
        assert b'id="results"' in response.content

    def test_it_filters_by_level_and_rating(self, org: Org, people: People) -> None:
        org.touchpoint(level=Level.STRATEGIC, effectiveness=2)
        org.touchpoint(level=Level.OPERATIONAL)
        client = client_for(people.viewer)
        assert (
            client.get(list_url(org), {"level": "strategic"}).context["page"].paginator.count == 1
        )
        assert (
            client.get(list_url(org), {"effectiveness": "unrated"}).context["page"].paginator.count
            == 1
        )
        assert (
            client.get(list_url(org), {"effectiveness": "2"}).context["page"].paginator.count == 1
        )

    def test_it_filters_by_unit_team_channel_and_state(self, org: Org, people: People) -> None:
        org.touchpoint(business_unit=org.finance, it_team=org.infra)
        org.touchpoint(state=State.DESIRED)
        client = client_for(people.viewer)

        def count(**query: int | str) -> int:
            found: int = client.get(list_url(org), query).context["page"].paginator.count
            return found

        assert count(business_unit=org.finance.pk) == 1
        assert count(it_team=org.apps.pk) == 1
        assert count(state="desired") == 1
        assert count(channel=org.channel(ChannelCategory.SERVICE_DESK).pk) == 2

    def test_a_unit_filter_takes_in_everything_below_it(self, org: Org, people: People) -> None:
        group = org.sales.parent
        assert group is not None
        org.touchpoint(business_unit=org.sales)
        org.touchpoint(business_unit=org.finance)
        client = client_for(people.viewer)
        assert (
            client.get(list_url(org), {"business_unit": group.pk}).context["page"].paginator.count
            == 2
        )
        assert (
            client.get(list_url(org), {"it_team": org.it.pk}).context["page"].paginator.count == 2
        )

    def test_a_unit_name_finds_touchpoints_on_either_end(self, org: Org, people: People) -> None:
        org.touchpoint(business_unit=org.sales)
        org.touchpoint(business_unit=org.finance, it_team=org.infra)
        client = client_for(people.viewer)
        assert client.get(list_url(org), {"unit": "fin"}).context["page"].paginator.count == 1
        assert client.get(list_url(org), {"unit": "INFRA"}).context["page"].paginator.count == 1

    def test_a_big_chart_offers_only_its_top_levels_in_the_drop_downs(
        self, org: Org, people: People
    ) -> None:
        from touchpoints.derived_tree import refresh_tree
        from touchpoints.forms.touchpoints import FILTER_CHOICES_LIMIT
        from touchpoints.models import OrgUnit

        OrgUnit.objects.bulk_create(
            OrgUnit(workspace=org.workspace, code=f"T{n}", name=f"Team {n}", parent=org.sales)
            for n in range(FILTER_CHOICES_LIMIT)
        )
        refresh_tree(org.workspace.pk)
        form = client_for(people.viewer).get(list_url(org)).context["filters"]
        offered = list(form.fields["business_unit"].queryset)
        assert offered == [org.sales.parent, org.sales, org.finance]

    def test_a_unit_of_another_workspace_is_not_a_valid_filter(
        self, org: Org, other_org: Org, people: People
    ) -> None:
        org.touchpoint()
        response = client_for(people.viewer).get(
            list_url(org), {"business_unit": other_org.sales.pk}
        )
        assert response.status_code == 200
        assert response.context["page"].paginator.count == 1

    def test_it_pages_through_many_touchpoints(self, org: Org, people: People) -> None:
        for _ in range(30):
            org.touchpoint()
        response = client_for(people.viewer).get(list_url(org), {"page": 2})
        assert len(response.context["page"].object_list) == 5
        assert client_for(people.viewer).get(list_url(org), {"page": "zzz"}).status_code == 200

    def test_anonymous_is_sent_to_login(self, org: Org) -> None:
        response = client_for(None).get(list_url(org))
        assert response.status_code == 302 and "/login/" in response["Location"]

    def test_an_outsider_gets_404(self, org: Org, people: People) -> None:
        assert client_for(people.outsider).get(list_url(org)).status_code == 404

    def test_it_runs_a_fixed_number_of_queries(
        self, org: Org, people: People, django_assert_max_num_queries: DjangoAssertNumQueries
    ) -> None:
        client = client_for(people.viewer)
        for _ in range(3):
            org.touchpoint()
        with django_assert_max_num_queries(9) as few:
            client.get(list_url(org))
        for _ in range(40):
            org.touchpoint(level=Level.STRATEGIC)
        with django_assert_max_num_queries(len(few.captured_queries)):
            client.get(list_url(org))


class TestTouchpointCreate:
    def url(self, org: Org) -> str:
        return reverse("touchpoint_create", args=[org.workspace.slug])

    def test_a_facilitator_adds_a_touchpoint_with_history(self, org: Org, people: People) -> None:
        response = client_for(people.facilitator).post(self.url(org), form_data(org))
        assert response.status_code == 302
        touch_point = TouchPoint.objects.get()
        assert (touch_point.business_unit, touch_point.effectiveness) == (org.finance, 4)
        assert touch_point.created_by == people.facilitator
        assert touch_point.changes.get().action == TouchPointChange.Action.CREATED

    def test_its_htmx_form_is_a_fragment(self, org: Org, people: People) -> None:
        response = htmx_client_for(people.facilitator).get(self.url(org))
        assert response.status_code == 200
        assert b"<html" not in response.content and b"<form" in response.content

    def test_an_htmx_save_redirects_the_client(self, org: Org, people: People) -> None:
        response = htmx_client_for(people.facilitator).post(self.url(org), form_data(org))
        assert response["HX-Redirect"] == list_url(org)

    def test_a_bad_touchpoint_shows_errors_and_saves_nothing(
        self, org: Org, people: People
    ) -> None:
        data = form_data(org, it_team=org.sales.pk, effectiveness="9", channel="")
        response = htmx_client_for(people.facilitator).post(self.url(org), data)
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert {"it_team", "effectiveness", "channel"} <= set(errors)
        assert not TouchPoint.objects.exists()

    def test_units_of_another_workspace_are_refused(
        self, org: Org, other_org: Org, people: People
    ) -> None:
        data = form_data(org, business_unit=other_org.finance.pk)
        response = client_for(people.facilitator).post(self.url(org), data)
        assert "business_unit" in response.context["form"].errors
        assert not TouchPoint.objects.exists()

    def test_a_desired_touchpoint_needs_only_pair_and_level(self, org: Org, people: People) -> None:
        data = form_data(org, state="desired", channel="", frequency="", effectiveness="")
        assert client_for(people.facilitator).post(self.url(org), data).status_code == 302
        assert TouchPoint.objects.get().state == State.DESIRED

    def test_a_viewer_and_a_manager_get_403(self, org: Org, people: People) -> None:
        assert client_for(people.viewer).post(self.url(org), form_data(org)).status_code == 403
        assert client_for(people.manager).get(self.url(org)).status_code == 403
        assert not TouchPoint.objects.exists()

    def test_an_outsider_gets_404(self, org: Org, people: People) -> None:
        assert client_for(people.outsider).post(self.url(org), form_data(org)).status_code == 404

    def test_anonymous_is_sent_to_login(self, org: Org) -> None:
        assert client_for(None).get(self.url(org)).status_code == 302


class TestTouchpointEdit:
    def url(self, org: Org, touch_point: TouchPoint) -> str:
        return reverse("touchpoint_edit", args=[org.workspace.slug, touch_point.pk])

    def test_an_edit_is_saved_and_recorded(self, org: Org, people: People) -> None:
        touch_point = org.touchpoint()
        data = form_data(org, version=touch_point.version)
        response = client_for(people.admin).post(self.url(org, touch_point), data)
        assert response.status_code == 302
        touch_point.refresh_from_db()
        assert (touch_point.level, touch_point.version) == (Level.TACTICAL, 2)
        change = touch_point.changes.get()
        assert change.changes["level"] == ["Operational", "Tactical"]
        assert change.changed_by == people.admin

    def test_an_edit_against_an_old_version_is_refused_with_current_values(
        self, org: Org, people: People
    ) -> None:
        touch_point = org.touchpoint()
        stale_version = touch_point.version
        first = form_data(org, version=stale_version, description="first")
        client_for(people.admin).post(self.url(org, touch_point), first)
        second = form_data(org, version=stale_version, description="second")
        response = htmx_client_for(people.facilitator).post(self.url(org, touch_point), second)
        assert b"Someone else changed this touch point" in response.content
        assert response.context["form"].initial["description"] == "first"
        touch_point.refresh_from_db()
        assert touch_point.description == "first"

    def test_its_htmx_form_is_a_fragment(self, org: Org, people: People) -> None:
        touch_point = org.touchpoint()
        response = htmx_client_for(people.facilitator).get(self.url(org, touch_point))
        assert b"<html" not in response.content and b"History" not in response.content

    def test_a_viewer_gets_403(self, org: Org, people: People) -> None:
        touch_point = org.touchpoint()
        assert client_for(people.viewer).get(self.url(org, touch_point)).status_code == 403

    def test_a_touchpoint_of_another_workspace_is_404(
        self, org: Org, other_org: Org, people: People
    ) -> None:
        theirs = other_org.touchpoint()
        url = reverse("touchpoint_edit", args=[org.workspace.slug, theirs.pk])
        assert client_for(people.admin).get(url).status_code == 404
        assert client_for(people.outsider).get(self.url(org, org.touchpoint())).status_code == 404

    def test_anonymous_is_sent_to_login(self, org: Org) -> None:
        assert client_for(None).get(self.url(org, org.touchpoint())).status_code == 302


class TestTouchpointDelete:
    def url(self, org: Org, touch_point: TouchPoint) -> str:
        return reverse("touchpoint_delete", args=[org.workspace.slug, touch_point.pk])

    def test_a_facilitator_deletes_and_the_history_keeps_it(self, org: Org, people: People) -> None:
        touch_point = org.touchpoint()
        response = htmx_client_for(people.facilitator).post(self.url(org, touch_point))
        assert response["HX-Redirect"] == list_url(org)
        assert not TouchPoint.objects.exists()
        assert TouchPointChange.objects.get().action == TouchPointChange.Action.DELETED

    def test_get_is_not_allowed(self, org: Org, people: People) -> None:
        touch_point = org.touchpoint()
        assert client_for(people.admin).get(self.url(org, touch_point)).status_code == 405

    def test_a_manager_gets_403_and_an_outsider_404(self, org: Org, people: People) -> None:
        touch_point = org.touchpoint()
        assert client_for(people.manager).post(self.url(org, touch_point)).status_code == 403
        assert client_for(people.outsider).post(self.url(org, touch_point)).status_code == 404
        assert client_for(None).post(self.url(org, touch_point)).status_code == 302
        assert TouchPoint.objects.count() == 1
