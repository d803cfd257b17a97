"""Locations and the org chart: one tree (or forest) of units per workspace."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.db.models.functions import MD5

from convergence.models import Workspace


class Side(models.TextChoices):
    BUSINESS = "business", "Business"
    IT = "it", "IT"


class Criticality(models.TextChoices):
    HIGH = "high", "High"
    NORMAL = "normal", "Normal"


class Location(models.Model):
    """A site or region; geographic boundaries are measured between locations."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        constraints = [
            # Imports find locations by name, so a name means one location per workspace.
            models.UniqueConstraint(
                fields=["workspace", "name"], name="location_unique_name_per_workspace"
            )
        ]

    def __str__(self) -> str:
        return self.name


class OrgUnitQuerySet(models.QuerySet["OrgUnit"]):
    def business(self) -> OrgUnitQuerySet:
        return self.filter(side=Side.BUSINESS)

    def it(self) -> OrgUnitQuerySet:
        return self.filter(side=Side.IT)

    def active(self) -> OrgUnitQuerySet:
        return self.filter(is_active=True)

    def descendants_of(self, unit: OrgUnit) -> OrgUnitQuerySet:
        return self.filter(workspace_id=unit.workspace_id, path__startswith=unit.path).exclude(
            pk=unit.pk
        )


class OrgUnit(models.Model):
    """A node of an imported org chart; IT teams are the units on the IT side."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="units")
    # Exactly as the source has it: "1" and "00000001" are different units. Ids that are paths
    # or slugs run to hundreds of characters, hence the width (and the hashed unique index).
    code = models.CharField(max_length=1000)
    name = models.CharField(max_length=300)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.RESTRICT, related_name="children"
    )
    kind = models.CharField(max_length=100, blank=True)
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.SET_NULL, related_name="units"
    )
    # What an admin (or the import) said; blank means "inherit from the nearest marked ancestor".
    side_mark = models.CharField(max_length=10, choices=Side.choices, blank=True)
    # The effective side, derived from the marks by touchpoints.derived_tree.refresh_tree.
    side = models.CharField(max_length=10, choices=Side.choices, default=Side.BUSINESS)
    criticality = models.CharField(
        max_length=10, choices=Criticality.choices, default=Criticality.NORMAL
    )
    # What the file says beside the unit, such as who holds a post ("Held by Ann Smith").
    note = models.CharField(max_length=500, blank=True)
    is_active = models.BooleanField(default=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    # Materialised path of primary keys ("/3/17/42/") and depth (0 for a root), derived from
    # parent by touchpoints.derived_tree.refresh_tree; roll-ups and subtree filters rely on both.
    path = models.CharField(max_length=2000, blank=True, default="")
    depth = models.PositiveSmallIntegerField(default=0)
    # Bumped by the database (migration 0017's trigger) whenever a field people or imports edit
    # changes, whoever writes it; an API edit made against an older version is refused. A
    # database default too: the import inserts its rows in SQL of its own.
    version = models.PositiveIntegerField(default=1, db_default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        constraints = [
            # Re-imports match units by code, so a code names one unit per workspace. A B-tree
            # entry holds at most ~2,700 bytes on PostgreSQL and a 1,000-character code can
            # take 4,000, so the index holds the code's MD5 (as wide whatever the code).
            models.UniqueConstraint(
                "workspace", MD5("code"), name="orgunit_unique_code_per_workspace"
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="orgunit_not_own_parent"
            ),
            models.CheckConstraint(condition=Q(side__in=Side.values), name="orgunit_side_valid"),
            models.CheckConstraint(
                condition=Q(side_mark__in=[*Side.values, ""]), name="orgunit_side_mark_valid"
            ),
            models.CheckConstraint(
                condition=Q(criticality__in=Criticality.values),
                name="orgunit_criticality_valid",
            ),
        ]
        indexes = [
            # Subtree queries (roll-ups, "touch points under Finance") filter by path prefix.
            models.Index(
                fields=["path"], name="orgunit_path_idx", opclasses=["varchar_pattern_ops"]
            ),
            # The touch point form and board list the active units of one side.
            models.Index(fields=["workspace", "side", "is_active"], name="orgunit_side_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_it(self) -> bool:
        return self.side == Side.IT
