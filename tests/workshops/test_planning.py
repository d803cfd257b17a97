import datetime

import pytest
from django.urls import reverse
from pytest_django.fixtures import Settings

from tests.conftest import Org, People, client_for, htmx_client_for, personas_once_per_module
from tests.workshops.conftest import board_url
from touchpoints.models import Workshop, WorkshopStatus

pytestmark = pytest.mark.django_db

# Built once for the module: its tests read them and leave them as they were.
org, other_org, people = personas_once_per_module()


def plan_data(org: Org, people: People, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Sales and IT",
        "date": "2030-03-01",
        "facilitator": people.facilitator.pk,
        "business_units": [org.sales.pk, org.finance.pk],
        "it_teams": [org.apps.pk],
    }
    data.update(overrides)
    return data


class TestWorkshopList:
    def test_it_splits_upcoming_from_past(
        self, org: Org, people: People, workshop: Workshop
    ) -> None:
        Workshop.objects.create(workspace=org.workspace, title="Last year", date="2020-01-01")
        response = client_for(people.viewer).get(reverse("workshop_list", args=["acme"]))
        assert response.status_code == 200
        assert [w.title for w in response.context["upcoming"]] == ["Finance meets IT"]
        assert [w.title for w in response.context["past"]] == ["Last year"]

    def test_a_closed_workshop_counts_as_past(self, people: People, workshop: Workshop) -> None:
        Workshop.objects.filter(pk=workshop.pk).update(status=WorkshopStatus.CLOSED)
        response = client_for(people.viewer).get(reverse("workshop_list", args=["acme"]))
        assert [w.title for w in response.context["past"]] == ["Finance meets IT"]

    def test_it_hides_other_workspaces_and_asks_strangers_to_log_in(
        self, people: People, workshop: Workshop
    ) -> None:
        assert (
            client_for(people.outsider).get(reverse("workshop_list", args=["acme"])).status_code
            == 404
        )
        response = client_for(None).get(reverse("workshop_list", args=["acme"]))
        assert response.status_code == 302 and "/login/" in response["Location"]


class TestPlanning:
    def test_a_facilitator_plans_a_workshop_with_its_scope(self, org: Org, people: People) -> None:
        response = client_for(people.facilitator).post(
            reverse("workshop_create", args=["acme"]), plan_data(org, people)
        )
        workshop = Workshop.objects.get()
        assert response.status_code == 302 and response["Location"] == board_url(workshop)
        assert set(workshop.business_units.all()) == {org.sales, org.finance}
        assert list(workshop.it_teams.all()) == [org.apps]
        assert workshop.date == datetime.date(2030, 3, 1) and workshop.status == "draft"

    def test_scope_units_must_be_the_workspaces_own(
        self, org: Org, other_org: Org, people: People
    ) -> None:
        data = plan_data(org, people, business_units=[other_org.sales.pk])
        response = client_for(people.facilitator).post(
            reverse("workshop_create", args=["acme"]), data
        )
        assert response.status_code == 200 and not Workshop.objects.exists()
        assert response.context["form"].errors["business_units"]

    def test_an_it_team_is_not_a_business_row(self, org: Org, people: People) -> None:
        data = plan_data(org, people, business_units=[org.apps.pk], it_teams=[org.sales.pk])
        response = client_for(people.admin).post(reverse("workshop_create", args=["acme"]), data)
        assert set(response.context["form"].errors) == {"business_units", "it_teams"}

    def test_the_plan_can_be_edited(self, org: Org, people: People, workshop: Workshop) -> None:
        data = plan_data(org, people, title="Renamed", it_teams=[org.infra.pk])
        client_for(people.admin).post(reverse("workshop_edit", args=["acme", workshop.pk]), data)
        workshop.refresh_from_db()
        assert workshop.title == "Renamed" and list(workshop.it_teams.all()) == [org.infra]

    @pytest.mark.parametrize("role", ["manager", "viewer"])
    def test_readers_cannot_plan(
        self, org: Org, people: People, workshop: Workshop, role: str
    ) -> None:
        client = client_for(getattr(people, role))
        assert client.get(reverse("workshop_create", args=["acme"])).status_code == 403
        edit = reverse("workshop_edit", args=["acme", workshop.pk])
        assert client.post(edit, plan_data(org, people)).status_code == 403

    def test_outsiders_get_404(self, org: Org, people: People, workshop: Workshop) -> None:
        client = client_for(people.outsider)
        assert client.get(reverse("workshop_create", args=["acme"])).status_code == 404
        assert client.get(reverse("workshop_edit", args=["acme", workshop.pk])).status_code == 404


