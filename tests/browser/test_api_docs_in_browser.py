"""The API's browsable docs in a real browser: Swagger UI draws every operation from the
schema with no Content-Security-Policy refusal (the conftest watcher fails the test on one)."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_docs_draw_the_operations_under_the_strict_policy(page: Page) -> None:
    page.goto("/api/docs")
    expect(page.locator(".opblock").first).to_be_visible()
    expect(page.get_by_text("/api/w/{slug}/touchpoints/").first).to_be_visible()
    page.locator(".opblock-summary").first.click()
    expect(page.locator(".opblock-body").first).to_be_visible()
