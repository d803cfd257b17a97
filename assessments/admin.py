from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from assessments.models import (
    Assessment,
    GapReport,
    RecommendationText,
    ReportSchedule,
)
from convergence.admin_scoping import WorkspaceScopedAdmin


class ReadOnlyAdmin(WorkspaceScopedAdmin):
    """Snapshots and job results are looked at, never edited, in the admin."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


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


@admin.register(RecommendationText)
class RecommendationTextAdmin(WorkspaceScopedAdmin, admin.ModelAdmin[RecommendationText]):
    list_display = ["rule", "workspace", "updated_at"]
    list_filter = ["workspace", "rule"]


@admin.register(ReportSchedule)
class ReportScheduleAdmin(WorkspaceScopedAdmin, admin.ModelAdmin[ReportSchedule]):
    list_display = ["kind", "workspace", "enabled", "last_run_at"]
    list_filter = ["workspace", "kind", "enabled"]