class TestScopeSearch:
    def test_it_finds_units_of_one_side_by_name(
        self, org: Org, other_org: Org, people: People
    ) -> None:
        search = reverse("workshop_unit_search", args=["acme"])
        response = htmx_client_for(people.facilitator).get(search, {"side": "business", "q": "fin"})
        assert response.status_code == 200 and b"<html" not in response.content
        assert [u.name for u in response.context["units"]] == ["Finance"]
        # A result is ticked into the chosen list (scope-picker.js), which alone is posted.
        assert b"data-pick" in response.content and b'name="business_units"' not in response.content
        response = htmx_client_for(people.facilitator).get(search, {"side": "it", "q": ""})
        assert {u.name for u in response.context["units"]} == {"IT", "Apps", "Infra"}

    def test_readers_cannot_search(self, people: People) -> None:
        search = reverse("workshop_unit_search", args=["acme"])
        assert htmx_client_for(people.viewer).get(search).status_code == 403


class TestPlansThatHold:
    @pytest.mark.parametrize("language", ["en-us", "de", "fr", "nl"])
    def test_an_edited_plan_shows_its_date_as_iso_in_every_locale(
        self, people: People, workshop: Workshop, language: str, settings: Settings
    ) -> None:
        settings.LANGUAGE_CODE = language
        url = reverse("workshop_edit", args=["acme", workshop.pk])
        response = client_for(people.facilitator).get(url)
        assert b'type="date"' in response.content
        assert b'value="2030-01-15"' in response.content

    def test_saving_the_edit_form_unchanged_keeps_the_date(
        self, org: Org, people: People, workshop: Workshop, settings: Settings
    ) -> None:
        settings.LANGUAGE_CODE = "de"
        url = reverse("workshop_edit", args=["acme", workshop.pk])
        form = client_for(people.facilitator).get(url).context["form"]
        data = plan_data(org, people, date=form["date"].value(), title=workshop.title)
        response = client_for(people.facilitator).post(url, data)
        assert response.status_code == 302
        workshop.refresh_from_db()
        assert workshop.date == datetime.date(2030, 1, 15)

    def test_the_chosen_units_are_posted_whatever_the_search_shows(
        self, org: Org, people: People, workshop: Workshop
    ) -> None:
        url = reverse("workshop_edit", args=["acme", workshop.pk])
        content = client_for(people.facilitator).get(url).content.decode()
        for unit in (org.sales, org.finance, org.apps, org.infra):
            assert (
                f'name="{"it_teams" if unit.side == "it" else "business_units"}" value="{unit.pk}"'
                in content
            )
            assert f'aria-label="Remove {unit.name}"' in content
        search = reverse("workshop_unit_search", args=["acme"])
        results = client_for(people.facilitator).get(search, {"q": "Sal", "side": "business"})
        # Search results carry no name: only the chosen list is posted.
        assert b"data-pick" in results.content and b'name="business_units"' not in results.content

    def test_a_division_offers_its_whole_branch(self, org: Org, people: People) -> None:
        search = reverse("workshop_unit_search", args=["acme"])
        results = client_for(people.facilitator).get(search, {"q": "Group", "side": "business"})
        branch = reverse("workshop_unit_branch", args=["acme", org.sales.parent_id])
        assert branch.encode() in results.content
        response = client_for(people.facilitator).get(branch)
        assert response.status_code == 200
        chosen = [unit.pk for unit in response.context["units"]]
        assert chosen == [org.sales.parent_id, org.sales.pk, org.finance.pk] or set(chosen) == {
            org.sales.parent_id,
            org.sales.pk,
            org.finance.pk,
        }
        assert b'name="business_units"' in response.content

    def test_a_team_without_teams_below_offers_no_branch(self, org: Org, people: People) -> None:
        search = reverse("workshop_unit_search", args=["acme"])
        results = client_for(people.facilitator).get(search, {"q": "Sales", "side": "business"})
        assert b"Whole branch" not in results.content

    def test_a_past_plan_is_copied(self, org: Org, people: People, workshop: Workshop) -> None:
        Workshop.objects.filter(pk=workshop.pk).update(anonymous=True)
        url = reverse("workshop_create", args=["acme"]) + f"?copy={workshop.pk}"
        response = client_for(people.facilitator).get(url)
        assert response.status_code == 200
        form = response.context["form"]
        assert form["title"].value() == "Finance meets IT" and form["anonymous"].value() is True
        assert form["date"].value() != workshop.date
        assert {u.pk for u in form.chosen("business_units")} == {org.sales.pk, org.finance.pk}
        assert {u.pk for u in form.chosen("it_teams")} == {org.apps.pk, org.infra.pk}
        assert f'value="{org.infra.pk}"'.encode() in response.content

    def test_the_list_links_each_workshop_to_copy_its_plan(
        self, people: People, workshop: Workshop
    ) -> None:
        response = client_for(people.facilitator).get(reverse("workshop_list", args=["acme"]))
        assert f"?copy={workshop.pk}".encode() in response.content
        viewer = client_for(people.viewer).get(reverse("workshop_list", args=["acme"]))
        assert b"?copy=" not in viewer.content
