"""Models of the assessments app (stable names: dashboards build on them).

Assessment (assessments.py): an immutable, dated snapshot of a workspace on the slope. Fields:
    workspace, created_at, created_by, granularity (Granularity: full | depth | units),
    business_depth / it_depth (None = every unit), unit_ids (chosen OrgUnit ids), tables_version,
    weights {"B": 0.25, ...}, score (0..100 float), band, uncapped_band, capped_by (letter or ""),
    dimensions {"B": 0..100 or None, ...}, ei_index, mean_business_unit_score,
    business_unit_count, it_team_count, current_touchpoint_count, desired_touchpoint_count,
    rated_touchpoint_count, excluded_touchpoint_count. Methods: explanation(), cap_reason(),
    weighted_terms(), scope_label. save() refuses updates (ImmutableError).
UnitScore (assessments.py): assessment (related_name "units"), unit (OrgUnit, SET_NULL), side,
    code, name, depth, path (snapshots, for roll-ups by path prefix), score, band, capped_by,
    dimensions (as Assessment.dimensions).
ScoreMovements (assessments.py): compare's unit movements between two assessments (before,
    after, cap), kept the first time they are worked out; both assessments never change.
GapReport (reports.py): workspace, assessment (set when built), kind (ReportKind: on_demand |
    weekly | monthly), status (ReportStatus: queued | running | done | failed), progress 0-100,
    message, granularity / business_depth / it_depth / unit_ids (the requested scope),
    requested_by, created_at, started_at, finished_at, gap_counts_by_rule (true counts),
    gap_counts_by_severity (of stored gaps), stored_gap_limit.
Gap (reports.py): report (related_name "gaps"), rule ("GAP-01"...), severity (Severity),
    subject_kind, subject_label, business_unit / it_team (OrgUnit, nullable), touch_point
    (nullable, SET_NULL), location, level, evidence (JSON, floats), recommendation, position.
ReportFile (reports.py): report, format (csv | xlsx | html), content (bytes), size.
SurveyInstrument (surveys.py): workspace, version (unique per workspace), based_on, is_default,
    statements [{"id", "criterion", "text"}]; immutable. Methods: items(), by_criterion().
SurveyRound (surveys.py): workspace, title, instrument (PROTECT), scope as GapReport's, link_token
    (the anonymous link), status (RoundStatus: open | closed), closes_at, share_results,
    opened_by, created_at, closed_at, assessment (made at closing), evidence {"GOV": "11/20"}.
SurveyResponse (surveys.py): round (related_name "responses"), token_digest, side, unit, role_level
    (RoleLevel), answers {"GOV-1": 4 | null}. Nothing naming the respondent.
RecommendationText (reports.py): workspace × rule (unique), text.
ReportSchedule (reports.py): workspace × kind (weekly | monthly, unique), enabled, last_run_at.
Target (plans.py): workspace, unit (OrgUnit or None = the workspace), band and/or score, due, note.
    goal_score, is_reached(score, band), distance(score).
Action (plans.py): workspace, title, description, owner, due, status (ActionStatus: planned |
    in_progress | done | dropped, as set), target, unit, touch_points (M2M: the desired touch
    points it creates), gap_rule / gap_subject / gap_business_unit / gap_it_team / gap_level /
    gap_location (the gap it addresses), version (optimistic locking), reminded_on.
    status_now derives done from its touch points (all current); objects.with_progress(), open().
DashboardChange, DashboardState, CoverageRollup, ChannelRollup, PairRollup, NetworkRollup
    (dashboards.py): the dashboards' read model, its change log and its stamp.
ActionChange (plans.py): an action's history: kind (created | updated | deleted), changes.
"""

from assessments.models.assessments import (
    Assessment,
    Band,
    Granularity,
    ImmutableError,
    ScoreMovements,
    UnitScore,
)
from assessments.models.dashboards import (
    ChannelRollup,
    CoverageRollup,
    DashboardChange,
    DashboardState,
    GapMoveRollup,
    NetworkRollup,
    PairRollup,
)
from assessments.models.plans import Action, ActionChange, ActionStatus, Target
from assessments.models.reports import (
    Gap,
    GapReport,
    RecommendationText,
    ReportFile,
    ReportKind,
    ReportSchedule,
    ReportStatus,
    Severity,
)
from assessments.models.surveys import (
    RoleLevel,
    RoundStatus,
    SurveyInstrument,
    SurveyResponse,
    SurveyRound,
)

__all__ = [
    "Action",
    "ActionChange",
    "ActionStatus",
    "Assessment",
    "Band",
    "ChannelRollup",
    "CoverageRollup",
    "DashboardChange",
    "DashboardState",
    "Gap",
    "GapMoveRollup",
    "GapReport",
    "Granularity",
    "ImmutableError",
    "NetworkRollup",
    "PairRollup",
    "RecommendationText",
    "ReportFile",
    "ReportKind",
    "ReportSchedule",
    "ReportStatus",
    "RoleLevel",
    "RoundStatus",
    "ScoreMovements",
    "Severity",
    "SurveyInstrument",
    "SurveyResponse",
    "SurveyRound",
    "Target",
    "UnitScore",
]
