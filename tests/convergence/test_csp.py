"""The Content-Security-Policy header, and templates that need nothing it refuses.

The browser tests check the pages themselves (tests/browser/conftest.py fails a test on any CSP
violation); these tests pin the policy and keep inline code out of the templates.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.conftest import Org, People, client_for

TEMPLATES = Path(settings.BASE_DIR) / "templates"
EXPECTED = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "frame-ancestors": {"'none'"},
    "form-action": {"'self'"},
}
# What the policy would refuse (or htmx would eval), each with why it is looked for.
REFUSED = {
    "a style attribute": re.compile(r"\sstyle\s*="),
    "an inline <script>": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>"),
    "an inline event handler": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "an hx-on handler (htmx evals it)": re.compile(r"hx-on"),
    "a js: value (htmx evals it)": re.compile(r"hx-(vals|headers)\s*=\s*['\"]\s*js:"),
    # An event filter follows its event's name (click[ctrlKey]); from:input[name=q] is a selector.
    "an hx-trigger filter (htmx evals it)": re.compile(
        r"hx-trigger\s*=\s*\"([^\"]*,)?\s*[\w:.-]+\s*\["
    ),
    "a javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}
# The stored HTML report keeps its <style>: its download allows it by hash (test_report_views).
OWN_STYLE = {"assessments/report_print.html"}


def policy(header: str) -> dict[str, set[str]]:
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: set(values) for name, *values in directives}


def test_the_policy_is_the_site_itself_with_no_inline_code_and_no_eval(db: None) -> None:
    response = client_for(None).get(reverse("login"))
    assert response.status_code == 200
    assert policy(response["Content-Security-Policy"]) == EXPECTED
    assert "Content-Security-Policy-Report-Only" not in response


def test_a_pages_scripts_are_the_sites_own_files_without_a_nonce(org: Org, people: People) -> None:
    response = client_for(people.admin).get(reverse("member_list", args=[org.workspace.slug]))
    html = response.content.decode()
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts and all(re.search(r'src="/static/', tag) for tag in scripts), scripts
    assert "nonce" not in html and "nonce" not in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    "name", sorted(p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*.html"))
)
def test_no_template_needs_what_the_policy_refuses(name: str) -> None:
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    found = [what for what, pattern in REFUSED.items() if pattern.search(text)]
    if name not in OWN_STYLE and "<style" in text:
        found.append("a <style> element")
    assert not found, f"{name} has {', '.join(found)}"
