"""A live workshop with a facilitator and two participants on phones, each in their own browser."""

from collections.abc import Callable
from typing import Any

import pytest
from django.db.models import F
from playwright.sync_api import Dialog, Page, expect

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, Org, People
from tests.workshops.conftest import live_workshop
from tests.workshops.test_adopting_ratings import vote
from touchpoints.models import Side, TouchPoint, Workshop, WorkshopPhase

pytestmark = pytest.mark.django_db(transaction=True)
PHONE: Any = {"width": 390, "height": 844}


@pytest.fixture
def workshop(org: Org) -> Workshop:
    return live_workshop(org)


def join(page: Page, workshop: Workshop, name: str, side: str) -> None:
    page.goto(f"/join/{workshop.join_code}/")
    page.get_by_label("Your name").fill(name)
    page.get_by_label(side, exact=True).check()
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_text(f"You are {name}")).to_be_visible()


def test_participants_propose_and_rate_while_the_board_follows_live(
    open_page: Callable[..., Page], org: Org, people: People, workshop: Workshop
) -> None:
    board = open_page()
    log_in(board, "fiona", PASSWORD)
    board.goto(f"/w/acme/workshops/{workshop.pk}/")
    bea = open_page(viewport=PHONE, is_mobile=True, has_touch=True)
    ian = open_page(viewport=PHONE, is_mobile=True, has_touch=True)
    join(bea, workshop, "Bea", "Business")
    join(ian, workshop, "Ian", "IT")
    expect(board.locator("#live")).to_contain_text("2 participants")

    bea.get_by_label("Business unit").select_option(label="Finance")
    bea.get_by_label("IT team").select_option(label="Infra")
    bea.get_by_label("Level").select_option(label="Tactical")
    bea.get_by_label("What happens there?").fill("Budget planning together")
    bea.get_by_role("button", name="Propose").click()
    expect(bea.get_by_text("Sent to the facilitator")).to_be_visible()
    assert bea.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    proposal = board.locator(".proposals li", has_text="Budget planning together")
    proposal.get_by_role("button", name="Accept").click()
    expect(board.locator("#panel")).to_contain_text("Accepted")
    expect(board.locator("table.board a.tp")).to_have_text("T")
    expect(ian.locator("#live")).to_contain_text("Finance ↔ Infra")

    board.get_by_role("button", name="Rate", exact=True).click()
    bea.locator(".rate-card").get_by_role("button", name="1", exact=True).click()
    ian.locator(".rate-card").get_by_role("button", name="5", exact=True).click()
    expect(ian.locator(".rate-card button[aria-pressed=true]")).to_have_text("5")
    expect(board.locator("#live")).not_to_contain_text("B 1.0")
    board.get_by_role("button", name="Reveal ratings").click()
    expect(board.locator(".gap-marker")).to_have_text("B 1.0 · IT 5.0")
    expect(bea.locator("#live")).to_contain_text("Perception gap")


def test_a_conflicting_edit_is_refused_and_a_closed_workshop_takes_nothing(
    open_page: Callable[..., Page], org: Org, people: People, workshop: Workshop
) -> None:
    touch_point = org.touchpoint(business_unit=org.finance, it_team=org.infra)
    board = open_page()
    log_in(board, "fiona", PASSWORD)
    board.goto(f"/w/acme/workshops/{workshop.pk}/")
    bea = open_page(viewport=PHONE, is_mobile=True, has_touch=True)
    join(bea, workshop, "Bea", "Business")

    board.locator(f"#tp-{touch_point.pk}").click()
    panel = board.locator("#panel")
    panel.get_by_label("Description").fill("Our version")
    TouchPoint.objects.filter(pk=touch_point.pk).update(
        version=F("version") + 1, description="Their version"
    )
    panel.get_by_role("button", name="Save").click()
    expect(panel.get_by_role("alert")).to_contain_text("Someone else changed this touch point")
    expect(panel.get_by_label("Description")).to_have_value("Their version")

    board.once("dialog", lambda dialog: dialog.accept())
    board.get_by_role("button", name="Close workshop").click()
    expect(board.locator(".outcome")).to_contain_text("Closed")
    expect(bea.locator("#live")).to_contain_text("This workshop is closed")
    # The phone's proposal form goes with the close: nothing is left to send.
    expect(bea.locator("#propose-form")).to_have_count(0)
    assert not workshop.proposals.exists()


