"""Back to a live board after leaving it shows the whole page, not the browser's cached poll."""

from typing import Any

import pytest
from django.db.models import F
from playwright.sync_api import Page, Response, expect

from tests.browser.conftest import log_in
from tests.browser.test_workshop_in_browser import workshop  # noqa: F401
from tests.conftest import PASSWORD, Org, People
from touchpoints.models import Workshop

pytestmark = pytest.mark.django_db(transaction=True)


def is_a_full_poll_answer(response: Response) -> bool:
    return response.status == 200 and response.request.headers.get("hx-request") == "true"


def test_going_back_to_the_board_after_a_poll_redrew_it_shows_the_whole_page(
    org: Org,
    people: People,
    workshop: Workshop,  # noqa: F811
    open_page: Any,
) -> None:
    board: Page = open_page()
    log_in(board, people.facilitator.username, PASSWORD)
    board.goto(f"/w/{org.workspace.slug}/workshops/{workshop.pk}/")
    with board.expect_response(is_a_full_poll_answer):
        Workshop.objects.filter(pk=workshop.pk).update(revision=F("revision") + 1)
    board.get_by_role("link", name="Edit plan").click()
    board.wait_for_url("**/edit/")
    board.go_back()
    expect(board.locator("link[rel=stylesheet]").first).to_be_attached()
    expect(board.get_by_role("heading", name="Finance meets IT")).to_be_visible()
