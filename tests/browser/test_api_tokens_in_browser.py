"""The API tokens page in a real browser: make a token (shown once), use it, revoke it after
the confirmation; no serious accessibility violation on the page with the new token shown."""

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Dialog, Page, expect

from tests.browser.axe import assert_no_serious_axe_violations
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, Org, People

pytestmark = pytest.mark.django_db(transaction=True)


def units_status(secret: str) -> int:
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    return client.get("/api/w/acme/units/").status_code


def test_a_member_makes_uses_and_revokes_a_token(page: Page, org: Org, people: People) -> None:
    log_in(page, "vera", PASSWORD)
    page.goto(reverse("workspace_home", args=["acme"]))
    page.get_by_role("link", name="API tokens").click()
    page.get_by_label("Name").fill("Spreadsheet refresh")
    page.get_by_role("button", name="Make the token").click()
    secret = page.locator("#token-secret").inner_text()
    assert secret.startswith("cvg_")
    assert_no_serious_axe_violations(page)
    assert units_status(secret) == 200
    page.goto(reverse("api_tokens", args=["acme"]))
    expect(page.locator("#token-secret")).to_have_count(0)
    page.once("dialog", lambda dialog: Dialog.accept(dialog))
    page.get_by_role("button", name="Revoke Spreadsheet refresh").click()
    expect(page.get_by_text("no longer signs anything in")).to_be_visible()
    assert units_status(secret) == 401
