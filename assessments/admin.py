from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from assessments.models import (
    Action,
    ActionChange,
    Assessment,
    ChannelRollup,
    CoverageRollup,
    DashboardChange,
    DashboardState,
    Gap,
    GapMoveRollup,
    GapReport,
    NetworkRollup,
    PairRollup,
    RecommendationText,
    ReportFile,
    ReportSchedule,
    ScoreMovements,
    SurveyInstrument,
    SurveyResponse,
    SurveyRound,
    Target,
    UnitScore,
)
from convergence.admin_scoping import LockedAdmin, ReadOnlyAdmin, WorkspaceScopedAdmin
from convergence.models import Membership, Role


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin, admin.ModelAdmin[Assessment]):
    list_display = ["created_at", "workspace", "granularity", "score", "band", "capped_by"]
    list_filter = ["workspace", "band", "granularity"]
    list_select_related = ["workspace"]


@admin.register(GapReport)
class GapReportAdmin(ReadOnlyAdmin, admin.ModelAdmin[GapReport]):
    list_display = ["created_at", "workspace", "kind", "status", "progress", "finished_at"]
    list_filter = ["workspace", "kind", "status"]
    list_select_related = ["workspace"]


@admin.register(UnitScore)
class UnitScoreAdmin(ReadOnlyAdmin, admin.ModelAdmin[UnitScore]):
    workspace_lookup = "assessment__workspace"
    list_display = ["name", "code", "side", "score", "band", "assessment"]
    list_filter = ["side", "band"]
    list_select_related = ["assessment__workspace"]
    raw_id_fields = ["assessment", "unit"]


@admin.register(Gap)
class GapAdmin(ReadOnlyAdmin, admin.ModelAdmin[Gap]):
    workspace_lookup = "report__workspace"
    list_display = ["rule", "severity", "subject_label", "report"]
    list_filter = ["rule", "severity"]
    list_select_related = ["report__workspace"]
    raw_id_fields = ["report", "business_unit", "it_team", "touch_point"]


@admin.register(ReportFile)
class ReportFileAdmin(ReadOnlyAdmin, admin.ModelAdmin[ReportFile]):
    workspace_lookup = "report__workspace"
    list_display = ["report", "format", "size"]
    list_select_related = ["report__workspace"]
    exclude = ["content"]


@admin.register(RecommendationText)
class RecommendationTextAdmin(WorkspaceScopedAdmin, admin.ModelAdmin[RecommendationText]):
    list_display = ["rule", "workspace", "updated_at"]
    list_filter = ["workspace", "rule"]


@admin.register(ReportSchedule)
class ReportScheduleAdmin(WorkspaceScopedAdmin, admin.ModelAdmin[ReportSchedule]):
    list_display = ["kind", "workspace", "enabled", "last_run_at"]
    list_filter = ["workspace", "kind", "enabled"]


@admin.register(Target)
class TargetAdmin(WorkspaceScopedAdmin, admin.ModelAdmin[Target]):
    list_display = ["__str__", "workspace", "unit", "band", "score", "due"]
    list_filter = ["workspace", "band"]
    list_select_related = ["workspace", "unit"]
    raw_id_fields = ["unit"]


@admin.register(Action)
class ActionAdmin(WorkspaceScopedAdmin, admin.ModelAdmin[Action]):
    list_display = ["title", "workspace", "owner", "due", "status", "gap_rule"]
    list_filter = ["workspace", "status"]
    list_select_related = ["workspace", "owner"]
    raw_id_fields = ["unit", "gap_business_unit", "gap_it_team", "touch_points", "target"]
    readonly_fields = ["version"]


@admin.register(ActionChange)
class ActionChangeAdmin(ReadOnlyAdmin, admin.ModelAdmin[ActionChange]):
    list_display = ["changed_at", "kind", "action_label", "workspace", "changed_by"]
    list_filter = ["workspace", "kind"]
    list_select_related = ["workspace", "changed_by"]


