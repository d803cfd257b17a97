from touchpoints.models.board_changes import BoardChange
from touchpoints.models.channels import Channel, ChannelCategory
from touchpoints.models.imports import ImportJob, ImportMode, ImportStatus
from touchpoints.models.meeting_rules import ChannelKeyword, LevelRule
from touchpoints.models.meetings import (
    Meeting,
    MeetingAttendee,
    MeetingImport,
    MeetingImportFile,
    MeetingImportStatus,
    Suggestion,
    SuggestionStatus,
    TitlePolicy,
)
from touchpoints.models.people import (
    PeopleUpload,
    PeopleUploadStatus,
    Person,
    PersonSource,
)
from touchpoints.models.touchpoints import (
    EffectivenessRating,
    Frequency,
    InitiatedBy,
    Level,
    State,
    TouchPoint,
    TouchPointChange,
)
from touchpoints.models.units import Criticality, Location, OrgUnit, Side
from touchpoints.models.workshops import (
    Participant,
    Proposal,
    ProposalStatus,
    Workshop,
    WorkshopPhase,
    WorkshopStatus,
)

__all__ = [
    "BoardChange",
    "Channel",
    "ChannelCategory",
    "ChannelKeyword",
    "Criticality",
    "EffectivenessRating",
    "Frequency",
    "ImportJob",
    "ImportMode",
    "ImportStatus",
    "InitiatedBy",
    "Level",
    "LevelRule",
    "Location",
    "Meeting",
    "MeetingAttendee",
    "MeetingImport",
    "MeetingImportFile",
    "MeetingImportStatus",
    "OrgUnit",
    "Participant",
    "PeopleUpload",
    "PeopleUploadStatus",
    "Person",
    "PersonSource",
    "Proposal",
    "ProposalStatus",
    "Side",
    "State",
    "Suggestion",
    "SuggestionStatus",
    "TitlePolicy",
    "TouchPoint",
    "TouchPointChange",
    "Workshop",
    "WorkshopPhase",
    "WorkshopStatus",
]
