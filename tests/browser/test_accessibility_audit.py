"""axe-core (WCAG 2.2 AA) on every page, for every role and a participant, at 1280 and 390 px.

The pages come from the isolation table (tests/test_workspace_isolation.py), so a new page is
audited as soon as it is listed there: every GET row, for every role, whatever it answers (a
role without the capability sees the styled 403 page, which is audited too). A URL that does not
answer an HTML document (JSON, CSV, an htmx fragment of a page already audited) is not a page.
Every violation, of any impact, is written to artifacts/axe/ for the figures; the test fails on
critical and serious ones. One browser, one context per test: each page loads once and is
checked at each width.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize

from convergence.accessibility import VIEWPORT_WIDTHS
from tests.browser.axe import BLOCKING, axe_violations, describe
from tests.browser.conftest import ARTIFACTS, log_in
from tests.conftest import PASSWORD, People
from tests.scene import Scene, build_scene
from tests.test_workspace_isolation import WORKSPACE_URLS, url_of
from touchpoints.models import Side, Workshop, WorkshopPhase

pytestmark = pytest.mark.django_db(transaction=True)

# The widths the accessibility statement names, desktop first, then a phone.
VIEWPORTS = {width: ViewportSize(width=width, height=900) for width in VIEWPORT_WIDTHS}
ROLES = {"admin": "alice", "facilitator": "fiona", "manager": "mark", "viewer": "vera"}


class Audit:
    """Loads each page once in one browser context and runs axe at every width, resizing the
    window in between (the layout follows the width, as it does on a phone), and keeps what
    axe found."""

    def __init__(self, browser: Browser, base_url: str) -> None:
        self.context: BrowserContext = browser.new_context(base_url=base_url)
        self.page = self.context.new_page()
        self.page.set_default_timeout(10_000)
        self.found: list[dict[str, Any]] = []
        self.refused = False

    def visit(self, url: str) -> None:
        probe = self.context.request.get(url, max_redirects=0)
        if "<html" not in probe.text()[:200].lower():
            return  # not a page: a fragment, JSON or a download
        if probe.status == 403:
            if self.refused:
                return  # one refusal page per role: they differ only by their message
            self.refused = True
        self.page.set_viewport_size(VIEWPORTS[VIEWPORT_WIDTHS[0]])
        self.page.goto(url)
        for width, size in VIEWPORTS.items():
            self.page.set_viewport_size(size)
            self.page.wait_for_function(
                "width => window.innerWidth === width && !document.querySelector('.htmx-request')",
                arg=width,
            )
            self.check(self.page, f"{width} {url}")

    def check(self, page: Page, label: str) -> None:
        violations = axe_violations(page)
        self.found.append({"page": label, "violations": violations})

    def blocking(self) -> list[str]:
        failures = []
        for entry in self.found:
            blocking = [v for v in entry["violations"] if v["impact"] in BLOCKING]
            if blocking:
                failures.append(f"{entry['page']}\n{describe(blocking)}")
        return failures

    def save(self, name: str) -> None:
        folder = ARTIFACTS / "axe"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.json").write_text(json.dumps(self.found, indent=1))

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def audit(browser: Browser, live_server: Any) -> Iterator[Audit]:
    audit = Audit(browser, live_server.url)
    yield audit
    audit.close()


@pytest.fixture
def scene(org: Any, people: People) -> Scene:
    return build_scene(org, people.admin)


def finish(audit: Audit, name: str) -> None:
    audit.save(name)
    failures = audit.blocking()
    assert not failures, f"{len(failures)} page loads with critical or serious violations:\n" + (
        "\n".join(failures)
    )


def set_phase(workshop: Workshop, phase: str, **fields: object) -> None:
    Workshop.objects.filter(pk=workshop.pk).update(phase=phase, **fields)


@pytest.mark.parametrize("role", ROLES)
def test_every_page_a_member_opens_has_no_serious_violation(
    audit: Audit, scene: Scene, role: str
) -> None:
    log_in(audit.page, ROLES[role], PASSWORD)
    audit.visit(reverse("home"))
    for name, method, args, _ in WORKSPACE_URLS:
        if method == "get":
            audit.visit(url_of(scene, name, args))
    audit.visit(f"/w/{scene.slug}/no-such-page/")
    audit.visit(reverse("report_download", args=[scene.slug, scene.report.pk, "html"]))
    if role == "facilitator":  # the board's controls change with the phase
        board = reverse("workshop_board", args=[scene.slug, scene.workshop.pk])
        for phase in (WorkshopPhase.RATE, WorkshopPhase.REVIEW):
            set_phase(scene.workshop, phase, ratings_revealed=True)
            audit.visit(board)
    finish(audit, role)


def test_every_page_a_participant_or_anonymous_visitor_opens_has_no_serious_violation(
    audit: Audit, scene: Scene
) -> None:
    audit.visit(reverse("login"))
    audit.visit(reverse("password_reset"))
    audit.visit(reverse("invitation_accept", args=["no-such-invitation"]))
    audit.visit(reverse("accessibility"))
    audit.visit(reverse("join"))
    audit.visit(reverse("join_workshop", args=[scene.code]))
    audit.visit("/no-such-page/")
    page = audit.page
    page.goto(reverse("join_workshop", args=[scene.code]))
    page.get_by_label("Your name").fill("Sam")
    page.get_by_label("IT", exact=True).check()
    page.get_by_role("button", name="Join").click()
    page.wait_for_url("**/live/**")
    live = reverse("participant_home", args=[scene.code])
    audit.visit(live)
    set_phase(scene.workshop, WorkshopPhase.RATE)
    audit.visit(live)
    set_phase(scene.workshop, WorkshopPhase.RATE, locked=True)
    audit.visit(live)
    assert scene.workshop.participants.filter(name="Sam", side=Side.IT).exists()
    finish(audit, "participant")
