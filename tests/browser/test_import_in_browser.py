import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, Org, People
from touchpoints.models import OrgUnit

pytestmark = pytest.mark.django_db(transaction=True)

CHART = (
    "id,name,parent_id,location\n"
    "G,Acme Group,,\nS,Sales and Marketing,G,London\nF,Finance,G,London\n"
    "IT,IT,,\nA,Apps,IT,London\nI,Infra,IT,Manchester\nX,Audit,F,Leeds\n,No id,G,\n"
)


def test_an_admin_uploads_previews_applies_and_sees_the_result(
    page: Page, org: Org, people: People
) -> None:
    log_in(page, "alice", PASSWORD)
    page.goto(f"/w/{org.workspace.slug}/units/")
    page.get_by_role("link", name="Import", exact=True).click()
    page.get_by_role("button", name="Import a file").click()
    page.get_by_label("Org-chart file").set_input_files(
        {"name": "chart.csv", "mimeType": "text/csv", "buffer": CHART.encode()}
    )
    page.get_by_role("button", name="Upload and preview").click()

    expect(page.get_by_role("heading", name="Preview of import")).to_be_visible()
    expect(page.locator("table.import-created")).to_contain_text("Audit")
    expect(page.locator("table.import-renamed")).to_contain_text("was 'Sales'")
    expect(page.locator("table.import-problems")).to_contain_text("The row has no id")
    assert not OrgUnit.objects.filter(workspace=org.workspace, code="X").exists()

    page.get_by_role("button", name="Apply this import").click()
    expect(page.locator("#progress")).to_contain_text("Applied")
    expect(page.get_by_label("Import progress")).to_have_attribute("value", "100")
    expect(page.locator("#progress .import-counts")).to_contain_text("created")
    page.get_by_role("link", name="See the org chart").click()
    expect(page.locator("#tree")).to_contain_text("Audit")
    assert OrgUnit.objects.get(workspace=org.workspace, code="S").name == "Sales and Marketing"
