"""Issue 14's screens in a real browser: the first-run checklist on a new workspace, the code
tooltips by keyboard, and the network map's search and full-size export. Screenshots at 1280
and 390 px go to artifacts/ (gitignored)."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from assessments import gap_reports
from assessments.models import GapReport
from convergence.models import Role, Workspace
from tests.browser.axe import BLOCKING, axe_violations, describe
from tests.browser.conftest import ARTIFACTS, log_in
from tests.conftest import PASSWORD, make_user
from touchpoints.demo import DEMO_PASSWORD, load_demo
from touchpoints.derived_tree import refresh_tree
from touchpoints.models import OrgUnit, Side

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = ViewportSize(width=1280, height=900)
PHONE = ViewportSize(width=390, height=844)


def no_serious_violations(page: Page) -> None:
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
    assert not blocking, describe(blocking)


def shoot(page: Page, name: str, full_page: bool = True) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=full_page)


def test_a_new_workspace_walks_its_admin_through_the_first_run(page: Page) -> None:
    workspace = Workspace.objects.create(slug="fresh", name="Fresh Co")
    make_user("ada", workspace, Role.ADMIN)
    page.set_viewport_size(DESKTOP)
    log_in(page, "ada", PASSWORD)
    page.goto("/w/fresh/")
    checklist = page.get_by_role("region", name="Getting started")
    expect(checklist).to_be_visible()
    current = checklist.locator('[aria-current="step"]')
    expect(current).to_contain_text("Import the org chart")
    expect(current).to_contain_text("Next step")
    expect(checklist.locator(".step-done")).to_have_count(0)
    no_serious_violations(page)
    shoot(page, "first-run-new-1280.png")
    page.set_viewport_size(PHONE)
    no_serious_violations(page)
    shoot(page, "first-run-new-390.png")

    current.get_by_role("link", name="Import the org chart").click()
    page.wait_for_url("**/fresh/imports/**")

    # The chart arrives (as an import would leave it) with an IT branch: two steps done.
    group = OrgUnit.objects.create(workspace=workspace, code="G", name="Group")
    OrgUnit.objects.create(workspace=workspace, code="S", name="Sales", parent=group)
    it = OrgUnit.objects.create(workspace=workspace, code="IT", name="IT", side_mark=Side.IT)
    OrgUnit.objects.create(workspace=workspace, code="A", name="Apps", parent=it)
    refresh_tree(workspace.pk)
    page.set_viewport_size(DESKTOP)
    page.goto("/w/fresh/")
    expect(checklist.locator(".step-done")).to_have_count(2)
    expect(current).to_contain_text("Record or capture touch points")
    shoot(page, "first-run-chart-imported-1280.png")
    current.get_by_role("link", name="Record touch points").click()
    expect(page.get_by_text("No touch points yet. Next step:")).to_be_visible()


@pytest.fixture
def demo_report() -> GapReport:
    workspace = load_demo().workspace
    report = GapReport.objects.create(workspace=workspace)
    gap_reports.build_report(report.pk)
    report.refresh_from_db()
    return report


def focused_is_a_term(page: Page) -> bool:
    return bool(page.evaluate("() => !!document.activeElement.closest('.term')"))


def tab_to_next_term(page: Page, limit: int = 200) -> str:
    """Press Tab until a code has focus; returns its tooltip's id."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused_is_a_term(page):
            return str(
                page.evaluate("() => document.activeElement.getAttribute('aria-describedby')")
            )
    raise AssertionError("no code reached by Tab")


