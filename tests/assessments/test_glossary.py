"""The glossary: every code has words, the page lists them, and {% term %} explains a code."""

from __future__ import annotations

import re

import pytest
from django.template import Context, Template
from django.urls import reverse

from assessments import glossary
from assessments.slope import tables
from assessments.survey import instrument
from tests.conftest import Org, People, client_for


def test_every_code_the_engines_use_has_a_name_and_an_explanation() -> None:
    codes = [
        *tables.DIMENSIONS,
        *tables.RULE_NAMES,
        *instrument.RULE_NAMES,
        *(band for band, _ in tables.BANDS),
        "E-I index",
        "channel depth",
    ]
    for code in codes:
        found = glossary.term(code)
        assert found is not None, code
        assert found.name and len(found.explanation) > 20, code


def test_rule_names_are_the_engines_own() -> None:
    assert glossary.name_of("GAP-08") == "fragile bridge"
    assert glossary.name_of("SURV-03") == instrument.RULE_NAMES["SURV-03"]
    assert glossary.label("GAP-07") == "GAP-07 under-cadence"
    assert glossary.name_of("K") == "channel depth"


def test_a_code_is_found_whatever_its_case_and_an_unknown_one_is_left_as_it_is() -> None:
    assert glossary.term(" gap-01 ") == glossary.term("GAP-01")
    assert glossary.term("fusion") is not None
    assert glossary.term("GAP-99") is None
    assert glossary.label("GAP-99") == "GAP-99"
    assert glossary.name_of("Q") == "Q"


def test_a_band_says_its_score_range() -> None:
    found = glossary.term("Integration")
    assert found is not None
    assert found.explanation.startswith("Scores 50–70:")
    assert glossary.label("Fusion") == "Fusion"  # a band's code is its name, said once


def test_codes_and_anchors_are_unique_and_every_section_has_terms() -> None:
    codes = [t.code.lower() for t in glossary.TERMS]
    anchors = [t.anchor for t in glossary.TERMS]
    assert len(set(codes)) == len(codes) and len(set(anchors)) == len(anchors)
    assert all(re.fullmatch(r"term-[a-z0-9-]+", anchor) for anchor in anchors)
    assert [kind for kind, terms in glossary.by_kind() if terms] == list(glossary.KINDS)


@pytest.mark.django_db
def test_the_term_tag_links_the_code_to_its_entry_and_describes_it_by_a_tooltip(org: Org) -> None:
    html = Template("{% load glossary_tags %}{% term code %}").render(
        Context({"code": "GAP-07", "workspace": org.workspace})
    )
    described = re.search(r'aria-describedby="([^"]+)"', html)
    assert described is not None
    assert f'id="{described.group(1)}"' in html and 'role="tooltip"' in html
    assert f'href="/w/{org.workspace.slug}/glossary/#term-gap-07"' in html
    assert "under-cadence" in html and "style=" not in html


def test_the_term_tag_escapes_an_unknown_code_and_needs_no_workspace() -> None:
    html = Template("{% load glossary_tags %}{% term code %}").render(
        Context({"code": "<b>GAP-99</b>"})
    )
    assert html == "&lt;b&gt;GAP-99&lt;/b&gt;"
    bare = Template('{% load glossary_tags %}{% term "B" "code" %}').render(Context({}))
    assert '<abbr class="term-code" tabindex="0"' in bare and "</abbr> breadth" not in bare


def test_two_terms_on_one_page_have_different_tooltip_ids() -> None:
    html = Template('{% load glossary_tags %}{% term "B" %}{% term "B" %}').render(Context({}))
    ids = re.findall(r'id="(tip-[^"]+)"', html)
    assert len(ids) == 2 and ids[0] != ids[1]


@pytest.mark.django_db
def test_the_glossary_page_lists_every_term_for_any_member(org: Org, people: People) -> None:
    response = client_for(people.viewer).get(reverse("glossary", args=[org.workspace.slug]))
    assert response.status_code == 200
    body = response.content.decode()
    for found in glossary.TERMS:
        assert f'id="{found.anchor}"' in body
    assert "GAP-11 peer-pattern candidate" in body
    assert f'href="/w/{org.workspace.slug}/glossary/"' in body  # the footer's link
