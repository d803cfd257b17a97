"""A survey round's results as CSV and XLSX: aggregates only, never a single response, and
nothing of a group under five (round_results already withholds it). Safe to open in a
spreadsheet, as the gap report's files are."""

from __future__ import annotations

import csv
import io

from django.utils import timezone

from assessments.round_results import DONT_KNOW, RoundResults, percent
from assessments.sheets import rounded, workbook_bytes
from assessments.survey import Perception, instrument
from convergence.cells import Cell, neutralise

CRITERIA_HEADER = ["criterion", "name", "all", "business", "IT", "evidence", "difference"]
DISTRIBUTION_HEADER = ["statement", "criterion", "text", "1", "2", "3", "4", "5", "don't know"]


def _perception_rows(name: str, perception: Perception) -> list[list[Cell]]:
    return [
        [f"{name} respondents", perception.respondents],
        [f"{name} perception score", rounded(percent(perception.score))],
        [f"{name} band", perception.band or ""],
    ]


def summary_rows(results: RoundResults) -> list[list[Cell]]:
    survey_round, result = results.survey_round, results.result
    rows: list[list[Cell]] = [
        ["round", survey_round.title],
        ["status", survey_round.get_status_display()],
        ["instrument", survey_round.instrument.label],
        [
            "closed",
            timezone.localtime(survey_round.closed_at).isoformat()
            if survey_round.closed_at
            else "",
        ],
        ["groups under five respondents", "not reported"],
    ]
    rows += _perception_rows("all", result.all)
    rows += _perception_rows("business", result.business)
    rows += _perception_rows("IT", result.it)
    return rows


def criteria_rows(results: RoundResults) -> list[list[Cell]]:
    return [
        [
            criterion,
            name,
            rounded(percent(row.all)),
            rounded(percent(row.business)),
            rounded(percent(row.it)),
            rounded(percent(row.evidence)),
            rounded(percent(row.difference)),
        ]
        for criterion, name, row in results.rows()
    ]


def distribution_rows(results: RoundResults) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for distribution in results.distributions or []:
        statement, counts = distribution.statement, distribution.counts
        answers: list[Cell] = [counts.get(value, 0) for value in instrument.ANSWERS]
        rows.append(
            [statement.id, statement.criterion, statement.text, *answers, counts.get(DONT_KNOW, 0)]
        )
    return rows


def sections(results: RoundResults) -> list[tuple[str, list[str], list[list[Cell]]]]:
    return [
        ("Summary", ["item", "value"], summary_rows(results)),
        ("Criteria", CRITERIA_HEADER, criteria_rows(results)),
        ("Distribution", DISTRIBUTION_HEADER, distribution_rows(results)),
    ]


def results_csv(results: RoundResults) -> bytes:
    """The three sections one after the other, a blank line between; UTF-8 with a BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for i, (_, header, rows) in enumerate(sections(results)):
        if i:
            writer.writerow([])
        writer.writerow(header)
        writer.writerows([neutralise(cell) for cell in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def results_xlsx(results: RoundResults) -> bytes:
    return workbook_bytes(sections(results))


def file_name(results: RoundResults, extension: str) -> str:
    survey_round = results.survey_round
    stamp = timezone.localtime(survey_round.created_at).strftime("%Y-%m-%d")
    return f"survey-{survey_round.workspace.slug}-{stamp}-{survey_round.pk}.{extension}"
