"""The survey screens: each URL for each role, the respondent's pages, closing, results, files."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from assessments import rounds
from assessments.models import RoundStatus, SurveyInstrument, SurveyResponse, SurveyRound
from tests.assessments.conftest import WorkedOrg
from tests.conftest import Org, People, client_for, htmx_client_for, personas_once_per_module
from tests.survey.conftest import (
    answer_as_in_survey_md,
    close_and_assess,
    open_round,
    two_per_criterion,
)

# Built once for the module: its tests read them and leave them as they were.
org, other_org, people = personas_once_per_module()


@pytest.fixture
def survey_round(org: Org) -> SurveyRound:
    return open_round(org, rounds.default_instrument(org.workspace))


def url(name: str, org: Org, *args: object) -> str:
    return reverse(name, args=[org.workspace.slug, *args])


def start(survey_round: SurveyRound, client: Client | None = None, **data: object) -> Client:
    client = client or Client()
    response = client.post(
        reverse("survey_start", args=[survey_round.link_token]), {"side": "it", **data}
    )
    assert response.status_code == 302, response.content
    return client


def criterion_url(survey_round: SurveyRound, criterion: str) -> str:
    return reverse("survey_criterion", args=[survey_round.link_token, criterion])


def all_fours(statements: list[str]) -> dict[str, str]:
    return dict.fromkeys(statements, "4")


# Managing rounds


def test_a_manager_sees_the_rounds_but_cannot_open_one(
    org: Org, people: People, survey_round: SurveyRound
) -> None:
    response = client_for(people.manager).get(url("survey_list", org))
    assert response.status_code == 200
    assert b"Acme survey" not in response.content and b"Spring round" in response.content
    assert b"Open a round" not in response.content
    assert client_for(people.manager).post(url("round_open", org), {}).status_code == 403


def test_a_facilitator_opens_a_round_on_chosen_units(org: Org, people: People) -> None:
    instrument = rounds.default_instrument(org.workspace)
    data = {
        "title": "Autumn",
        "instrument": instrument.pk,
        "granularity": "units",
        "unit_codes": "S, A",
        "share_results": "on",
    }
    response = client_for(people.facilitator).post(url("round_open", org), data)
    survey_round = SurveyRound.objects.get(title="Autumn")
    assert response.status_code == 302
    assert response["Location"] == url("round_detail", org, survey_round.pk)
    assert survey_round.unit_ids == sorted([org.sales.pk, org.apps.pk])
    assert survey_round.share_results and survey_round.status == RoundStatus.OPEN


def test_a_refused_round_rerenders_the_form_fragment_with_its_errors(
    org: Org, people: People
) -> None:
    data = {"title": "Late", "granularity": "full", "closes_at": "2001-01-01T10:00"}
    response = htmx_client_for(people.admin).post(url("round_open", org), data)
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert b"Give a closing date in the future" in response.content
    assert not SurveyRound.objects.filter(title="Late").exists()


def test_the_round_page_shares_the_link_and_a_qr_code(
    org: Org, people: People, survey_round: SurveyRound
) -> None:
    response = client_for(people.facilitator).get(url("round_detail", org, survey_round.pk))
    link = f"http://testserver/s/{survey_round.link_token}/"
    assert link.encode() in response.content
    assert b'<svg role="img" aria-label="QR code of the survey link"' in response.content
    qr = client_for(people.facilitator).get(url("round_qr", org, survey_round.pk))
    assert qr["Content-Type"] == "image/svg+xml" and qr.content.startswith(b"<svg")


def test_the_live_counts_are_an_htmx_fragment_by_side(
    org: Org, people: People, survey_round: SurveyRound
) -> None:
    start(survey_round)
    start(survey_round, side="business")
    start(survey_round, side="business")
    response = htmx_client_for(people.facilitator).get(url("round_detail", org, survey_round.pk))
    assert b"<html" not in response.content
    assert re.search(rb'id="count-business">2<', response.content)
    assert re.search(rb'id="count-it">1<', response.content)


def test_closing_freezes_the_round_and_leads_to_its_results(
    org: Org, people: People, answered_round: SurveyRound
) -> None:
    client = client_for(people.facilitator)
    response = client.post(url("round_close", org, answered_round.pk))
    assert response.status_code == 302
    assert response["Location"] == url("round_results", org, answered_round.pk)
    answered_round.refresh_from_db()
    assert answered_round.is_closed and answered_round.evidence
    again = client.post(url("round_close", org, answered_round.pk), follow=True)
    assert b"already closed" in again.content


def test_a_manager_cannot_close_a_round(
    org: Org, people: People, survey_round: SurveyRound
) -> None:
    assert (
        client_for(people.manager).post(url("round_close", org, survey_round.pk)).status_code == 403
    )
    survey_round.refresh_from_db()
    assert not survey_round.is_closed


# Results and files


def test_the_results_reproduce_the_worked_example_with_its_gaps(
    org: Org, people: People, answered_round: SurveyRound, django_assert_max_num_queries: Any
) -> None:
    close_and_assess(answered_round.pk)
    client = client_for(people.manager)
    # Session, user, membership, the round with its instrument, the responses.
    with django_assert_max_num_queries(5):
        response = client.get(url("round_results", org, answered_round.pk))
    content = response.content.decode()
    assert response.status_code == 200
    assert ">58.6<" in content and ">52.1<" in content and ">65.0<" in content
    assert "Integration" in content
    assert "put the forum on the calendar" in content  # SURV-01 GOV
    assert "SURV-03" in content and "SURV-02" in content
    assert '<svg class="chart round-chart"' in content
    assert "Governance: evidence 55.0" in content
    assert "Business and IT set IT priorities together." in content  # the distribution


def test_groups_under_five_show_nothing_and_say_so(
    org: Org, people: People, survey_round: SurveyRound
) -> None:
    for _ in range(3):
        client = start(survey_round)
        client.post(
            criterion_url(survey_round, "COM"), all_fours(["COM-1", "COM-2", "COM-3", "COM-4"])
        )
    response = client_for(people.manager).get(url("round_results", org, survey_round.pk))
    content = response.content.decode()
    assert content.count("Not shown: fewer than 5 respondents.") == 3  # all, business, IT
    assert "Not shown: fewer than 5 respondents in all." in content
    assert "<circle" not in content and ">75.0<" not in content


def test_the_files_hold_aggregates_only_and_are_formula_safe(
    org: Org, people: People, worked: WorkedOrg
) -> None:
    survey_round = open_round(worked.org, two_per_criterion(worked.org), title="=HYPERLINK(1)")
    answer_as_in_survey_md(survey_round)
    SurveyResponse.objects.filter(round=survey_round).update(
        unit=worked.org.finance, role_level="executive"
    )
    close_and_assess(survey_round.pk)
    client = client_for(people.manager)
    response = client.get(url("round_download", org, survey_round.pk, "csv"))
    assert response["Content-Disposition"].startswith('attachment; filename="survey-acme-')
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert ["round", "'=HYPERLINK(1)"] in rows
    assert any(row[:2] == ["GOV", "Governance"] and float(row[6]) == 25.0 for row in rows if row)
    assert "Finance" not in text and "executive" not in text
    workbook = load_workbook(
        io.BytesIO(client.get(url("round_download", org, survey_round.pk, "xlsx")).content)
    )
    assert workbook.sheetnames == ["Summary", "Criteria", "Distribution"]
    assert workbook["Summary"]["B2"].value == "'=HYPERLINK(1)"
    assert client.get(url("round_download", org, survey_round.pk, "pdf")).status_code == 404


# The instrument


def test_the_instrument_is_edited_into_a_new_version(org: Org, people: People) -> None:
    current = rounds.current_instrument(org.workspace)
    data = {f"text_{s['id']}": s["text"] for s in current.statements}
    data |= {"text_GOV-1": "We set priorities in one forum.", "retire_SKL-4": "on"}
    data["add_VAL_0"] = "Benefits are tracked after go-live."
    response = client_for(people.facilitator).post(url("instrument_edit", org), data)
    assert response.status_code == 302
    edited = rounds.current_instrument(org.workspace)
    assert edited.version == current.version + 1
    texts = {s["id"]: s["text"] for s in edited.statements}
    assert texts["GOV-1"] == "We set priorities in one forum." and "SKL-4" not in texts
    assert texts["VAL-5"] == "Benefits are tracked after go-live."
    unchanged = {f"text_{s['id']}": s["text"] for s in edited.statements}
    client_for(people.facilitator).post(url("instrument_edit", org), unchanged)
    assert SurveyInstrument.objects.filter(workspace=org.workspace).count() == 2


def test_retiring_every_statement_is_refused(org: Org, people: People) -> None:
    current = rounds.current_instrument(org.workspace)
    data = {f"text_{s['id']}": s["text"] for s in current.statements}
    data |= {f"retire_{s['id']}": "on" for s in current.statements}
    response = client_for(people.admin).post(url("instrument_edit", org), data)
    assert response.status_code == 200
    assert b"An instrument needs at least one statement." in response.content


# Answering


def test_a_respondent_answers_one_criterion_at_a_time_and_can_resume(
    survey_round: SurveyRound, org: Org
) -> None:
    client = start(survey_round, unit=org.apps.pk, role_level="staff")
    response = SurveyResponse.objects.get(round=survey_round)
    assert (response.side, response.unit_id, response.role_level) == ("it", org.apps.pk, "staff")
    page = client.get(criterion_url(survey_round, "COM"))
    assert b"Criterion 1 of 6" in page.content and b"Don&#x27;t know" in page.content
    answers = {"COM-1": "5", "COM-2": "dk", "COM-3": "2", "COM-4": "3"}
    step = client.post(criterion_url(survey_round, "COM"), answers)
    assert step["Location"] == criterion_url(survey_round, "VAL")
    # Back on the same device, later: straight to the next criterion.
    resumed = client.get(reverse("survey_start", args=[survey_round.link_token]))
    assert resumed["Location"] == criterion_url(survey_round, "VAL")
    response.refresh_from_db()
    assert response.answers == {"COM-1": 5, "COM-2": None, "COM-3": 2, "COM-4": 3}
    back = client.get(criterion_url(survey_round, "COM"))
    assert (
        b'value="5" required id="id_COM-1_4" checked' in back.content or b"checked" in back.content
    )


def test_a_missing_answer_is_asked_for_and_nothing_is_lost(survey_round: SurveyRound) -> None:
    client = start(survey_round)
    page = client.post(criterion_url(survey_round, "COM"), {"COM-1": "5", "COM-2": "4"})
    assert page.status_code == 200
    assert page.content.count(b"Choose an answer, or don&#x27;t know.") == 2
    assert SurveyResponse.objects.get(round=survey_round).answers == {}


def test_the_last_criterion_leads_to_the_thank_you_page(survey_round: SurveyRound) -> None:
    client = start(survey_round)
    for criterion in ("COM", "VAL", "GOV", "PAR", "SCO", "SKL"):
        ids = [f"{criterion}-{n}" for n in range(1, 5)]
        last = client.post(criterion_url(survey_round, criterion), all_fours(ids))
    assert last["Location"] == reverse("survey_thanks", args=[survey_round.link_token])
    assert b"Your answers are saved." in client.get(last["Location"]).content


def test_the_thank_you_page_shows_group_results_after_close_if_allowed(
    answered_round: SurveyRound,
) -> None:
    client = start(answered_round)
    SurveyRound.objects.filter(pk=answered_round.pk).update(share_results=True)
    close_and_assess(answered_round.pk)
    page = client.get(reverse("survey_thanks", args=[answered_round.link_token]))
    assert b">58.6<" in page.content
    SurveyRound.objects.filter(pk=answered_round.pk).update(share_results=False)
    hidden = client.get(reverse("survey_thanks", args=[answered_round.link_token]))
    assert b">58.6<" not in hidden.content and b"The round has closed." in hidden.content


def test_a_closed_round_refuses_answers(answered_round: SurveyRound) -> None:
    client = start(answered_round)
    close_and_assess(answered_round.pk)
    page = client.post(criterion_url(answered_round, "COM"), {"COM-1": "1", "COM-2": "1"})
    assert page.status_code == 410
    assert b"This survey round has closed" in page.content
    assert SurveyResponse.objects.filter(round=answered_round, answers={}).count() == 1
    new = Client().post(reverse("survey_start", args=[answered_round.link_token]), {"side": "it"})
    assert new.status_code == 410
    assert SurveyResponse.objects.filter(round=answered_round).count() == 11


def test_the_answer_endpoint_is_rate_limited(survey_round: SurveyRound, settings: Any) -> None:
    settings.SURVEY_ANSWERS_PER_WINDOW = 3
    client = start(survey_round)  # 1
    answers = all_fours(["COM-1", "COM-2", "COM-3", "COM-4"])
    assert client.post(criterion_url(survey_round, "COM"), answers).status_code == 302  # 2
    assert client.post(criterion_url(survey_round, "VAL"), {}).status_code == 200  # 3
    refused = client.post(criterion_url(survey_round, "VAL"), all_fours(["VAL-1"]))
    assert refused.status_code == 429
    assert b"Too many answers" in refused.content
    assert "VAL-1" not in SurveyResponse.objects.get(round=survey_round).answers


def test_an_unknown_criterion_answers_404(survey_round: SurveyRound) -> None:
    client = start(survey_round)
    assert client.get(criterion_url(survey_round, "XYZ")).status_code == 404


def test_the_unit_search_is_an_htmx_fragment(survey_round: SurveyRound) -> None:
    response = Client(headers={"HX-Request": "true"}).get(
        reverse("survey_units", args=[survey_round.link_token]) + "?q=fin"
    )
    assert b"<html" not in response.content and b"Finance" in response.content
    assert b"Sales" not in response.content


# The dashboard


def test_the_dashboard_shows_the_latest_round_beside_the_slope_and_the_trend(
    org: Org, people: People, answered_round: SurveyRound
) -> None:
    client = client_for(people.manager)
    assert b"No survey round has closed yet." in client.get(url("dashboard", org)).content
    close_and_assess(answered_round.pk)
    later = open_round(org, answered_round.instrument, title="Second round")
    answer_as_in_survey_md(later)
    close_and_assess(later.pk)
    content = client.get(url("dashboard", org)).content.decode()
    panel = content[content.index('id="perception"') :]
    assert "Second round" in panel and "Spring round" in panel
    assert 'Perception, everyone</th><td class="num">58.6<' in panel
    assert 'Slope (evidence)</th><td class="num">63.8<' in panel
    assert "Trend of rounds" in panel
