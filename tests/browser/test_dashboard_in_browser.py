import pytest
from playwright.sync_api import Page, expect

from assessments import gap_reports
from assessments.models import GapReport
from tests.browser.conftest import ARTIFACTS, log_in
from touchpoints.demo import DEMO_PASSWORD, load_demo

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_manager_reads_the_dashboard_drills_into_a_cell_and_filters(page: Page) -> None:
    workspace = load_demo().workspace
    report = GapReport.objects.create(workspace=workspace)
    gap_reports.build_report(report.pk)
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "manager", DEMO_PASSWORD)

    page.goto(f"/w/{workspace.slug}/")
    page.get_by_role("link", name="Dashboard").first.click()
    expect(page.get_by_role("heading", name="Six dimensions")).to_be_visible()
    expect(page.get_by_role("img", name="The convergence slope")).to_be_visible()
    expect(page.get_by_text("our own approximation")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "dashboard-desktop.png"), full_page=True)
    page.emulate_media(media="print")
    # The bands' table (the trend table's band tooltips also mention Luftman's levels).
    luftman = page.get_by_role("columnheader", name="Luftman level")
    expect(page.get_by_role("table").filter(has=luftman)).to_be_visible()
    expect(page.locator("form.dashboard-filters")).to_be_hidden()
    page.screenshot(path=str(ARTIFACTS / "dashboard-print.png"), full_page=True)
    page.emulate_media(media="screen")

    page.get_by_role("link", name="Heatmaps").click()
    expect(page.locator("table.heatmap-teams")).to_be_visible()
    cell = page.locator("table.heatmap td.heat a").first
    row_name = cell.locator(".visually-hidden").first.inner_text().split(" with ")[0]
    cell.click()
    detail = page.locator("#cell-detail")
    expect(detail.get_by_role("heading", level=3)).to_contain_text(row_name)
    expect(detail.get_by_role("heading", name="Gaps")).to_be_visible()
    detail.screenshot(path=str(ARTIFACTS / "dashboard-cell-desktop.png"))

    page.locator("form.dashboard-filters").get_by_label("Location").select_option(label="Edinburgh")
    page.locator("form.dashboard-filters").get_by_role("button", name="Apply").click()
    expect(page.locator("#panel")).to_be_visible()
    page.wait_for_url("**location=*")
    expect(page.locator("table.heatmap-teams")).to_be_visible()
    expect(page.locator(".filters-summary")).to_contain_text("units in Edinburgh")
    page.screenshot(path=str(ARTIFACTS / "dashboard-heatmaps-desktop.png"), full_page=True)

    page.get_by_role("link", name="Network map").click()
    expect(page.locator("#network-summary")).to_contain_text("units and")
    expect(page.locator("#network canvas").first).to_be_attached()
    page.screenshot(path=str(ARTIFACTS / "dashboard-network-desktop.png"))

    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_role("link", name="Overview").click()
    expect(page.get_by_role("heading", name="Six dimensions")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "dashboard-phone.png"))
    page.screenshot(path=str(ARTIFACTS / "dashboard-phone-full.png"), full_page=True)
    page.get_by_role("link", name="Heatmaps").click()
    expect(page.locator("table.heatmap").first).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "dashboard-heatmaps-phone.png"))
