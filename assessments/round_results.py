"""What a survey round's results page, exports, dashboard and gap report read: aggregates only.

No figure of a group of fewer than MIN_GROUP respondents leaves this module, and nothing here
returns a single response (SURVEY.md: answers are anonymous).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction

from django.core.cache import cache
from django.db.models import Count

from assessments.models import RoundStatus, SurveyRound
from assessments.rows import GapRow
from assessments.slope.model import Gap
from assessments.survey import (
    CriterionResult,
    Response,
    Statement,
    Survey,
    SurveyResult,
    instrument,
    score_survey,
)

DONT_KNOW = "dont_know"


@dataclass(frozen=True)
class Distribution:
    """How all respondents answered one statement: counts of 1..5 and "don't know"."""

    statement: Statement
    counts: dict[int | str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def cells(self) -> list[int]:
        """Counts of 1, 2, 3, 4, 5 and "don't know", in that order."""
        return [self.counts.get(key, 0) for key in (*instrument.ANSWERS, DONT_KNOW)]


@dataclass(frozen=True)
class RoundResults:
    survey_round: SurveyRound
    result: SurveyResult
    distributions: list[Distribution] | None  # None: fewer than MIN_GROUP respondents

    @property
    def total(self) -> int:
        return self.result.all.respondents

    @property
    def min_group(self) -> int:
        return instrument.MIN_GROUP

    @property
    def has_evidence(self) -> bool:
        return bool(self.survey_round.evidence)

    def rows(self) -> list[tuple[str, str, CriterionResult]]:
        """(criterion id, name, figures) in the instrument's order."""
        return [
            (criterion, instrument.CRITERIA.get(criterion, criterion), row)
            for criterion, row in self.result.criteria.items()
        ]


def counts_by_side(survey_round: SurveyRound) -> dict[str, int]:
    """Respondents per side (one query), every side present."""
    rows = survey_round.responses.values("side").annotate(n=Count("pk")).values_list("side", "n")
    return {side: 0 for side in instrument.SIDES} | dict(rows)


def survey_of(survey_round: SurveyRound) -> Survey:
    """The round's instrument and every response's side and answers (one query)."""
    rows = survey_round.responses.values_list("side", "answers")
    return Survey(
        survey_round.instrument.items(),
        tuple(Response("it" if side == "it" else "business", answers) for side, answers in rows),
    )


def distributions(survey_round: SurveyRound, survey: Survey) -> list[Distribution] | None:
    if len(survey.responses) < instrument.MIN_GROUP:
        return None
    tallies: dict[str, Counter[int | str]] = {item.id: Counter() for item in survey.items}
    for response in survey.responses:
        for item_id, answer in response.answers.items():
            if item_id in tallies:
                tallies[item_id][DONT_KNOW if answer is None else answer] += 1
    return [
        Distribution(statement, dict(tallies[statement.id]))
        for statement in survey_round.instrument.statement_list()
    ]


# A closed round with its evidence never changes: its results are kept under its id and closing
# time (on the benchmark's 2,000 responses, computing them is most of the results page's time).
FROZEN_SECONDS = 86400


def compute_results(survey_round: SurveyRound) -> tuple[SurveyResult, list[Distribution] | None]:
    survey = survey_of(survey_round)
    result = score_survey(survey, survey_round.evidence_fractions())
    return result, distributions(survey_round, survey)


def round_results(survey_round: SurveyRound) -> RoundResults:
    """Score the round against its frozen evidence (none while it is open)."""
    if not (survey_round.is_closed and survey_round.evidence and survey_round.closed_at):
        return RoundResults(survey_round, *compute_results(survey_round))
    key = f"survey-round-results:{survey_round.pk}:{survey_round.closed_at.timestamp()}"
    found = cache.get(key)
    if found is None:
        found = compute_results(survey_round)
        cache.set(key, found, FROZEN_SECONDS)
    return RoundResults(survey_round, *found)


def percent(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def latest_closed_round(workspace_id: int) -> SurveyRound | None:
    return (
        SurveyRound.objects.filter(workspace_id=workspace_id, closed_at__isnull=False)
        .exclude(evidence={})
        .select_related("instrument")
        .order_by("-closed_at", "-pk")
        .first()
    )


def survey_gap_label(gap: Gap, survey_round: SurveyRound) -> str:
    code = gap.subject.code or ""
    if gap.subject.kind == "side":
        what = f"{instrument.SIDE_NAMES.get(code, code)} respondents"
    else:
        what = f"{instrument.CRITERIA.get(code, code)} ({code})"
    return f"{what}, survey round “{survey_round.title}”"


def survey_gaps_for_report(workspace_id: int) -> tuple[SurveyRound | None, list[Gap]]:
    """The SURV gaps of the workspace's latest closed round (none if it has none)."""
    survey_round = latest_closed_round(workspace_id)
    if survey_round is None:
        return None, []
    return survey_round, round_results(survey_round).result.gaps


def survey_gap_row(
    gap: Gap, survey_round: SurveyRound, evidence: dict[str, object], position: int
) -> GapRow:
    return GapRow(
        rule=gap.rule,
        severity=gap.severity,
        subject_kind=gap.subject.kind,
        subject_label=survey_gap_label(gap, survey_round)[:700],
        business_unit_id=None,
        it_team_id=None,
        touch_point_id=None,
        location="",
        level="",
        evidence={"round": survey_round.pk, **evidence},
        recommendation=gap.recommendation,
        position=position,
    )


TREND_ROUNDS = 8


@dataclass(frozen=True)
class RoundPoint:
    """One closed round on the dashboard: its perception scores and bands."""

    round_id: int
    title: str
    closed_at: dt.datetime
    respondents: int
    score: float | None
    band: str | None
    business: float | None
    it: float | None


def round_point(survey_round: SurveyRound) -> RoundPoint:
    result = round_results(survey_round).result
    assert survey_round.closed_at is not None
    return RoundPoint(
        survey_round.pk,
        survey_round.title,
        survey_round.closed_at,
        result.all.respondents,
        percent(result.all.score),
        result.all.band,
        percent(result.business.score),
        percent(result.it.score),
    )


def perception_trend(workspace_id: int) -> list[RoundPoint]:
    """The newest closed rounds, newest first: one query, and one more per round whose results
    are not cached."""
    closed = (
        SurveyRound.objects.filter(workspace_id=workspace_id, status=RoundStatus.CLOSED)
        .exclude(evidence={})
        .select_related("instrument")
        .order_by("-closed_at", "-pk")[:TREND_ROUNDS]
    )
    return [round_point(survey_round) for survey_round in closed]
