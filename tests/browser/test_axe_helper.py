"""The axe helper itself: it names a serious violation's rule and element, passes clean markup."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.axe import assert_no_serious_axe_violations, axe_violations

CLEAN = """<!doctype html><html lang="en"><head><title>Clean</title></head>
<body><main><h1>Clean</h1><p>Text.</p></main></body></html>"""
FAINT = """<!doctype html><html lang="en"><head><title>Faint</title></head>
<body><main><h1>Faint</h1><p id="faint" style="color:#bbb;background:#fff">Grey on white</p>
</main></body></html>"""


@pytest.fixture
def blank(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    yield context.new_page()
    context.close()


def test_clean_markup_passes(blank: Page) -> None:
    blank.set_content(CLEAN)
    assert_no_serious_axe_violations(blank)


def test_a_contrast_failure_fails_naming_the_rule_and_the_element(blank: Page) -> None:
    blank.set_content(FAINT)
    with pytest.raises(AssertionError) as failure:
        assert_no_serious_axe_violations(blank)
    assert "[serious] color-contrast at #faint" in str(failure.value)


def test_it_runs_only_the_rules_of_the_tags_asked_for(blank: Page) -> None:
    blank.set_content(FAINT)
    assert axe_violations(blank, ["wcag2a"]) == []
