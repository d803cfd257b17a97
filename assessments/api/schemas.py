"""The judgement's API schemas (read only, but for a report's request)."""

from typing import Any

from ninja import ModelSchema, Schema

from assessments.models import (
    Action,
    Assessment,
    Gap,
    GapReport,
    Granularity,
    SurveyRound,
    UnitScore,
)
from convergence.api.forms import Body
from touchpoints.api.schemas import choice


class AssessmentOut(ModelSchema):
    class Meta:
        model = Assessment
        fields = [
            "id",
            "created_at",
            "granularity",
            "business_depth",
            "it_depth",
            "unit_ids",
            "tables_version",
            "weights",
            "score",
            "band",
            "uncapped_band",
            "capped_by",
            "dimensions",
            "ei_index",
            "mean_business_unit_score",
            "business_unit_count",
            "it_team_count",
            "current_touchpoint_count",
            "desired_touchpoint_count",
            "rated_touchpoint_count",
            "excluded_touchpoint_count",
        ]

    unit_ids: list[int]
    weights: dict[str, float]
    dimensions: dict[str, float | None]


class UnitScoreOut(ModelSchema):
    class Meta:
        model = UnitScore
        fields = ["id", "unit", "side", "code", "name", "depth", "score", "band", "capped_by"]

    dimensions: dict[str, float | None]


class ReportOut(ModelSchema):
    class Meta:
        model = GapReport
        fields = [
            "id",
            "assessment",
            "kind",
            "status",
            "progress",
            "message",
            "granularity",
            "business_depth",
            "it_depth",
            "unit_ids",
            "created_at",
            "started_at",
            "finished_at",
            "gap_counts_by_rule",
            "gap_counts_by_severity",
        ]

    unit_ids: list[int]
    gap_counts_by_rule: dict[str, int]
    gap_counts_by_severity: dict[str, int]


class ReportRequestIn(Body):
    """The reports page's request form: every unit, a depth of the tree, or chosen units."""

    granularity: str = choice(Granularity)
    business_depth: int | None = None
    it_depth: int | None = None
    unit_codes: str = ""  # comma-separated codes, for "units"


class GapOut(ModelSchema):
    class Meta:
        model = Gap
        fields = [
            "id",
            "rule",
            "severity",
            "subject_kind",
            "subject_label",
            "business_unit",
            "it_team",
            "touch_point",
            "location",
            "level",
            "recommendation",
            "position",
        ]

    evidence: dict[str, Any]


class ActionOut(ModelSchema):
    class Meta:
        model = Action
        fields = [
            "id",
            "title",
            "description",
            "owner",
            "due",
            "status",
            "target",
            "unit",
            "gap_rule",
            "gap_subject",
            "version",
            "created_at",
            "updated_at",
        ]

    # What people set (`status`) with what the touch points say: done once all are current.
    status_now: str
    touch_points: list[int]
    touchpoint_total: int
    touchpoint_current: int

    @staticmethod
    def resolve_touch_points(action: Action) -> list[int]:
        return [touch_point.pk for touch_point in action.touch_points.all()]


class RoundOut(ModelSchema):
    class Meta:
        model = SurveyRound
        fields = [
            "id",
            "title",
            "granularity",
            "status",
            "closes_at",
            "created_at",
            "closed_at",
            "assessment",
        ]

    respondents: int


class Perception(Schema):
    score: float
    band: str


class CriterionOut(Schema):
    all: float | None
    business: float | None
    it: float | None
    evidence: float | None
    difference: float | None


class RoundResultsOut(Schema):
    """Aggregates only: a group under the survey's minimum size has no figure (null)."""

    round: int
    respondents: dict[str, int]
    perception: Perception | None
    perception_business: Perception | None
    perception_it: Perception | None
    criteria: dict[str, CriterionOut]