def test_codes_explain_themselves_on_keyboard_focus_and_escape_hides_them(
    page: Page, demo_report: GapReport
) -> None:
    slug = demo_report.workspace.slug
    page.set_viewport_size(DESKTOP)
    log_in(page, "manager", DEMO_PASSWORD)
    page.goto(f"/w/{slug}/reports/{demo_report.pk}/")
    first = tab_to_next_term(page)
    tip = page.locator(f"#{first}")
    expect(tip).to_be_visible()
    expect(tip).to_have_attribute("role", "tooltip")
    shoot(page, "glossary-tooltip-1280.png", full_page=False)
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()
    assert focused_is_a_term(page)  # Escape hid the tip, focus stayed
    second = tab_to_next_term(page)
    expect(page.locator(f"#{second}")).to_be_visible()
    expect(tip).to_be_hidden()

    # A gap rule in the gaps table: its tooltip names the rule; Enter opens its entry.
    rule = page.locator("table.gaps .term-code").first
    rule.focus()
    rule_tip = page.locator(f"#{rule.get_attribute('aria-describedby')}")
    expect(rule_tip).to_be_visible()
    expect(rule_tip).to_contain_text("GAP-")
    page.keyboard.press("Escape")
    expect(rule_tip).to_be_hidden()
    rule.hover()
    expect(rule_tip).to_be_visible()  # hover shows it again once the pointer comes back
    page.set_viewport_size(PHONE)
    rule.focus()
    rule.scroll_into_view_if_needed()
    expect(rule_tip).to_be_visible()
    shoot(page, "glossary-tooltip-390.png", full_page=False)
    anchor = str(rule.get_attribute("href")).split("#")[1]
    rule.press("Enter")
    page.wait_for_url(f"**/glossary/#{anchor}")
    expect(page.locator(f"#{anchor}")).to_be_visible()
    no_serious_violations(page)
    shoot(page, "glossary-page-390.png", full_page=False)
    page.set_viewport_size(DESKTOP)
    no_serious_violations(page)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_network_map_finds_a_unit_and_exports_at_full_size(
    page: Page, demo_report: GapReport
) -> None:
    slug = demo_report.workspace.slug
    page.set_viewport_size(DESKTOP)
    log_in(page, "manager", DEMO_PASSWORD)
    page.goto(f"/w/{slug}/dashboard/network/")
    expect(page.locator("#network-summary")).to_contain_text("units and")
    cy = "document.getElementById('network').networkMap"
    sides = page.evaluate(f"() => [{cy}.nodes('.business').length, {cy}.nodes('.it').length]")
    assert sides[0] > 0 and sides[1] > 0, sides  # the default depths show both sides
    shoot(page, "network-1280.png")

    name = page.evaluate(f"() => {cy}.nodes('.unit').filter(n => n.degree() > 0)[0].data('label')")
    page.get_by_label("Find a unit").fill(name)
    page.get_by_role("button", name="Show its ties").click()
    expect(page.locator("#network-focus")).to_contain_text(f"{name}, ")
    focus = page.evaluate(
        f"""() => {{
          const cy = {cy};
          const node = cy.nodes(':selected')[0];
          const hood = node.closedNeighborhood();
          return [node.data('label'), hood.nodes().every(n => !n.hasClass('faded')),
                  cy.nodes('.unit').difference(hood).every(n => n.hasClass('faded')),
                  hood.nodes().every(n => n.hasClass('show-label'))];
        }}"""
    )
    assert focus == [name, True, True, True]
    shoot(page, "network-search-1280.png")
    page.get_by_label("Find a unit").fill("no such unit at all")
    page.get_by_role("button", name="Show its ties").click()
    expect(page.locator("#network-focus")).to_contain_text("No unit in the map matches")

    with page.expect_download() as png_download:
        page.get_by_role("button", name="PNG image").click()
    png = png_download.value
    assert png.suggested_filename == "network-map.png"
    data = png.path().read_bytes()
    (ARTIFACTS / "network-export.png").write_bytes(data)
    width, height = png_size(data)
    model = page.evaluate(f"() => {cy}.elements().boundingBox()")
    # Full size: the whole graph at twice its model size, not the 1280 px view.
    assert width >= 2 * model["w"] - 2 and height >= 2 * model["h"] - 2

    with page.expect_download() as svg_download:
        page.get_by_role("button", name="SVG drawing").click()
    svg = svg_download.value
    text = svg.path().read_text(encoding="utf-8")
    (ARTIFACTS / "network-export.svg").write_text(text, encoding="utf-8")
    root = ET.fromstring(text)
    ns = "{http://www.w3.org/2000/svg}"
    units = root.findall(f"{ns}g[@class='unit']")
    labels = page.evaluate(f"() => {cy}.nodes('.unit').map(n => n.data('label'))")
    assert sorted(g.findtext(f"{ns}title") or "" for g in units) == sorted(labels)
    assert len(root.findall(f"{ns}line")) == page.evaluate(f"() => {cy}.edges().length")

    page.set_viewport_size(PHONE)
    page.get_by_role("button", name="Show all").click()
    shoot(page, "network-390.png")
