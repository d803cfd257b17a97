"""Climbing the slope in a browser: from a gap of a report to an action with a desired touch
point, the projection moving, the touch point realised on a workshop board, the action done."""

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from assessments import gap_reports
from assessments.models import Action, GapReport
from tests.assessments.conftest import add_worked_example
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, Org, People
from tests.workshops.conftest import live_workshop
from touchpoints.models import State, TouchPoint

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def open_page(browser: Browser, live_server: LiveServer) -> Iterator[Any]:
    contexts = []

    def open_page() -> Page:
        context = browser.new_context(base_url=live_server.url)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


def projection(page: Page) -> str:
    page.goto("/w/acme/plan/")
    return page.locator(".projection-sentence").inner_text()


def test_a_gap_becomes_an_action_that_a_workshop_completes(
    open_page: Any, org: Org, people: People
) -> None:
    add_worked_example(org)
    report = GapReport.objects.create(workspace=org.workspace)
    gap_reports.build_report(report.pk)
    workshop = live_workshop(org)
    manager = open_page()
    log_in(manager, "mark", PASSWORD)
    before = projection(manager)
    assert "from 63.8 to 63.8" in before and "no planned touch point" in before

    manager.goto(f"/w/acme/reports/{report.pk}/")
    row = manager.locator("table.gaps tr", has_text="Finance-Infra").filter(has_text="GAP-01")
    row.get_by_role("link", name="Plan an action").click()
    expect(manager.get_by_text("From the gap")).to_be_visible()
    form = manager.locator("#action-form")
    expect(form.locator("select[name=business_unit]")).to_have_value(str(org.finance.pk))
    expect(form.locator("select[name=it_team]")).to_have_value(str(org.infra.pk))
    form.locator("select[name=level]").select_option("tactical")
    form.locator("input[name=due]").fill("2030-06-30")
    form.get_by_role("button", name="Save").click()
    expect(manager.locator("#action-status")).to_have_text("Planned")
    action = Action.objects.get()
    assert action.gap_rule == "GAP-01"
    desired = TouchPoint.objects.get(state=State.DESIRED)

    after = projection(manager)
    assert "1 planned touch point realised" in after and after != before

    facilitator = open_page()
    log_in(facilitator, "fiona", PASSWORD)
    facilitator.goto(f"/w/acme/workshops/{workshop.pk}/")
    facilitator.locator(f"#tp-{desired.pk}").click()
    panel = facilitator.locator("#panel")
    panel.locator("select[name=state]").select_option("current")
    panel.locator("select[name=channel]").select_option(label="Joint planning")
    panel.locator("select[name=frequency]").select_option("monthly")
    panel.get_by_role("button", name="Save").click()
    expect(panel.get_by_role("status")).to_be_visible()

    manager.goto(f"/w/acme/plan/actions/{action.pk}/")
    expect(manager.locator("#action-status")).to_have_text("Done")
    expect(manager.locator("#action-progress")).to_contain_text("1 of 1 realised")
    manager.goto("/w/acme/plan/")
    expect(manager.locator("#column-done").locator("..")).to_contain_text(action.title)
