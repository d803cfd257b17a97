"""The board pack, opened with real readers: the PDF's text (pypdf) and the deck (python-pptx)."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation
from pypdf import PdfReader

from assessments.models import GapReport, ReportFile
from assessments.tasks import build_gap_report
from tests.assessments.conftest import WorkedOrg
from tests.conftest import Org, People
from tests.plans.conftest import add_plan
from tests.survey.conftest import (
    answer_as_in_survey_md,
    close_and_assess,
    open_round,
    two_per_criterion,
)
from touchpoints.models import OrgUnit

pytestmark = pytest.mark.django_db

SLIDES = [
    "where business and IT stand",
    "Where we stand on the slope",
    "The six dimensions",
    "Trend",
    "Top gaps and what to do",
    "Heatmap: business units × levels",
]


def built(org: Org, **fields: object) -> GapReport:
    report = GapReport.objects.create(workspace=org.workspace, **fields)
    assert build_gap_report(report.pk) is True
    return report


def pdf_text(report: GapReport) -> str:
    content = bytes(ReportFile.objects.get(report=report, format="pdf").content)
    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    # Words only: a table cell wraps its text over lines where the page needs it to.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def slides(report: GapReport) -> list[tuple[str, str]]:
    """(title, every other text of the slide, its tables' cells included) of each slide."""
    content = bytes(ReportFile.objects.get(report=report, format="pptx").content)
    found = []
    for slide in Presentation(io.BytesIO(content)).slides:
        title = slide.shapes.title.text if slide.shapes.title is not None else ""
        texts = []
        for shape in slide.shapes:
            if shape.has_text_frame and shape != slide.shapes.title:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                texts += [cell.text for row in shape.table.rows for cell in row.cells]
        found.append((title, "\n".join(texts)))
    return found


def test_the_pdf_holds_the_score_band_dimensions_and_top_gaps(worked: WorkedOrg) -> None:
    text = pdf_text(built(worked.org))
    assert "63.8" in text and "Integration" in text
    assert "B breadth" in text and "ties across the network" in text.lower()
    assert "Top gaps and what to do" in text and "14 gaps found" in text
    # The first gaps in gap order: the two high GAP-03 of Finance and Operations.
    assert "GAP-03 no strategic engagement high Finance Give Finance a seat" in text
    assert "Trend" in text and "Heatmap" in text
    assert "open actions" not in text and "Perception survey" not in text


def test_the_deck_has_a_slide_for_each_part(worked: WorkedOrg) -> None:
    deck = slides(built(worked.org))
    titles = [title for title, _ in deck]
    assert titles[0].endswith(SLIDES[0]) and titles[1:4] == SLIDES[1:4]
    assert titles[4].startswith("Top gaps and what to do (14 found)")
    assert titles[5].startswith(SLIDES[5]) and len(titles) == 6
    slope = dict(deck)["Where we stand on the slope"]
    assert "63.8" in slope and "Band Integration" in slope
    gaps = deck[4][1]
    assert "GAP-03 no strategic engagement" in gaps and "steering committee" in gaps.lower()
    assert "Finance" in deck[5][1] or "Sales" in deck[5][1]  # the heatmap's rows


def test_a_plan_and_a_closed_survey_get_their_slides_and_pages(org: Org, people: People) -> None:
    add_plan(org, people)
    survey_round = open_round(org, two_per_criterion(org))
    answer_as_in_survey_md(survey_round)
    close_and_assess(survey_round.pk)
    report = built(org)
    deck = dict(slides(report))
    assert "Plan jointly with Infra" in deck["The plan's open actions"]
    perception = next(title for title in deck if title.startswith("Perception survey"))
    assert "Spring round" in perception and "Everyone" in deck[perception]
    text = pdf_text(report)
    assert "Plan jointly with Infra" in text and "Perception survey: Spring round" in text


def test_a_pack_asked_with_filters_shows_that_view(worked: WorkedOrg) -> None:
    org = worked.org
    report = built(org, filters={"location": org.manchester.pk})
    text = pdf_text(report)
    assert "view: units in Manchester" in text
    assert "In this view (units in Manchester): 1 business units" in text
    # Only the gaps of Manchester's business unit (Operations) and those of no unit are listed.
    gaps_page = text[text.index("Top gaps and what to do") :]
    assert "high Operations" in gaps_page and "Finance-Infra" not in gaps_page


def test_names_are_text_in_both_files_never_markup(worked: WorkedOrg) -> None:
    OrgUnit.objects.filter(pk=worked.org.finance.pk).update(name="<b>Fin</b> & Co")
    report = built(worked.org)
    assert "<b>Fin</b> & Co" in pdf_text(report)
    assert any("<b>Fin</b> & Co" in texts for _, texts in slides(report))
