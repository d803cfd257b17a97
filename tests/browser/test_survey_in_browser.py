"""A survey round end to end: a facilitator opens it, four phones (two a side, each answering
again as a new respondent once done) bring both sides to five, the facilitator closes it and
reads the results, the SURV gaps and the files."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from assessments import rounds
from assessments.models import SurveyInstrument, SurveyRound
from assessments.survey import instrument
from tests.assessments.conftest import add_worked_example
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, Org, People

pytestmark = pytest.mark.django_db(transaction=True)
PHONE: Any = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def short_instrument(org: Org) -> SurveyInstrument:
    """One statement a criterion, so that ten respondents take seconds, not minutes."""
    add_worked_example(org)
    kept = [s for s in instrument.DEFAULT_STATEMENTS if s.id.endswith("-1")]
    return rounds.save_instrument(org.workspace, kept, {}, None)


@pytest.fixture
def contexts(browser: Browser, live_server: Any) -> Iterator[Callable[..., BrowserContext]]:
    opened: list[BrowserContext] = []

    def open_context(**options: Any) -> BrowserContext:
        context = browser.new_context(base_url=live_server.url, **options)
        opened.append(context)
        return context

    yield open_context
    for context in opened:
        context.close()


def answer(phone: Page, link: str, side: str, score: str) -> None:
    """One respondent: side, then each criterion's statement, then the thank-you page."""
    phone.context.clear_cookies()  # a new session: the next respondent on the same phone
    phone.goto(link)
    phone.get_by_label(side, exact=True).check()
    phone.get_by_role("button", name="Start").click()
    for step in range(1, 7):
        expect(phone.locator(".progress-label")).to_have_text(f"Criterion {step} of 6")
        phone.locator("fieldset.statement").get_by_label(score, exact=False).first.check()
        phone.get_by_role("button", name="Finish" if step == 6 else "Next").click()
    expect(phone.get_by_role("heading", name="Thank you")).to_be_visible()


def test_a_round_from_opening_to_results_and_files(
    contexts: Any, org: Org, people: People, short_instrument: SurveyInstrument
) -> None:
    desk = contexts().new_page()
    log_in(desk, "fiona", PASSWORD)
    desk.goto("/w/acme/surveys/")
    desk.get_by_label("Title").fill("Spring perception")
    desk.get_by_label("Instrument").select_option(label=short_instrument.label)
    desk.get_by_label("Show respondents the group results once the round closes").check()
    desk.get_by_role("button", name="Open round").click()
    expect(desk.get_by_role("heading", name="Spring perception")).to_be_visible()
    expect(desk.locator(".qr svg")).to_be_visible()
    link = desk.locator("#share-link").input_value()
    assert link.endswith(f"/s/{SurveyRound.objects.get().link_token}/")

    phones = {
        "Business": [contexts(**PHONE).new_page() for _ in range(2)],
        "IT": [contexts(**PHONE).new_page() for _ in range(2)],
    }
    first = phones["Business"][0]
    first.goto(link)
    first.get_by_label("Business", exact=True).check()
    first.get_by_role("button", name="Start").click()
    tap = first.locator("fieldset.statement label.tap").first.bounding_box()
    assert tap is not None and tap["height"] >= 44
    assert first.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    first.context.clear_cookies()
    # The first respondent chose a side and stopped: they count, and the next start is fresh.
    for n in range(5):
        answer(phones["Business"][n % 2], link, "Business", "5 Strongly agree")
        answer(phones["IT"][n % 2], link, "IT", "2 Disagree" if n % 2 else "3 Neither")
    expect(desk.locator("#count-business")).to_have_text("6", timeout=15_000)
    expect(desk.locator("#count-it")).to_have_text("5")

    desk.get_by_role("button", name="Close the round").click()
    expect(desk.get_by_role("heading", name="Results: Spring perception")).to_be_visible()
    # Business all 5 (100), IT 3s and 2s (40): everyone 70.0 exactly, the edge of Convergence.
    everyone = desk.locator("article.stats").first
    expect(everyone).to_contain_text("70.0")
    expect(everyone).to_contain_text("Convergence")
    expect(desk.locator("svg.round-chart circle.mark-business")).to_have_count(6)
    expect(desk.locator("svg.round-chart polygon.mark-evidence")).to_have_count(6)
    gaps = desk.locator("table.survey-gaps")
    expect(gaps).to_contain_text("SURV-01")
    expect(gaps).to_contain_text("SURV-03")
    expect(gaps).to_contain_text("start a joint community of practice")  # SURV-01 SKL
    for fmt in ("CSV", "XLSX"):
        with desk.expect_download() as info:
            desk.get_by_role("link", name=fmt, exact=True).click()
        download = info.value
        assert download.suggested_filename.startswith("survey-acme-")
        assert download.suggested_filename.endswith(f".{fmt.lower()}")
        assert download.path().stat().st_size > 100

    shared = phones["IT"][0]
    shared.reload()
    expect(shared.locator("table.round-criteria")).to_contain_text("Governance")
