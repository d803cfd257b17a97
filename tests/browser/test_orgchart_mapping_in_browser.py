"""Issue 9 in a real browser: unusual headers, one mapping corrected in the preview, the tree,
the typed confirmation of the retirements, then an IT branch marked in bulk."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, Org, People
from touchpoints.models import OrgUnit, Side

pytestmark = pytest.mark.django_db(transaction=True)

CHART = (
    "Unit Ref,Short Name,Full Title,Superior\n"
    "HQ,HQ,Headquarters,\nFIN,Fin,Finance Directorate,HQ\n"
    "DSI,DSI,Direction des Systèmes d'Information,HQ\n"
    "DEV,Dev,Development Team,DSI\nOPS,Ops,Operations Team,DSI\n"
)


def test_an_admin_corrects_a_mapping_sees_the_tree_applies_and_marks_an_it_branch(
    page: Page, org: Org, people: People
) -> None:
    log_in(page, "alice", PASSWORD)
    page.goto(f"/w/{org.workspace.slug}/imports/new/")
    page.get_by_label("Org-chart file").set_input_files(
        {"name": "chart.csv", "mimeType": "text/csv", "buffer": CHART.encode()}
    )
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("heading", name="Preview of import")).to_be_visible()
    tree = page.locator("#import-tree")
    expect(tree).to_contain_text("5 units in 1 root, 3 levels deep")
    expect(tree).to_contain_text("Fin")

    # Detection took "Short Name"; the admin wants the full titles. htmx previews in place.
    page.locator("select[name=name]").select_option("Full Title")
    expect(tree).to_contain_text("Finance Directorate")
    expect(page.locator("#preview")).to_contain_text("This import would retire 6 of the 6")
    tree.get_by_role("searchbox").fill("operations")
    expect(tree).to_contain_text("1 match for “operations”")
    expect(tree.locator("li.match")).to_contain_text("Operations Team")

    page.get_by_label("Type 6 to confirm the retirements").fill("6")
    page.get_by_role("button", name="Apply this import").click()
    expect(page.locator("#progress")).to_contain_text("Applied")
    page.get_by_role("link", name="See the org chart").click()

    unit_tree = page.locator("#unit-tree")
    expect(unit_tree).to_contain_text("5 units in 1 root, 3 levels deep")
    expect(page.locator("details.suggestions")).to_contain_text(
        "Direction des Systèmes d'Information"
    )
    unit_tree.get_by_label("Tick Direction des Systèmes d'Information").check()
    unit_tree.get_by_label("Tick Finance Directorate").check()
    page.get_by_label("Side for the ticked units").select_option("it")
    page.get_by_role("button", name="Apply to the ticked units").click()
    expect(page.get_by_text("2 units marked IT.")).to_be_visible()
    sides = dict(
        OrgUnit.objects.filter(workspace=org.workspace, is_active=True).values_list("code", "side")
    )
    assert sides == {
        "HQ": Side.BUSINESS,
        "FIN": Side.IT,
        "DSI": Side.IT,
        "DEV": Side.IT,
        "OPS": Side.IT,
    }