@admin.register(SurveyInstrument)
class SurveyInstrumentAdmin(ReadOnlyAdmin, admin.ModelAdmin[SurveyInstrument]):
    list_display = ["__str__", "workspace", "version", "created_at"]
    list_filter = ["workspace", "is_default"]
    list_select_related = ["workspace"]


@admin.register(SurveyResponse)
class SurveyResponseAdmin(ReadOnlyAdmin, admin.ModelAdmin[SurveyResponse]):
    """Only round and side: a single response's unit, role level and answers could name a person
    in a small unit, so the admin never shows them (SURVEY.md)."""

    workspace_lookup = "round__workspace"
    list_display = ["pk", "round", "side"]
    list_filter = ["side"]
    list_select_related = ["round__workspace"]
    fields = ["round", "side"]


@admin.register(SurveyRound)
class SurveyRoundAdmin(WorkspaceScopedAdmin, admin.ModelAdmin[SurveyRound]):
    list_display = ["title", "workspace", "status", "created_at", "closes_at", "closed_at"]
    list_filter = ["workspace", "status"]
    list_select_related = ["workspace"]
    fields = ["workspace", "title", "closes_at", "share_results", "status", "instrument"]
    readonly_fields = ["workspace", "status", "instrument"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a round is opened from its screen, on a scope and an instrument


@admin.register(DashboardState)
class DashboardStateAdmin(LockedAdmin, admin.ModelAdmin[DashboardState]):
    list_display = ["workspace", "as_of", "built_at", "build_seconds", "touchpoints"]


@admin.register(CoverageRollup)
class CoverageRollupAdmin(LockedAdmin, admin.ModelAdmin[CoverageRollup]):
    list_display = ["workspace", "depth", "row_id", "level", "touchpoints", "covered"]
    list_filter = ["workspace"]


@admin.register(ChannelRollup)
class ChannelRollupAdmin(LockedAdmin, admin.ModelAdmin[ChannelRollup]):
    list_display = ["workspace", "depth", "row_id", "level", "category", "touchpoints"]
    list_filter = ["workspace"]


@admin.register(PairRollup)
class PairRollupAdmin(LockedAdmin, admin.ModelAdmin[PairRollup]):
    list_display = ["workspace", "depth", "row_id", "team_depth", "column_id", "touchpoints"]
    list_filter = ["workspace"]


@admin.register(NetworkRollup)
class NetworkRollupAdmin(LockedAdmin, admin.ModelAdmin[NetworkRollup]):
    list_display = ["workspace", "depth", "team_depth"]
    exclude = ["body"]


@admin.register(ScoreMovements)
class ScoreMovementsAdmin(LockedAdmin, admin.ModelAdmin[ScoreMovements]):
    list_display = ["workspace", "before", "after", "units_compared", "bands_up", "bands_down"]
    list_select_related = ["workspace", "before", "after"]
    exclude = ["movements"]


@admin.register(GapMoveRollup)
class GapMoveRollupAdmin(LockedAdmin, admin.ModelAdmin[GapMoveRollup]):
    list_display = ["workspace", "before_report", "after_report", "as_of", "pending_change"]
    list_select_related = ["workspace", "before_report", "after_report"]
    exclude = ["deltas", "moved"]


@admin.register(DashboardChange)
class DashboardChangeAdmin(admin.ModelAdmin[DashboardChange]):
    """Read only, written by triggers; scoped by its plain workspace id (it has no foreign key,
    as a workspace being deleted writes some too)."""

    list_display = ["workspace_id", "changed_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[DashboardChange]:
        changes = super().get_queryset(request)
        if request.user.is_superuser:
            return changes
        administered = Membership.objects.filter(
            **{"user": request.user, "role": Role.ADMIN}  # the admin site signs staff in only
        )
        return changes.filter(workspace_id__in=administered.values("workspace_id"))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
