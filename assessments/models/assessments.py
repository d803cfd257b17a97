"""Assessments: immutable, dated snapshots of a workspace's position on the slope."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from assessments.slope import tables
from convergence.models import Workspace
from touchpoints.models import OrgUnit, Side


class Granularity(models.TextChoices):
    """How the scope's units were chosen (see assessments.assess.Scope)."""

    FULL = "full", "Every unit (leaves and units with their own touch points)"
    DEPTH = "depth", "A depth of the org tree"
    UNITS = "units", "A chosen set of units"


class Band(models.TextChoices):
    ISLANDS = "Islands"
    ALIGNMENT = "Alignment"
    INTEGRATION = "Integration"
    CONVERGENCE = "Convergence"
    FUSION = "Fusion"


class ImmutableError(Exception):
    """An assessment (or one of its unit scores) is a snapshot and never changes once made."""


class Assessment(models.Model):
    """A dated snapshot of a workspace on the slope: scope, every dimension, weights, inputs."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="assessments")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granularity = models.CharField(max_length=10, choices=Granularity.choices)
    # DEPTH: business units rolled up to this depth of the tree (None: every unit).
    business_depth = models.PositiveSmallIntegerField(null=True, blank=True)
    # IT teams rolled up to this depth (None: every team).
    it_depth = models.PositiveSmallIntegerField(null=True, blank=True)
    # UNITS: the OrgUnit ids chosen, as a sorted list.
    unit_ids = models.JSONField(default=list, blank=True)
    tables_version = models.CharField(max_length=20)
    # {"B": 0.25, ...}: the weights the engine used (tables.WEIGHTS at tables_version).
    weights = models.JSONField(default=dict)
    # The scope, pooled; scores and dimensions on 0..100 at full float precision.
    score = models.FloatField()
    band = models.CharField(max_length=20, choices=Band.choices)
    uncapped_band = models.CharField(max_length=20, choices=Band.choices)
    capped_by = models.CharField(max_length=1, blank=True)
    # {"B": 66.67, ..., "E": None}: None where a dimension does not apply.
    dimensions = models.JSONField(default=dict)
    ei_index = models.FloatField(null=True, blank=True)
    mean_business_unit_score = models.FloatField(null=True, blank=True)
    # The inputs' counts, after roll-up to the scope's units.
    business_unit_count = models.PositiveIntegerField(default=0)
    it_team_count = models.PositiveIntegerField(default=0)
    current_touchpoint_count = models.PositiveIntegerField(default=0)
    desired_touchpoint_count = models.PositiveIntegerField(default=0)
    rated_touchpoint_count = models.PositiveIntegerField(default=0)
    # Touch points left out because an end is retired or outside the chosen set.
    excluded_touchpoint_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=100), name="assessment_score_0_to_100"
            ),
            models.CheckConstraint(
                condition=Q(granularity__in=Granularity.values), name="assessment_granularity"
            ),
        ]
        indexes = [
            # Dashboards and trends list a workspace's assessments newest first.
            models.Index(fields=["workspace", "-created_at"], name="assessment_recent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.workspace} {self.created_at:%Y-%m-%d %H:%M}: {self.score:.1f} {self.band}"

    def save(self, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ImmutableError("An assessment is a snapshot: make a new one instead")
        super().save(**kwargs)

    @property
    def scope_label(self) -> str:
        if self.granularity == Granularity.UNITS:
            return f"{len(self.unit_ids)} chosen units"
        if self.granularity == Granularity.DEPTH:
            business = "every" if self.business_depth is None else f"depth {self.business_depth}"
            teams = "every" if self.it_depth is None else f"depth {self.it_depth}"
            return f"business units at {business}, IT teams at {teams}"
        return "every unit"

    def weighted_terms(self) -> list[tuple[str, str, float, float]]:
        """(letter, name, weight, value on 0..100) of each applicable dimension, in order."""
        return [
            (letter, tables.DIMENSION_NAMES[letter], float(self.weights[letter]), value)
            for letter in tables.DIMENSIONS
            if (value := self.dimensions.get(letter)) is not None
        ]

    def explanation(self) -> str:
        """How the score is made, for a manager: "63.8 = (0.25 × 66.7 (breadth) + ...) ÷ 1.00".

        Derived from the stored dimensions and weights, so it always matches the snapshot.
        """
        terms = self.weighted_terms()
        total_weight = sum(weight for _, _, weight, _ in terms)
        sum_text = " + ".join(f"{w:.2f} × {v:.1f} ({name})" for _, name, w, v in terms)
        text = f"{self.score:.1f} = ({sum_text}) ÷ {total_weight:.2f}"
        missing = [tables.DIMENSION_NAMES[k] for k, v in self.dimensions.items() if v is None]
        if missing:
            text += f"; {', '.join(missing)} did not apply, so the other weights count more"
        return text

    def cap_reason(self) -> str:
        """Why the band is lower than the score alone would give, or an empty string."""
        if not self.capped_by:
            return ""
        name = tables.DIMENSION_NAMES[self.capped_by]
        value = self.dimensions[self.capped_by]
        return (
            f"The score alone gives {self.uncapped_band}, but {name} stands at {value:.1f}: "
            f"a scope stands at most one band above its weakest dimension."
        )


class UnitScore(models.Model):
    """One unit's score in an assessment, with a snapshot of its code, name, depth and path."""

    # No index of their own on either key: the constraint and indexes below lead with each
    # (assessment by the one-per-unit constraint, unit by unitscore_unit_idx), and every index
    # costs a full assessment's COPY of 11,000 rows some 0.02 s.
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="units", db_index=False
    )
    # SET_NULL: the snapshot keeps its code and name even if the unit is ever deleted.
    unit = models.ForeignKey(
        OrgUnit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="scores",
        db_index=False,
    )
    side = models.CharField(max_length=10, choices=Side.choices)
    code = models.CharField(max_length=200)
    name = models.CharField(max_length=300)
    # The unit's place in the tree when assessed, so dashboards can roll scores up by path.
    depth = models.PositiveSmallIntegerField(default=0)
    path = models.CharField(max_length=2000, blank=True)
    score = models.FloatField()
    band = models.CharField(max_length=20, choices=Band.choices)
    capped_by = models.CharField(max_length=1, blank=True)
    dimensions = models.JSONField(default=dict)

    class Meta:
        ordering = ["assessment", "side", "score", "name"]
        constraints = [
            # One score per unit per assessment; trend views join on (assessment, unit).
            models.UniqueConstraint(
                fields=["assessment", "unit"], name="unitscore_one_per_unit_per_assessment"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=100), name="unitscore_score_0_to_100"
            ),
            models.CheckConstraint(condition=Q(side__in=Side.values), name="unitscore_side_valid"),
        ]
        indexes = [
            # The report page lists an assessment's weakest units of one side first.
            models.Index(fields=["assessment", "side", "score"], name="unitscore_weakest_idx"),
            # Trends follow one unit across assessments.
            models.Index(fields=["unit", "assessment"], name="unitscore_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.score:.1f} {self.band}"

    def save(self, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ImmutableError("A unit score belongs to an immutable assessment")
        super().save(**kwargs)


class ScoreMovements(models.Model):
    """Compare's unit movements between two assessments, kept once worked out (a read model).

    Assessments and their unit scores never change once stored (a unit deleted since loses
    only its id there, and its scores then pair by code, as they would have), so the movements
    of the whole workspace between two of them never change either: compare reads them here
    rather than joining both assessments' unit scores again, half its time at 10,000 units.
    Under a division or location filter it still works them out each time."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    # The older assessment first; the unique constraint's index leads with it.
    before = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    after = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="+")
    # How many movements were kept: a different list length is a different answer.
    cap = models.PositiveSmallIntegerField()
    # [[name, side, before, after, band_before, band_after], ...], largest movement first.
    movements = models.JSONField()
    units_compared = models.PositiveIntegerField()
    bands_up = models.PositiveIntegerField()
    bands_down = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["before", "after", "cap"], name="score_movements_one_per_pair"
            )
        ]

    def __str__(self) -> str:
        return f"movements from assessment {self.before_id} to {self.after_id}"
