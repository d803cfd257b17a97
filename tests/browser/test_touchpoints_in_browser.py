import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, Org, People
from touchpoints.models import TouchPoint

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_facilitator_adds_edits_filters_and_deletes_a_touchpoint(
    page: Page, org: Org, people: People
) -> None:
    log_in(page, "fiona", PASSWORD)
    page.get_by_role("link", name="Acme").click()
    page.get_by_role("link", name="Touch points").first.click()
    expect(page.get_by_text("0 touch points")).to_be_visible()

    page.get_by_role("button", name="Add a touch point").click()
    form = page.locator("#touchpoint-form")
    form.get_by_label("Business unit").select_option(label="Finance")
    form.get_by_label("IT team").select_option(label="Infra")
    form.get_by_label("Level").select_option(label="Strategic")
    form.get_by_label("Channel").select_option(label="Steering committee")
    form.get_by_label("Frequency").select_option(label="Quarterly")
    form.get_by_label("Effectiveness").select_option(label="4 / 5")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_text("1 touch point", exact=True)).to_be_visible()
    expect(page.locator("#results")).to_contain_text("Finance")
    assert TouchPoint.objects.get().created_by == people.facilitator

    page.locator("#results").get_by_role("link", name="Edit").click()
    page.locator("#touchpoint-form").get_by_label("Effectiveness").select_option(label="2 / 5")
    page.locator("#touchpoint-form").get_by_role("button", name="Save").click()
    expect(page.locator("#results")).to_contain_text("2/5")

    page.locator("form.filters").get_by_label("Level").select_option(label="Operational")
    expect(page.get_by_text("1 touch point", exact=True)).to_be_visible()  # only on the button
    page.locator("form.filters").get_by_role("button", name="Filter").click()
    expect(page.get_by_text("0 touch points")).to_be_visible()
    assert "level=operational" in page.url
    page.locator("form.filters").get_by_label("Level").select_option(label="Strategic")
    page.locator("form.filters").get_by_role("button", name="Filter").click()
    expect(page.get_by_text("1 touch point", exact=True)).to_be_visible()

    page.locator("#results").get_by_role("link", name="Edit").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete").click()
    expect(page.get_by_text("0 touch points")).to_be_visible()
    assert not TouchPoint.objects.exists()


def test_on_a_big_chart_a_facilitator_finds_a_unit_by_searching(
    page: Page, org: Org, people: People
) -> None:
    from tests.touchpoints.test_unit_picker import grow

    grow(org)
    log_in(page, "fiona", PASSWORD)
    page.goto(f"/w/{org.workspace.slug}/touchpoints/new/")
    form = page.locator("#touchpoint-form")
    form.get_by_placeholder("Type part of a name or code").fill("Team 42")
    form.get_by_label("Team 42").check()
    form.get_by_label("IT team").select_option(label="Infra")
    form.get_by_label("Channel").select_option(label="Service desk")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_text("1 touch point", exact=True)).to_be_visible()
    assert TouchPoint.objects.get().business_unit.code == "T42"
