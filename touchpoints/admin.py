from django.contrib import admin

from convergence.admin_scoping import ReadOnlyAdmin, WorkspaceScopedAdmin
from touchpoints.models import (
    BoardChange,
    Channel,
    ChannelKeyword,
    EffectivenessRating,
    ImportJob,
    LevelRule,
    Location,
    Meeting,
    MeetingAttendee,
    MeetingImport,
    MeetingImportFile,
    OrgUnit,
    Participant,
    PeopleUpload,
    Person,
    Proposal,
    Suggestion,
    TouchPoint,
    TouchPointChange,
    Workshop,
)


@admin.register(Location)
class LocationAdmin(WorkspaceScopedAdmin, admin.ModelAdmin[Location]):
    list_display = ["name", "workspace"]
    list_filter = ["workspace"]
    search_fields = ["name"]


@admin.register(OrgUnit)
class OrgUnitAdmin(WorkspaceScopedAdmin, admin.ModelAdmin[OrgUnit]):
    list_display = ["name", "code", "side", "side_mark", "kind", "depth", "is_active", "workspace"]
    list_filter = ["workspace", "side", "is_active", "criticality"]
    search_fields = ["name", "code"]
    raw_id_fields = ["parent"]
    readonly_fields = ["side", "path", "depth"]
    list_select_related = ["workspace"]


@admin.register(Channel)
class ChannelAdmin(WorkspaceScopedAdmin, admin.ModelAdmin[Channel]):
    list_display = ["name", "category", "workspace"]
    list_filter = ["workspace", "category"]


@admin.register(TouchPoint)
class TouchPointAdmin(WorkspaceScopedAdmin, admin.ModelAdmin[TouchPoint]):
    list_display = [
        "business_unit",
        "it_team",
        "level",
        "channel",
        "frequency",
        "effectiveness",
        "state",
    ]
    list_filter = ["workspace", "state", "level", "frequency"]
    raw_id_fields = ["business_unit", "it_team", "channel", "workshop", "created_by", "updated_by"]
    list_select_related = ["business_unit", "it_team", "channel"]
    search_fields = ["business_unit__name", "it_team__name", "description"]


@admin.register(Person)
class PersonAdmin(WorkspaceScopedAdmin, admin.ModelAdmin[Person]):
    list_display = ["name", "email", "unit", "title", "source", "erased_at"]
    list_filter = ["source", "workspace"]
    search_fields = ["name", "email"]
    raw_id_fields = ["unit"]


@admin.register(TouchPointChange)
class TouchPointChangeAdmin(WorkspaceScopedAdmin, admin.ModelAdmin[TouchPointChange]):
    list_display = ["touch_point_label", "action", "changed_by", "changed_at"]
    list_filter = ["workspace", "action"]
    readonly_fields = ["touch_point", "touch_point_label", "action", "changes", "changed_by"]


@admin.register(EffectivenessRating)
class EffectivenessRatingAdmin(WorkspaceScopedAdmin, admin.ModelAdmin[EffectivenessRating]):
    workspace_lookup = "touch_point__workspace"
    list_display = ["touch_point", "score", "side", "created_at"]
    raw_id_fields = ["touch_point", "rated_by", "participant"]


@admin.register(Workshop)
class WorkshopAdmin(WorkspaceScopedAdmin, admin.ModelAdmin[Workshop]):
    list_display = ["title", "date", "status", "workspace"]
    list_filter = ["workspace", "status"]
    filter_horizontal = ["business_units", "it_teams"]


@admin.register(Participant)
class ParticipantAdmin(WorkspaceScopedAdmin, admin.ModelAdmin[Participant]):
    workspace_lookup = "workshop__workspace"
    list_display = ["name", "side", "workshop"]


@admin.register(ImportJob)
class ImportJobAdmin(WorkspaceScopedAdmin, admin.ModelAdmin[ImportJob]):
    """Read-only: jobs are created and applied through the import screens, never by hand."""

    list_display = ["filename", "status", "progress", "created_by", "created_at", "workspace"]
    list_filter = ["workspace", "status"]
    exclude = ["data"]
    readonly_fields = [
        "workspace",
        "filename",
        "mapping",
        "status",
        "progress",
        "step",
        "counts",
        "problems",
        "error",
        "created_by",
        "started_at",
        "finished_at",
    ]

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(Proposal)
class ProposalAdmin(WorkspaceScopedAdmin, admin.ModelAdmin[Proposal]):
    workspace_lookup = "workshop__workspace"
    list_display = ["workshop", "participant", "status", "level", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["workshop", "participant", "business_unit", "it_team", "touch_point"]


@admin.register(LevelRule)
class LevelRuleAdmin(WorkspaceScopedAdmin, admin.ModelAdmin[LevelRule]):
    list_display = ["workspace", "position", "level", "title_keywords", "grades", "max_depth"]
    list_filter = ["workspace"]


@admin.register(ChannelKeyword)
class ChannelKeywordAdmin(WorkspaceScopedAdmin, admin.ModelAdmin[ChannelKeyword]):
    list_display = ["workspace", "position", "keyword", "channel"]
    list_filter = ["workspace"]


@admin.register(MeetingImport)
class MeetingImportAdmin(ReadOnlyAdmin, admin.ModelAdmin[MeetingImport]):
    list_display = ["pk", "workspace", "status", "progress", "since", "until"]
    list_filter = ["status", "workspace"]


@admin.register(MeetingImportFile)
class MeetingImportFileAdmin(ReadOnlyAdmin, admin.ModelAdmin[MeetingImportFile]):
    workspace_lookup = "job__workspace"
    list_display = ["name", "job"]
    exclude = ["data"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin, admin.ModelAdmin[Meeting]):
    list_display = ["start", "workspace", "title", "duration"]
    list_filter = ["workspace"]
    raw_id_fields = ["job"]


@admin.register(MeetingAttendee)
class MeetingAttendeeAdmin(ReadOnlyAdmin, admin.ModelAdmin[MeetingAttendee]):
    workspace_lookup = "meeting__workspace"
    list_display = ["meeting", "person"]
    raw_id_fields = ["meeting", "person"]


@admin.register(Suggestion)
class SuggestionAdmin(WorkspaceScopedAdmin, admin.ModelAdmin[Suggestion]):
    list_display = ["workspace", "business_unit", "it_team", "level", "frequency", "meeting_count"]
    list_filter = ["workspace", "level"]
    raw_id_fields = ["business_unit", "it_team"]


@admin.register(PeopleUpload)
class PeopleUploadAdmin(ReadOnlyAdmin, admin.ModelAdmin[PeopleUpload]):
    """Written by the people upload and its job; the file (personal data) is left out."""

    list_display = ["filename", "workspace", "status", "progress", "created_at"]
    list_filter = ["status", "workspace"]
    exclude = ["data"]


@admin.register(BoardChange)
class BoardChangeAdmin(ReadOnlyAdmin, admin.ModelAdmin[BoardChange]):
    """What each revision of a live board changed, written by the board itself."""

    workspace_lookup = "workshop__workspace"
    list_display = ["workshop", "revision", "recount", "whole"]
