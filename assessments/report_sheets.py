"""The gap report's sheets: what each column holds, with names beside codes and figures rounded.

One sheet per purpose: Summary (the score and how it is made), Units (every unit's score),
Gaps (one row per gap, the CSV holds the same columns) and Touch points (what was assessed).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence

from assessments import glossary
from assessments.assess import ScopeInput, UnitRow
from assessments.dashboard.position import dimension_why
from assessments.models import Assessment, Gap, GapReport
from assessments.models.reports import GAP_RULE_NAMES
from assessments.rows import GapRow, UnitScoreRow
from assessments.sheets import evidence_text, rounded
from assessments.slope import tables
from assessments.slope.model import TouchPoint
from convergence.cells import Cell

DIMENSION_LABELS = {letter: f"{letter} {name}" for letter, name in tables.DIMENSION_NAMES.items()}
SUBJECT_KINDS = dict(Gap.SubjectKind.choices)
SIDES = {"business": "Business unit", "it": "IT team"}
# The touch points sheet lists this many (by business unit, IT team, level); the summary says how
# many there are: 100,000 rows would cost the report more than everything else together (about
# 10 s of XLSX on this machine).
TOUCHPOINT_ROWS = 10_000

GAP_HEADER = [
    "position",
    "rule",
    "rule name",
    "severity",
    "subject kind",
    "subject",
    "business unit code",
    "business unit",
    "IT team code",
    "IT team",
    "touch point id",
    "location",
    "level",
    "evidence",
    "recommendation",
]
UNIT_HEADER = [
    "side",
    "code",
    "name",
    "depth",
    "score",
    "band",
    "capped by",
    *(f"{DIMENSION_LABELS[letter]}" for letter in tables.DIMENSIONS),
]
TOUCHPOINT_HEADER = [
    "touch point id",
    "state",
    "business unit code",
    "business unit (as assessed)",
    "IT team code",
    "IT team (as assessed)",
    "level",
    "channel category",
    "channel depth",
    "frequency",
    "cadence",
    "effectiveness (1-5)",
]


def rule_label(rule: str) -> str:
    return glossary.label(rule)


def dimension_label(letter: str) -> str:
    return glossary.label(letter) if letter else ""


def band_label(band: str) -> str:
    meaning = glossary.BAND_MEANINGS.get(band)
    return f"{band}: {meaning[0]} (≈ Luftman level {meaning[1]})" if meaning else band


def gap_row(gap: GapRow, units: Mapping[int, UnitRow]) -> list[Cell]:
    business = units.get(gap.business_unit_id or 0)
    team = units.get(gap.it_team_id or 0)
    return [
        gap.position + 1,
        gap.rule,
        GAP_RULE_NAMES.get(gap.rule, ""),
        gap.severity,
        SUBJECT_KINDS.get(gap.subject_kind, gap.subject_kind),
        gap.subject_label,
        business.code if business else "",
        business.name if business else "",
        team.code if team else "",
        team.name if team else "",
        gap.touch_point_id,
        gap.location,
        gap.level,
        evidence_text(gap.evidence, tables.DIMENSION_NAMES),
        gap.recommendation,
    ]


def gap_rows(gaps: Iterable[GapRow], units: Mapping[int, UnitRow]) -> Iterable[list[Cell]]:
    return (gap_row(gap, units) for gap in gaps)


def unit_row(unit: UnitScoreRow) -> list[Cell]:
    dims = [rounded(unit.dimensions.get(letter)) for letter in tables.DIMENSIONS]
    return [
        SIDES.get(unit.side, unit.side),
        unit.code,
        unit.name,
        unit.depth,
        rounded(unit.score),
        unit.band,
        dimension_label(unit.capped_by) if unit.capped_by else "",
        *dims,
    ]


def touchpoint_row(tp: TouchPoint, units: Mapping[int, UnitRow]) -> list[Cell]:
    business, team = units[int(tp.business_unit)], units[int(tp.it_team)]
    depth = tables.CHANNEL_DEPTH.get(tp.channel or "")
    frequency = tables.FREQUENCY_SCORE.get(tp.frequency or "")
    cadence = None
    if tp.is_current and frequency is not None:
        cadence = min(1.0, float(frequency / tables.CADENCE_NORM[tp.level]))
    return [
        int(tp.id),
        tp.state,
        business.code,
        business.name,
        team.code,
        team.name,
        tp.level,
        tp.channel or "",
        None if depth is None else float(depth),
        tp.frequency or "",
        rounded(cadence, 2),
        tp.effectiveness,
    ]


def touchpoint_rows(data: ScopeInput) -> list[list[Cell]]:
    """The first TOUCHPOINT_ROWS touch points of the scope by business unit, IT team and level."""
    units = data.units
    # The first rows in order without sorting (and keeping a key for) every touch point: the
    # same rows as sorted(...)[:TOUCHPOINT_ROWS], in memory bounded by the rows kept.
    chosen = heapq.nsmallest(
        TOUCHPOINT_ROWS,
        data.scenario.touch_points,
        key=lambda tp: (units[int(tp.business_unit)].name, units[int(tp.it_team)].name, tp.level),
    )
    return [touchpoint_row(tp, units) for tp in chosen]


def summary_rows(report: GapReport, assessment: Assessment, listed: int) -> list[list[Cell]]:
    """Item, value and what it means: the score, the band, each dimension with its why."""
    touchpoints = assessment.current_touchpoint_count + assessment.desired_touchpoint_count
    rows: list[list[Cell]] = [
        ["workspace", report.workspace.name, ""],
        ["scope", assessment.scope_label, ""],
        ["score", rounded(assessment.score), "0 to 100"],
        ["band", assessment.band, band_label(assessment.band)],
        ["capped by", dimension_label(assessment.capped_by), assessment.cap_reason()],
        ["how the score is made", assessment.explanation(), ""],
        ["mean of business-unit scores", rounded(assessment.mean_business_unit_score), ""],
        ["E-I index", rounded(assessment.ei_index, 2), "-1 all ties within a site, +1 across"],
        ["business units", assessment.business_unit_count, ""],
        ["IT teams", assessment.it_team_count, ""],
        ["touch points", touchpoints, f"{listed} listed on the Touch points sheet"],
        ["tables version", assessment.tables_version, ""],
    ]
    for letter in tables.DIMENSIONS:
        value = rounded(assessment.dimensions.get(letter))
        rows.append([dimension_label(letter), value, dimension_why(assessment, letter)])
    for rule, count in sorted(report.gap_counts_by_rule.items()):
        rows.append([f"{rule_label(rule)} gaps", count, ""])
    return rows


SUMMARY_HEADER: Sequence[str] = ["item", "value", "what it means"]
GLOSSARY_HEADER: Sequence[str] = ["code", "name", "kind", "what it means"]


def glossary_rows() -> list[list[Cell]]:
    """Every code the files use, with its name and explanation (assessments.glossary)."""
    return [[term.code, term.name, term.kind, term.explanation] for term in glossary.TERMS]
