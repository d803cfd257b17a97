"""Two board pages stay in sync through polls that bring only what changed, keeping focus."""

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, Response, expect

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, Org, People
from tests.workshops.conftest import live_workshop
from touchpoints.models import TouchPoint, Workshop

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def workshop(org: Org) -> Workshop:
    return live_workshop(org)


def open_board(open_page: Callable[..., Page], workshop: Workshop) -> Page:
    page = open_page()
    log_in(page, "fiona", PASSWORD)
    page.goto(f"/w/acme/workshops/{workshop.pk}/")
    return page


def is_delta(response: Response) -> bool:
    return response.status == 200 and response.headers.get("hx-reswap") == "none"


def test_a_capture_on_one_board_reaches_the_other_as_a_delta_and_focus_stays(
    open_page: Callable[..., Page], org: Org, people: People, workshop: Workshop
) -> None:
    kept = org.touchpoint(business_unit=org.sales, it_team=org.apps)
    capturing = open_board(open_page, workshop)
    watching = open_board(open_page, workshop)
    # The watcher's keyboard focus sits on a badge of another cell, and on a "+" of the cell
    # that changes next: neither may be lost when the polls redraw cells.
    watching.locator(f"#cell-{org.finance.pk}-{org.infra.pk}").focus()

    capturing.locator(f"#cell-{org.finance.pk}-{org.infra.pk}").click()
    panel = capturing.locator("#panel")
    with watching.expect_response(is_delta, timeout=10_000):
        panel.get_by_role("button", name="Save").click()
    added = TouchPoint.objects.exclude(pk=kept.pk).get()

    cell = watching.locator(f"#pair-{org.finance.pk}-{org.infra.pk}")
    expect(cell.locator(f"#tp-{added.pk}")).to_be_visible()
    expect(watching.locator(f"#row-total-{org.finance.pk}")).to_have_text("1")
    expect(watching.locator("#board-total")).to_have_text("2")
    expect(watching.locator(f"#row-{org.finance.pk}")).not_to_have_class("empty-row")
    # The "+" was redrawn with its cell and still has the focus; the rest of the board stayed.
    expect(watching.locator(f"#cell-{org.finance.pk}-{org.infra.pk}")).to_be_focused()
    expect(watching.locator(f"#tp-{kept.pk}")).to_be_visible()

    # A second change, an edit on the capturing board, while the watcher's focus is elsewhere.
    watching.locator(f"#tp-{kept.pk}").focus()
    capturing.locator(f"#tp-{kept.pk}").click()
    panel.get_by_label("Effectiveness").select_option("4")
    with watching.expect_response(is_delta, timeout=10_000):
        panel.get_by_role("button", name="Save").click()
    expect(watching.locator(f"#tp-{kept.pk}")).to_have_class("tp eff-4")
    expect(watching.locator(f"#tp-{kept.pk}")).to_be_focused()
    # Both boards show the same cells.
    for page in (capturing, watching):
        expect(page.locator("table.board .tp")).to_have_count(2)
