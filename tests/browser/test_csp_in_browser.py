"""The Content-Security-Policy in a real browser: the site refuses inline code, the browser tests'
watcher (conftest.no_csp_violations) notices a refusal, and what the inline handlers did (asking
before a removal, printing) still works from static/js/page.js."""

import pytest
from django.urls import reverse
from playwright.sync_api import Dialog, Page, expect

from convergence.models import Membership
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, Org, People

pytestmark = pytest.mark.django_db(transaction=True)

INJECT_INLINE_STYLE = """() => document.body.insertAdjacentHTML(
    "beforeend", '<p id="probe" style="color: rgb(255, 0, 0)">probe</p>')"""
INJECT_INLINE_SCRIPT = """() => {
    const script = document.createElement("script");
    script.textContent = "window.inlineRan = true";
    document.body.appendChild(script);
}"""


def test_an_inline_style_and_script_are_refused_and_reported(
    page: Page, people: People, no_csp_violations: list[str]
) -> None:
    log_in(page, "alice", PASSWORD)
    with page.expect_console_message(lambda m: "style-src" in m.text):
        page.evaluate(INJECT_INLINE_STYLE)
    assert page.locator("#probe").evaluate("p => getComputedStyle(p).color") != "rgb(255, 0, 0)"
    with page.expect_console_message(lambda m: "script-src" in m.text):
        page.evaluate(INJECT_INLINE_SCRIPT)
    assert page.evaluate("window.inlineRan") is None
    assert any("style-src" in found and "inline" in found for found in no_csp_violations)
    assert any("script-src" in found for found in no_csp_violations)
    no_csp_violations.clear()  # caused on purpose: the watcher saw them, the test passes


def test_removing_a_member_asks_first(page: Page, org: Org, people: People) -> None:
    log_in(page, "alice", PASSWORD)
    page.goto(reverse("member_list", args=[org.workspace.slug]))
    row = page.get_by_role("row").filter(has_text="vera")
    questions: list[str] = []

    def answer(accept: bool) -> None:
        def reply(dialog: Dialog) -> None:
            questions.append(dialog.message)
            dialog.accept() if accept else dialog.dismiss()

        page.once("dialog", reply)

    answer(False)
    row.get_by_role("button", name="Remove").click()
    expect(row).to_be_visible()
    assert questions == ["Remove vera from this workspace?"]
    assert Membership.objects.filter(user=people.viewer).exists()

    answer(True)
    row.get_by_role("button", name="Remove").click()
    expect(page.get_by_role("row").filter(has_text="vera")).to_have_count(0)
    assert not Membership.objects.filter(user=people.viewer).exists()


def test_the_dashboards_print_button_prints(page: Page, org: Org, people: People) -> None:
    log_in(page, "mark", PASSWORD)
    page.goto(reverse("dashboard", args=[org.workspace.slug]))
    page.evaluate("() => { window.print = () => { window.printed = (window.printed || 0) + 1 } }")
    page.get_by_role("button", name="Print report").click()
    assert page.evaluate("window.printed") == 1