def test_a_desired_proposal_is_accepted_and_a_rated_average_adopted(
    open_page: Callable[..., Page], org: Org, people: People, workshop: Workshop
) -> None:
    existing = org.touchpoint(business_unit=org.finance, it_team=org.infra)
    board = open_page()
    log_in(board, "fiona", PASSWORD)
    board.goto(f"/w/acme/workshops/{workshop.pk}/")
    bea = open_page(viewport=PHONE, is_mobile=True, has_touch=True)
    ian = open_page(viewport=PHONE, is_mobile=True, has_touch=True)
    join(bea, workshop, "Bea", "Business")
    join(ian, workshop, "Ian", "IT")

    expect(bea.get_by_label("Current: we meet here today")).to_be_checked()
    bea.get_by_label("Desired: we should meet here").check()
    bea.get_by_label("Business unit").select_option(label="Sales")
    bea.get_by_label("IT team").select_option(label="Apps")
    bea.get_by_label("Level").select_option(label="Strategic")
    bea.get_by_label("Channel").select_option(label="Don't know")
    bea.get_by_label("Frequency").select_option(label="Don't know")
    bea.get_by_role("button", name="Propose").click()
    expect(bea.get_by_text("Sent to the facilitator")).to_be_visible()
    assert bea.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    proposal = board.locator(".proposals li", has_text="Sales ↔ Apps")
    expect(proposal.locator(".desired-label")).to_have_text("Desired")
    proposal.get_by_role("button", name="Accept").click()
    expect(board.locator("table.board a.tp.desired")).to_have_text("S")

    board.get_by_role("button", name="Rate", exact=True).click()
    for phone, score in ((bea, "2"), (ian, "5")):
        card = phone.locator(".rate-card", has_text="Finance ↔ Infra")
        card.get_by_role("button", name=score, exact=True).click()
        expect(card.locator("button[aria-pressed=true]")).to_have_text(score)
    board.locator(f"#tp-{existing.pk}").click()
    panel = board.locator("#panel")
    expect(panel).to_contain_text("all 2 votes: Business 2.0 from 1 · IT 5.0 from 1")
    panel.get_by_role("button", name="Adopt 4/5 as effectiveness").click()
    expect(panel.get_by_role("status")).to_contain_text("Adopted effectiveness 4/5")
    expect(board.locator(f"#tp-{existing.pk}")).to_have_class("tp eff-4")


def test_adopting_every_rated_average_redraws_the_adopted_cells(
    open_page: Callable[..., Page], org: Org, people: People, workshop: Workshop
) -> None:
    rated = [
        org.touchpoint(business_unit=org.finance, it_team=org.infra),
        org.touchpoint(business_unit=org.sales, it_team=org.apps),
    ]
    board = open_page()
    log_in(board, "fiona", PASSWORD)
    board.goto(f"/w/acme/workshops/{workshop.pk}/")
    ian = open_page(viewport=PHONE, is_mobile=True, has_touch=True)
    join(ian, workshop, "Ian", "IT")
    board.get_by_role("button", name="Rate", exact=True).click()
    for touch_point, score in zip(rated, ("3", "5"), strict=True):
        label = f"{touch_point.business_unit.name} ↔ {touch_point.it_team.name}"
        card = ian.locator(".rate-card", has_text=label)
        card.get_by_role("button", name=score, exact=True).click()
        expect(card.locator("button[aria-pressed=true]")).to_have_text(score)
    questions: list[str] = []

    def confirm(dialog: Dialog) -> None:
        questions.append(dialog.message)
        dialog.accept()

    board.once("dialog", confirm)
    board.get_by_role("button", name="Adopt rated averages (2)").click()
    expect(board.get_by_text("Adopted the rated average of 2 touch points.")).to_be_visible()
    assert questions == [
        "Set the effectiveness of 2 touch points to the rounded mean of their votes?"
    ]
    expect(board.locator(f"#tp-{rated[0].pk}")).to_have_class("tp eff-3")
    expect(board.locator(f"#tp-{rated[1].pk}")).to_have_class("tp eff-5")
    assert [
        tp.effectiveness
        for tp in TouchPoint.objects.filter(pk__in=[t.pk for t in rated]).order_by("pk")
    ] == [3, 5]


def test_another_board_follows_a_bulk_adoption_cell_by_cell(
    open_page: Callable[..., Page], org: Org, people: People, workshop: Workshop
) -> None:
    """45 adopted touch points: one by one they took 46 revisions, past what a poll catches up
    on (40), so every other open board redrew its whole live region; in one bulk edit the
    other board swaps the cells in place and its live region stays the same element."""
    cells = [(b, i) for b in (org.sales, org.finance) for i in (org.apps, org.infra)]
    rated = []
    for number in range(45):
        business_unit, it_team = cells[number % len(cells)]
        touch_point = org.touchpoint(business_unit=business_unit, it_team=it_team)
        vote(workshop, touch_point, Side.IT, 4)
        rated.append(touch_point)
    Workshop.objects.filter(pk=workshop.pk).update(phase=WorkshopPhase.RATE)
    board, other = open_page(), open_page()
    for page in (board, other):
        log_in(page, "fiona", PASSWORD)
        page.goto(f"/w/acme/workshops/{workshop.pk}/")
    expect(other.locator("#adopt-ratings")).to_have_text("Adopt rated averages (45)")
    other.evaluate("window.liveBefore = document.querySelector('#live')")
    board.once("dialog", Dialog.accept)
    board.get_by_role("button", name="Adopt rated averages (45)").click()
    expect(board.get_by_text("Adopted the rated average of 45 touch points.")).to_be_visible()
    expect(other.locator("a.tp.eff-4")).to_have_count(45)
    expect(other.locator("#adopt-ratings")).to_have_count(0)
    # And after one more poll, which a whole redraw would also have answered.
    poll = f"/w/acme/workshops/{workshop.pk}/"
    with other.expect_response(lambda response: response.url.endswith(poll)):
        pass
    assert other.evaluate("window.liveBefore === document.querySelector('#live')")
