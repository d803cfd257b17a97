"""Issue 10 in a real browser: a plan that holds, phones joining from the projector, duplicates
merged, review gaps live, anonymity, the outcome file, tap targets and axe on the three pages."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_no_serious_axe_violations
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, Org, People
from tests.workshops.conftest import live_workshop
from touchpoints.models import Proposal, ProposalStatus, Workshop, WorkshopPhase, WorkshopStatus

pytestmark = pytest.mark.django_db(transaction=True)
PHONE: Any = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
# Every element a finger can tap on the participant page; a radio's tap target is its label.
TAP_TARGETS = (
    "button:visible, a:visible, select:visible, textarea:visible, label.choice:visible, "
    "input:visible:not([type=radio]):not([type=checkbox]):not([type=hidden])"
)


def facilitator(open_page: Any) -> Page:
    page: Page = open_page()
    log_in(page, "fiona", PASSWORD)
    return page


def join_at(page: Page, link: str, name: str, side: str) -> None:
    page.goto(link)
    page.get_by_label("Your name").fill(name)
    page.get_by_label(side, exact=True).check()
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_text(f"You are {name}")).to_be_visible()


def propose(phone: Page, business: str, it: str, level: str, text: str = "") -> None:
    phone.get_by_label("Business unit").select_option(label=business)
    phone.get_by_label("IT team").select_option(label=it)
    phone.get_by_label("Level").select_option(label=level)
    phone.get_by_label("Channel").select_option(label="Don't know")
    if text:
        phone.get_by_label("What happens there?").fill(text)
    phone.get_by_role("button", name="Propose").click()
    expect(phone.locator("#propose-form").get_by_role("status")).to_contain_text(
        f"Sent to the facilitator: {business} ↔ {it}"
    )


def small_tap_targets(page: Page) -> list[str]:
    """The visible tap targets narrower or lower than 44 CSS pixels, described."""
    small = []
    for element in page.locator(TAP_TARGETS).all():
        box = element.bounding_box()
        if box and (box["width"] < 44 or box["height"] < 44):
            small.append(f"{element.evaluate('e => e.outerHTML.slice(0, 80)')} {box}")
    return small


def assert_fits_a_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert small_tap_targets(page) == []


def test_a_plan_keeps_its_date_and_scope_from_two_searches_and_a_branch(
    open_page: Any, org: Org, people: People
) -> None:
    page = facilitator(open_page)
    page.goto("/w/acme/workshops/new/")
    page.get_by_label("Title").fill("Quarterly review")
    page.get_by_label("Date").fill("2030-05-04")
    search = page.get_by_label("Search business units")
    search.fill("Sales")
    page.locator("#results-business").get_by_label("Sales").check()
    search.fill("Finance")
    expect(page.locator("#results-business")).to_contain_text("Finance")
    expect(page.locator("#chosen-business_units")).to_contain_text("Sales")
    page.get_by_label("Search it teams").fill("IT")
    page.locator("#results-it").get_by_role("button", name="Add IT and its teams").click()
    chosen_it = page.locator("#chosen-it_teams li")
    expect(chosen_it).to_have_count(3)  # IT, Apps, Infra in one click
    page.get_by_role("button", name="Remove IT", exact=True).click()
    expect(chosen_it).to_have_count(2)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Quarterly review")).to_be_visible()
    workshop = Workshop.objects.get(title="Quarterly review")
    assert [u.name for u in workshop.business_units.order_by("name")] == ["Sales"]
    assert [u.name for u in workshop.it_teams.order_by("name")] == ["Apps", "Infra"]

    page.goto(f"/w/acme/workshops/{workshop.pk}/edit/")
    expect(page.get_by_label("Date")).to_have_value("2030-05-04")
    page.get_by_label("Search business units").fill("Fin")
    page.locator("#results-business").get_by_label("Finance").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Quarterly review")).to_be_visible()
    workshop.refresh_from_db()
    assert workshop.date.isoformat() == "2030-05-04"
    assert {u.name for u in workshop.business_units.all()} == {"Sales", "Finance"}


def test_two_phones_join_from_the_projector_propose_the_same_and_the_facilitator_merges(
    open_page: Any, org: Org, people: People
) -> None:
    workshop = live_workshop(org)
    org.touchpoint()  # Sales with Apps, operational: to rate later
    board = facilitator(open_page)
    board.goto(f"/w/acme/workshops/{workshop.pk}/")
    projector = open_page(viewport={"width": 1920, "height": 1080})
    log_in(projector, "fiona", PASSWORD)
    projector.goto(f"/w/acme/workshops/{workshop.pk}/?projector=1")
    expect(projector.locator(".big-code")).to_have_text(workshop.join_code)
    expect(projector.locator(".qr svg")).to_be_visible()
    code_box = projector.locator(".big-code").bounding_box()
    assert code_box is not None and code_box["height"] > 80
    link = projector.locator(".short-url a").get_attribute("href")
    assert link and link.endswith(f"/join/{workshop.join_code}/")
    assert_no_serious_axe_violations(projector)

    bea, ian = open_page(**PHONE), open_page(**PHONE)
    join_at(bea, link, "Bea", "Business")
    join_at(ian, link, "Ian", "IT")
    expect(projector.locator("#count-participants")).to_have_text("2")
    assert_fits_a_phone(bea)
    assert_no_serious_axe_violations(bea)
    propose(bea, "Sales", "Apps", "Tactical", "Weekly release call")
    propose(ian, "Sales", "Apps", "Tactical", "Release planning")
    expect(bea.locator("#mine")).to_contain_text("sent, waiting for the facilitator")
    expect(projector.locator("#count-proposals")).to_have_text("2")

    group = board.locator(".proposal-group.duplicates")
    expect(group).to_contain_text("Proposed 2 times")
    assert_no_serious_axe_violations(board)
    group.get_by_role("button", name="Merge into one proposal").click()
    expect(board.locator(".proposal-group")).to_have_count(1)
    expect(board.locator(".proposals")).to_contain_text("Weekly release call\nRelease planning")
    statuses = sorted(Proposal.objects.values_list("status", flat=True))
    assert statuses == [ProposalStatus.MERGED, ProposalStatus.PENDING]
    expect(ian.locator("#mine")).to_contain_text("merged")

    board.get_by_role("button", name="Rate", exact=True).click()
    expect(bea.locator(".scores").first).to_be_visible()
    bea.locator(".scores").first.get_by_role("button", name="4", exact=True).click()
    expect(bea.locator(".progress")).to_contain_text("You rated 1 of 1")
    expect(bea.locator(".scores button[aria-pressed=true]")).to_have_text("4")
    assert_fits_a_phone(bea)
    assert_no_serious_axe_violations(bea)
    expect(projector.locator("#count-ratings")).to_have_text("1")


def test_review_gaps_show_the_gaps_and_the_score_moving(
    open_page: Any, org: Org, people: People
) -> None:
    workshop = live_workshop(org)
    Workshop.objects.filter(pk=workshop.pk).update(status=WorkshopStatus.DRAFT)
    org.touchpoint()
    board = facilitator(open_page)
    board.goto(f"/w/acme/workshops/{workshop.pk}/")
    board.get_by_role("button", name="Start: capture").click()
    board.get_by_role("button", name="Review gaps").click()
    review = board.locator(".review")
    expect(review).to_contain_text("Isolated unit: Finance")
    start = board.locator("#score-start").inner_text()
    now = board.locator("#score-now").inner_text()
    assert start == now and start != "not measured"
    assert_no_serious_axe_violations(board)

    board.locator(f"#cell-{org.finance.pk}-{org.infra.pk}").click()
    panel = board.locator("#panel")
    panel.get_by_label("Level").select_option(label="Strategic")
    panel.get_by_label("Effectiveness").select_option("4")
    panel.get_by_role("button", name="Save").click()
    expect(panel.get_by_role("status")).to_contain_text("Added")
    expect(board.locator("#score-now")).not_to_have_text(now)
    expect(board.locator("#score-start")).to_have_text(start)
    expect(review).not_to_contain_text("Isolated unit: Finance")


def test_anonymity_hides_names_and_the_outcome_downloads_with_its_figures(
    open_page: Any, org: Org, people: People
) -> None:
    workshop = live_workshop(org)
    Workshop.objects.filter(pk=workshop.pk).update(anonymous=True)
    board = facilitator(open_page)
    board.goto(f"/w/acme/workshops/{workshop.pk}/")
    zelda = open_page(**PHONE)
    join_at(zelda, f"/join/{workshop.join_code}/", "Zelda", "Business")
    propose(zelda, "Finance", "Infra", "Strategic")
    proposal = board.locator(".proposals li", has_text="Finance ↔ Infra").last
    expect(proposal).to_contain_text("by a participant")
    expect(board.locator(".proposals")).not_to_contain_text("Zelda")
    proposal.get_by_role("link", name="Complete & accept").click()
    panel = board.locator("#panel")
    panel.get_by_label("Channel").select_option(label="Steering committee")
    panel.get_by_label("Frequency").select_option(label="Monthly")
    panel.get_by_role("button", name="Accept").click()
    expect(panel.get_by_role("status")).to_contain_text("Accepted")

    board.once("dialog", lambda dialog: dialog.accept())
    board.get_by_role("button", name="Close workshop").click()
    board.get_by_role("link", name="Outcome to print and send").click()
    expect(board.get_by_role("heading", name="Who took part")).to_be_visible()
    expect(board.locator("#outcome-business")).to_have_text("1")
    expect(board.locator("main")).not_to_contain_text("Zelda")
    with board.expect_download() as download_info:
        board.get_by_role("button", name="Download XLSX").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(Path(download.path()).read_bytes()), read_only=True)
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True)}
    assert summary["business participants"] == 1 and summary["touch points added"] == 1
    workshop.refresh_from_db()
    end = workshop.outcome["summary"]["end"]
    assert summary["score at close"] == f"{end['score']} ({end['band']})"
    added = [row[0] for row in book["Added"].iter_rows(values_only=True)]
    assert added[1:] == ["Finance ↔ Infra (Strategic)"]
    names = list(book["Participants"].iter_rows(values_only=True))
    assert names == [("name", "side")]
    assert workshop.phase == WorkshopPhase.CLOSED
