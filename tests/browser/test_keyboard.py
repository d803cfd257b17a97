"""Keyboard use: focus survives htmx swaps and polls, nothing changes on an arrow key, the roll-up
opens in place and the network map is walked along its ties."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db.models import F
from django.utils import timezone
from playwright.sync_api import Page, expect

from assessments import gap_reports
from assessments.models import GapReport
from convergence import accessibility
from convergence.models import Membership, Role
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, Org, People
from tests.workshops.conftest import board_url, live_workshop
from touchpoints.demo import DEMO_PASSWORD, load_demo
from touchpoints.models import (
    ChannelCategory,
    Frequency,
    Level,
    Participant,
    Proposal,
    Side,
    Workshop,
    WorkshopPhase,
)

pytestmark = pytest.mark.django_db(transaction=True)
PHONE: Any = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def focused_id(page: Page) -> str:
    return str(page.evaluate("document.activeElement && document.activeElement.id"))


def bump(workshop: Workshop, **fields: object) -> None:
    """A change made elsewhere (another facilitator's tab): the next poll redraws the page."""
    Workshop.objects.filter(pk=workshop.pk).update(revision=F("revision") + 1, **fields)


def test_a_board_control_keeps_focus_when_pressed_and_while_the_board_polls(
    open_page: Any, org: Org, people: People
) -> None:
    workshop = live_workshop(org)
    org.touchpoint(workshop=workshop, business_unit=org.finance, it_team=org.infra)
    board = open_page()
    log_in(board, "fiona", PASSWORD)
    board.goto(board_url(workshop))
    board.locator("#phase-rate").focus()
    board.keyboard.press("Enter")
    expect(board.locator("#phase-rate")).to_have_attribute("aria-pressed", "true")
    assert focused_id(board) == "phase-rate"

    following = str(board.locator("#live [id^='timer-']").first.get_attribute("id"))
    board.locator(f"#{following}").focus()
    bump(workshop, locked=True)
    expect(board.locator("#live")).to_contain_text("Locked")
    assert focused_id(board) == following
    board.keyboard.press("Enter")
    expect(board.locator("#timer-stop")).to_be_visible()
    assert focused_id(board) == following


def live_region_texts(page: Page) -> list[str]:
    """What the page's polite status regions say, read from the accessibility tree (the one
    that is never swapped sits in a closed shadow root, out of reach of page queries)."""
    nodes = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    by_id = {node["nodeId"]: node for node in nodes}

    def text(node: dict[str, Any]) -> str:
        if node.get("role", {}).get("value") == "StaticText":
            return str(node.get("name", {}).get("value", ""))
        return "".join(text(by_id[child]) for child in node.get("childIds", []) if child in by_id)

    return [text(node) for node in nodes if node.get("role", {}).get("value") == "status"]


def test_an_accepted_proposal_is_announced_and_focus_stays_on_the_board(
    open_page: Any, org: Org, people: People
) -> None:
    workshop = live_workshop(org)
    participant = Participant.objects.create(workshop=workshop, name="Ana", side=Side.BUSINESS)
    proposal = Proposal.objects.create(
        workshop=workshop,
        participant=participant,
        business_unit=org.finance,
        it_team=org.infra,
        level=Level.TACTICAL,
        channel=org.channel(ChannelCategory.JOINT_PLANNING),
        frequency=Frequency.MONTHLY,
    )
    board = open_page()
    log_in(board, "fiona", PASSWORD)
    board.goto(board_url(workshop))
    board.locator(f"#accept-{proposal.pk}").focus()
    board.keyboard.press("Enter")
    expect(board.locator("#panel")).to_contain_text("Accepted")
    expect(board.locator(f"#accept-{proposal.pk}")).to_have_count(0)
    expect(board.locator("table.board a.tp")).to_have_count(1)
    expect(board.locator("#live")).to_be_focused()  # put there once the swap settles
    # Said twice: by the panel's own message (swapped in, so not reliably read out) and by the
    # live region that was there all along.
    assert [text.startswith("Accepted") for text in live_region_texts(board)].count(True) == 2


def test_a_participant_keeps_focus_on_their_vote_after_voting_and_while_the_page_polls(
    open_page: Any, org: Org
) -> None:
    workshop = live_workshop(org)
    Workshop.objects.filter(pk=workshop.pk).update(phase=WorkshopPhase.RATE)
    touch_point = org.touchpoint(workshop=workshop, business_unit=org.finance, it_team=org.infra)
    phone = open_page(**PHONE)
    phone.goto(f"/join/{workshop.join_code}/")
    phone.get_by_label("Your name").fill("Bea")
    phone.get_by_label("Business", exact=True).check()
    phone.get_by_role("button", name="Join").click()
    phone.wait_for_url("**/live/**")
    phone.wait_for_load_state("load")  # htmx has taken over the forms
    vote = f"vote-{touch_point.pk}-4"
    phone.locator(f"#{vote}").focus()
    phone.keyboard.press("Enter")
    expect(phone.locator(f"#{vote}")).to_have_attribute("aria-pressed", "true")
    assert focused_id(phone) == vote

    bump(workshop, timer_ends_at=timezone.now() + timedelta(minutes=5))
    expect(phone.locator("#live .timer")).to_be_visible()
    assert focused_id(phone) == vote

    bump(workshop, locked=True)  # the vote buttons go: focus stays in the region they were in
    expect(phone.locator("#live")).to_contain_text("locked the board")
    expect(phone.locator(f"#{vote}")).to_have_count(0)
    expect(phone.locator("#live")).to_be_focused()  # put there once the swap settles


def test_the_members_page_changes_a_role_only_on_its_button(
    open_page: Any, org: Org, people: People
) -> None:
    page = open_page()
    log_in(page, "alice", PASSWORD)
    page.goto(f"/w/{org.workspace.slug}/members/")
    member = Membership.objects.get(user=people.viewer)
    select = page.get_by_label("Role of vera", exact=True)
    select.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/members/") and focused_id(page) == f"role-{member.pk}"
    member.refresh_from_db()
    assert member.role == Role.VIEWER

    select.select_option(label="Manager")
    page.get_by_role("button", name="Change the role of vera").press("Enter")
    expect(page.get_by_label("Role of vera", exact=True)).to_have_value(Role.MANAGER)
    member.refresh_from_db()
    assert member.role == Role.MANAGER


@pytest.fixture
def demo_manager(open_page: Any) -> Page:
    workspace = load_demo().workspace
    gap_reports.build_report(GapReport.objects.create(workspace=workspace).pk)
    page: Page = open_page()
    log_in(page, "manager", DEMO_PASSWORD)
    return page


def test_the_rollup_opens_and_closes_by_keyboard_with_focus_kept(demo_manager: Page) -> None:
    page = demo_manager
    page.goto("/w/demo/dashboard/rollup/")
    expand = page.locator("a.expand").first
    expand_id = expand.get_attribute("id")
    children = page.locator(f"#{expand.get_attribute('aria-controls')}")
    expand.focus()
    page.keyboard.press("Enter")
    expect(children.locator("li").first).to_be_visible()
    expect(expand).to_have_attribute("aria-expanded", "true")
    assert focused_id(page) == expand_id and page.url.endswith("/rollup/")

    page.keyboard.press("Enter")
    expect(children).to_be_hidden()
    expect(expand).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Enter")
    expect(children).to_be_visible()
    assert focused_id(page) == expand_id and page.url.endswith("/rollup/")


def ties_of(page: Page, unit: str) -> str:
    return (
        page.locator("#network-table tr", has=page.locator(f"td:text-is('{unit}')"))
        .locator("td")
        .nth(4)
        .text_content()
        or ""
    )


def test_the_network_map_is_walked_by_keyboard_along_its_ties(demo_manager: Page) -> None:
    page = demo_manager
    page.goto("/w/demo/dashboard/network/")
    status = page.locator("#network-focus")
    expect(page.locator("#network-table tbody tr").first).to_be_attached()
    page.locator("#network").focus()
    expect(status).not_to_be_empty()
    first = status.inner_text().split(",")[0]

    for _ in range(20):  # Page Down to the next unit until one has ties (isolated ones have none)
        if "; no ties" not in status.inner_text():
            break
        page.keyboard.press("PageDown")
    start = status.inner_text().split(",")[0]
    assert start != first or "; no ties" not in status.inner_text()
    ties = ties_of(page, start)
    for key in ("ArrowRight", "ArrowDown", "ArrowLeft", "ArrowUp"):
        page.keyboard.press(key)
        now = status.inner_text().split(",")[0]
        if not now.startswith("No tie"):
            break
    assert now != start and f"{now} (" in ties, f"walked from {start} to {now}; its ties: {ties}"

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.cells[0].textContent") == now
    expect(page.locator("details.chart-table")).to_have_attribute("open", "")


# Each keyboard claim of the accessibility statement, and the test that keeps it true.
STATEMENT_CLAIMS = dict(
    zip(
        accessibility.KEYBOARD_TESTED,
        [
            "test_a_board_control_keeps_focus_when_pressed_and_while_the_board_polls",
            "test_a_participant_keeps_focus_on_their_vote_after_voting_and_while_the_page_polls",
            "test_the_rollup_opens_and_closes_by_keyboard_with_focus_kept",
            "test_the_members_page_changes_a_role_only_on_its_button",
            "test_the_network_map_is_walked_by_keyboard_along_its_ties",
        ],
        strict=True,
    )
)
