"""Calendars to touch points in a browser: an admin uploads, watches the import, accepts."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, Org, People
from tests.meetings.calendars import ics_bytes, meeting
from tests.meetings.organisation import staff_of
from touchpoints.models import Suggestion, TouchPoint

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_admin_uploads_calendars_and_accepts_a_suggested_touch_point(
    page: Page, org: Org, people: People
) -> None:
    staff = staff_of(org)
    data = ics_bytes(
        meeting(
            "steer@acme",
            "IT steering committee",
            datetime.now() - timedelta(weeks=8),
            duration=timedelta(hours=1),
            organizer=staff.email("cio"),
            attendees=[staff.email("cfo"), "guest@vendor.example"],
            rrule="FREQ=WEEKLY;COUNT=6",
        )
    )
    log_in(page, "alice", PASSWORD)
    page.goto(f"/w/{org.workspace.slug}/")
    page.get_by_role("link", name="Calendars").click()
    page.get_by_label("Calendar files").set_input_files(
        {"name": "board.ics", "mimeType": "text/calendar", "buffer": data}
    )
    page.get_by_label("Meeting titles").select_option("keep")
    page.get_by_role("button", name="Upload and import").click()

    expect(page.locator("#progress")).to_contain_text("Done")
    expect(page.get_by_label("Import progress")).to_have_attribute("value", "100")
    expect(page.locator(".meeting-summary")).to_contain_text("6 meetings kept")
    expect(page.locator(".meeting-summary")).to_contain_text("guest@vendor.example")
    page.get_by_role("link", name="Review the suggested touch points").click()

    expect(page.get_by_role("heading", name="Suggested touch points")).to_be_visible()
    pair = page.locator("article.suggestion-pair", has_text="Finance ↔ IT")
    expect(pair).to_contain_text("6 meetings since")
    expect(pair).to_contain_text("titles like 'IT steering committee'")
    pair.get_by_role("button", name="Accept", exact=True).click()
    expect(page.locator("#messages")).to_contain_text("Added Finance ↔ IT (Strategic)")
    expect(page.locator("#queue")).to_contain_text("0 suggestions")

    touch_point = TouchPoint.objects.get(workspace=org.workspace)
    assert (touch_point.business_unit, touch_point.it_team) == (org.finance, org.it)
    assert Suggestion.objects.get().touch_point == touch_point
