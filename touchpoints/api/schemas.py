"""The map's API schemas. Inputs carry the same names as the web forms' fields; choice fields
are plain strings documented with their choices, checked by the form so that the API answers
the form's own messages."""

import datetime
from typing import Any

from django.db.models import TextChoices
from ninja import Field, ModelSchema, Schema

from convergence.api.forms import Body
from touchpoints.history import TRACKED_FIELDS
from touchpoints.models import (
    Channel,
    ChannelCategory,
    Criticality,
    Frequency,
    InitiatedBy,
    Level,
    OrgUnit,
    Side,
    State,
    TouchPoint,
    Workshop,
    WorkshopStatus,
)


def choice(choices: type[TextChoices], default: Any = ..., blank: bool = False) -> Any:
    """A string field listing its choices in the schema; the form checks the value."""
    values: list[str] = [*choices.values, *([""] if blank else [])]
    extra: dict[str, Any] = {"enum": values}
    return Field(default, json_schema_extra=extra)


class UnitOut(ModelSchema):
    class Meta:
        model = OrgUnit
        fields = [
            "id",
            "code",
            "name",
            "parent",
            "kind",
            "location",
            "side_mark",
            "side",
            "criticality",
            "note",
            "is_active",
            "retired_at",
            "depth",
            "version",
            "created_at",
            "updated_at",
        ]


class UnitIn(Body):
    code: str
    name: str
    parent: int | None = None
    kind: str = ""
    location: int | None = None
    side_mark: str = choice(Side, "", blank=True)  # "": inherit from the unit above
    criticality: str = choice(Criticality, Criticality.NORMAL)
    note: str = ""


class UnitPatch(Body):
    """Only the fields to change, and the version they were read at."""

    version: int = Field(..., ge=1)
    code: str | None = None
    name: str | None = None
    parent: int | None = None
    kind: str | None = None
    location: int | None = None
    side_mark: str | None = choice(Side, None, blank=True)
    criticality: str | None = choice(Criticality, None)
    note: str | None = None


class TouchPointOut(ModelSchema):
    class Meta:
        model = TouchPoint
        fields = ["id", *TRACKED_FIELDS, "workshop", "flag", "version", "created_at", "updated_at"]


class TouchPointIn(Body):
    business_unit: int
    it_team: int
    level: str = choice(Level)
    channel: int | None = None
    frequency: str = choice(Frequency, "", blank=True)
    effectiveness: int | None = None  # 1..5 (the form says so), null: unrated
    initiated_by: str = choice(InitiatedBy, InitiatedBy.BOTH)
    state: str = choice(State, State.CURRENT)
    description: str = ""


class TouchPointPatch(Body):
    """Only the fields to change, and the version they were read at."""

    version: int = Field(..., ge=1)
    business_unit: int | None = None
    it_team: int | None = None
    level: str | None = choice(Level, None)
    channel: int | None = None
    frequency: str | None = choice(Frequency, None, blank=True)
    effectiveness: int | None = None  # 1..5 (the form says so), null: unrated
    initiated_by: str | None = choice(InitiatedBy, None)
    state: str | None = choice(State, None)
    description: str | None = None


class ChannelOut(ModelSchema):
    class Meta:
        model = Channel
        fields = ["id", "name", "category", "description", "version"]


class ChannelIn(Body):
    name: str
    category: str = choice(ChannelCategory)
    description: str = ""


class ChannelPatch(Body):
    version: int = Field(..., ge=1)
    name: str | None = None
    category: str | None = choice(ChannelCategory, None)
    description: str | None = None


class WorkshopOut(Schema):
    id: int
    title: str
    date: datetime.date
    facilitator: int | None = Field(None, alias="facilitator_id")
    status: str = choice(WorkshopStatus)
    phase: str
    anonymous: bool
    locked: bool
    business_units: list[int]
    it_teams: list[int]
    started_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    created_at: datetime.datetime

    @staticmethod
    def resolve_business_units(workshop: Workshop) -> list[int]:
        return [unit.pk for unit in workshop.business_units.all()]

    @staticmethod
    def resolve_it_teams(workshop: Workshop) -> list[int]:
        return [unit.pk for unit in workshop.it_teams.all()]


SIDE_CHOICES = Side
