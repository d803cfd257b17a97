"""A manager requests a gap report, watches it being built by a real worker, and downloads it."""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from pptx import Presentation

from tests.assessments.conftest import add_worked_example
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, Org, People
from tests.worker import celery_worker

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def test_a_manager_requests_watches_opens_and_downloads_a_report(
    page: Page, org: Org, people: People
) -> None:
    add_worked_example(org)
    log_in(page, "mark", PASSWORD)
    page.get_by_role("link", name="Acme").click()
    page.get_by_role("link", name="Reports", exact=True).click()
    expect(page.get_by_text("No reports yet.")).to_be_visible()
    expect(page.get_by_text("our own approximation")).to_be_visible()

    with celery_worker(["assessments.tasks.build_gap_report"]):
        page.get_by_label("Granularity").select_option(value="full")
        page.get_by_role("button", name="Request report").click()
        # The worker takes a moment to start: the page shows the queued report's progress bar,
        # then polls until the report is done and shows its results.
        expect(page.locator("#report-progress")).to_be_visible()
        expect(page.locator("#scope-score")).to_have_text("63.8", timeout=60_000)
    expect(page.get_by_text("0.25 × 66.7 (breadth)")).to_be_visible()
    expect(page.locator("#gaps")).to_contain_text("Finance-Infra")

    with page.expect_download() as csv_download:
        page.get_by_role("link", name="CSV").click()
    assert csv_download.value.suggested_filename.endswith(".csv")
    csv_text = Path(csv_download.value.path()).read_text(encoding="utf-8-sig")
    assert csv_text.startswith("position,rule") and "Finance-Infra" in csv_text

    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="XLSX").click()
    assert xlsx_download.value.suggested_filename.endswith(".xlsx")
    workbook = load_workbook(io.BytesIO(Path(xlsx_download.value.path()).read_bytes()))
    assert workbook.sheetnames == ["Summary", "Units", "Gaps", "Touch points", "Glossary"]
    assert workbook["Gaps"].max_row == 15  # the header and fourteen gaps

    with page.expect_download() as deck_download:
        page.get_by_role("link", name="Board pack slides (PowerPoint)").click()
    assert deck_download.value.suggested_filename.endswith(".pptx")
    deck = Presentation(io.BytesIO(Path(deck_download.value.path()).read_bytes()))
    assert len(deck.slides) == 6
    pdf_link = page.get_by_role("link", name="Board pack (PDF)")
    pdf = page.request.get(str(pdf_link.get_attribute("href")))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF-")

    # The printable report opens in a tab, styled by its own <style>, which its download's
    # policy allows by hash (the site's policy would refuse it; the watcher would say so).
    with page.context.expect_page() as tab:
        page.get_by_role("link", name="HTML").click()
    printable = tab.value
    expect(printable.get_by_role("heading", name="Gap report: Acme")).to_be_visible()
    assert printable.locator(".big").evaluate("big => getComputedStyle(big).fontSize") == "32px"
    printable.close()

    page.get_by_role("link", name="Acme").click()
    expect(page.get_by_role("link", name="Newest on demand: 63.8 Integration")).to_be_visible()
