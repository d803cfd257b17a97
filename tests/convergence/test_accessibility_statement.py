"""The accessibility statement, and what keeps it true: the tests run what it claims."""

from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from convergence import accessibility
from tests.browser import axe, test_accessibility_audit, test_keyboard
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

AXE_FOLDER = Path(axe.__file__).parent / "vendor"


def statement() -> str:
    response = client_for(None).get(reverse("accessibility"))
    assert response.status_code == 200
    return response.content.decode()


def test_anyone_reads_the_statement_with_what_was_tested_and_the_known_exceptions() -> None:
    html = statement()
    assert "WCAG 2.2 level AA" in html and f"axe-core {accessibility.AXE_VERSION}" in html
    claims = [*accessibility.PEOPLE_TESTED, *accessibility.AXE_TAGS]
    claims += [str(width) for width in accessibility.VIEWPORT_WIDTHS]
    claims += [claim[0].upper() + claim[1:] for claim in accessibility.KEYBOARD_TESTED]
    for claim in [*claims, *accessibility.KNOWN_EXCEPTIONS]:
        assert claim.replace("'", "&#x27;") in html, claim


def test_problems_go_to_the_workspace_admin_unless_a_contact_is_set() -> None:
    assert "your workspace admin" in statement()
    with override_settings(ACCESSIBILITY_CONTACT="access@example.org"):
        assert 'href="mailto:access@example.org"' in statement()


def test_every_page_links_to_the_statement() -> None:
    login = client_for(None).get(reverse("login")).content.decode()
    assert f'href="{reverse("accessibility")}"' in login


def test_the_audit_runs_the_axe_version_and_tags_the_statement_names() -> None:
    (vendored,) = AXE_FOLDER.glob("axe-core-*")
    assert vendored.name == f"axe-core-{accessibility.AXE_VERSION}"
    banner = (vendored / "axe.min.js").read_text(encoding="utf-8")[:40]
    assert f"axe v{accessibility.AXE_VERSION}" in banner
    assert list(accessibility.AXE_TAGS) == axe.WCAG22_AA


def test_the_audit_runs_at_the_widths_and_as_the_people_the_statement_names() -> None:
    widths = list(test_accessibility_audit.VIEWPORTS)
    assert widths == list(accessibility.VIEWPORT_WIDTHS)
    people = " ".join(accessibility.PEOPLE_TESTED)
    for role in [*test_accessibility_audit.ROLES, "participant", "not logged in"]:
        assert role in people
    assert len(accessibility.PEOPLE_TESTED) == len(test_accessibility_audit.ROLES) + 2


def test_each_keyboard_claim_has_its_browser_test() -> None:
    assert set(test_keyboard.STATEMENT_CLAIMS) == set(accessibility.KEYBOARD_TESTED)
    for test_name in test_keyboard.STATEMENT_CLAIMS.values():
        assert callable(getattr(test_keyboard, test_name))
