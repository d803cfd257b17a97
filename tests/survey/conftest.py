"""Survey rounds built on the SLOPE.md worked example, answered as in SURVEY.md."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from assessments import rounds
from assessments.models import SurveyInstrument, SurveyRound
from assessments.survey import instrument
from tests.assessments.conftest import WorkedOrg, add_worked_example
from tests.conftest import Org

FIXTURE = Path(__file__).parents[1] / "assessments" / "fixtures" / "survey_worked_example.json"


def worked_responses() -> list[dict[str, Any]]:
    """The ten respondents of SURVEY.md's worked example: side and answers by item id."""
    responses: list[dict[str, Any]] = json.loads(FIXTURE.read_text())["survey"]["responses"]
    return responses


def two_per_criterion(org: Org) -> SurveyInstrument:
    """The worked example's instrument: the first two default statements of each criterion,
    kept with their ids (COM-1, COM-2, ...), the others retired."""
    kept = [s for s in instrument.DEFAULT_STATEMENTS if s.id.endswith(("-1", "-2"))]
    return rounds.save_instrument(org.workspace, kept, {}, None)


def open_round(org: Org, survey_instrument: SurveyInstrument, **fields: object) -> SurveyRound:
    values: dict[str, object] = {"title": "Spring round", **fields}
    return SurveyRound.objects.create(
        workspace=org.workspace, instrument=survey_instrument, **values
    )


def close_and_assess(round_id: int) -> bool:
    """What the close button does, the background task run inline."""
    closed = rounds.close_round(round_id)
    rounds.freeze_evidence(round_id)
    return closed


def answer_as_in_survey_md(survey_round: SurveyRound) -> None:
    for number, respondent in enumerate(worked_responses()):
        response = rounds.start_response(
            survey_round, f"device-{number}", respondent["side"], None, ""
        )
        rounds.record_answers(response, respondent["answers"])


@pytest.fixture
def worked(org: Org) -> WorkedOrg:
    return add_worked_example(org)


@pytest.fixture
def answered_round(worked: WorkedOrg) -> SurveyRound:
    survey_round = open_round(worked.org, two_per_criterion(worked.org))
    answer_as_in_survey_md(survey_round)
    return survey_round
