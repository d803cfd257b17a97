"""The dashboards' read model: rows rolled up from the touch points and the org chart.

Database triggers (migration 0007, PostgreSQL) append a DashboardChange for every statement that
writes touch points, units, channels or locations, whoever runs it (a view, an import, a bulk
SQL update). A rebuild (assessments.dashboard.readmodel.build) recomputes every rolled-up row of
a workspace from one snapshot and deletes exactly the changes that snapshot saw; any change left
means the rows are behind, and the panels say so (assessments.dashboard.readmodel.freshness).
The rolled-up rows hold plain integers (no foreign keys to units: a row names an ancestor by
id, as the materialised path does).
"""

from __future__ import annotations

from django.db import models

from convergence.models import Workspace


class DashboardChange(models.Model):
    """One statement that changed a workspace's map since its read model was last built.

    Written by triggers only; no foreign key, as a workspace being deleted writes some too."""

    id = models.BigAutoField(primary_key=True)
    workspace_id = models.BigIntegerField()
    changed_at = models.DateTimeField()

    class Meta:
        indexes = [
            # Every panel asks whether its workspace has changes pending.
            models.Index(fields=["workspace_id", "id"], name="dashboard_change_ws_idx")
        ]

    def __str__(self) -> str:
        return f"change {self.pk} of workspace {self.workspace_id}"


class DashboardState(models.Model):
    """When a workspace's read model was built and what from; its row exists once asked for."""

    workspace = models.OneToOneField(
        Workspace, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    # The snapshot the rolled-up rows were computed from (None: never built).
    as_of = models.DateTimeField(null=True, blank=True)
    built_at = models.DateTimeField(null=True, blank=True)
    build_seconds = models.FloatField(null=True, blank=True)
    # Current touch points when built: a panel of a large workspace reads stale rows (saying
    # so) rather than computing live while the rebuild runs.
    touchpoints = models.PositiveIntegerField(default=0)
    # A rebuild was enqueued at this time (readers enqueue at most one a minute).
    queued_at = models.DateTimeField(null=True, blank=True)
    failed_message = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"dashboard read model of workspace {self.workspace_id}"


class CoverageRollup(models.Model):
    """Business units rolled up to their ancestor at each depth, by location and level.

    level "" stands for every level; ``units`` (the units coverage is a share of) and ``leaves``
    are set on those rows only."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    depth = models.PositiveSmallIntegerField()
    row_id = models.BigIntegerField()
    location_id = models.BigIntegerField(null=True)
    level = models.CharField(max_length=12, blank=True)
    touchpoints = models.PositiveIntegerField(default=0)
    covered = models.PositiveIntegerField(default=0)
    eff_sum = models.PositiveIntegerField(default=0)
    rated = models.PositiveIntegerField(default=0)
    transactional_only = models.PositiveIntegerField(default=0)
    connected_parents = models.PositiveIntegerField(default=0)
    units = models.PositiveIntegerField(default=0)
    leaves = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            # The heatmaps and the activity read one depth's rows of a workspace.
            models.Index(fields=["workspace", "depth", "row_id"], name="coverage_rollup_row_idx")
        ]

    def __str__(self) -> str:
        return f"unit {self.row_id} at depth {self.depth}"


class ChannelRollup(models.Model):
    """Current touch points by channel category, under each unit of the two top depths."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    depth = models.PositiveSmallIntegerField()
    row_id = models.BigIntegerField()
    location_id = models.BigIntegerField(null=True)
    level = models.CharField(max_length=12)
    category = models.CharField(max_length=30, blank=True)
    touchpoints = models.PositiveIntegerField()

    class Meta:
        indexes = [
            # The overview's activity reads the roots' or one division's rows.
            models.Index(fields=["workspace", "depth", "row_id"], name="channel_rollup_row_idx")
        ]

    def __str__(self) -> str:
        return f"{self.category} under unit {self.row_id}"


LEVEL_PREFIXES = ("strategic", "tactical", "operational")


class PairRollup(models.Model):
    """Business units at a depth × IT teams at a depth, by location: the team heatmap's cells
    and the network's ties, with every level's figures side by side."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    depth = models.PositiveSmallIntegerField()
    row_id = models.BigIntegerField()
    team_depth = models.PositiveSmallIntegerField()
    column_id = models.BigIntegerField()
    location_id = models.BigIntegerField(null=True)
    touchpoints = models.PositiveIntegerField()
    covered = models.PositiveIntegerField()
    eff_sum = models.PositiveIntegerField()
    rated = models.PositiveIntegerField()
    strategic_touchpoints = models.PositiveIntegerField()
    strategic_covered = models.PositiveIntegerField()
    strategic_eff_sum = models.PositiveIntegerField()
    strategic_rated = models.PositiveIntegerField()
    tactical_touchpoints = models.PositiveIntegerField()
    tactical_covered = models.PositiveIntegerField()
    tactical_eff_sum = models.PositiveIntegerField()
    tactical_rated = models.PositiveIntegerField()
    operational_touchpoints = models.PositiveIntegerField()
    operational_covered = models.PositiveIntegerField()
    operational_eff_sum = models.PositiveIntegerField()
    operational_rated = models.PositiveIntegerField()

    class Meta:
        indexes = [
            # The team heatmap reads some rows of one depth pair; the network all of them.
            models.Index(
                fields=["workspace", "depth", "team_depth", "row_id"], name="pair_rollup_row_idx"
            )
        ]

    def __str__(self) -> str:
        return f"unit {self.row_id} × team {self.column_id}"


class NetworkRollup(models.Model):
    """The unfiltered network at one depth pair, drawn (ties, articulation points) as JSON."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    depth = models.PositiveSmallIntegerField()
    team_depth = models.PositiveSmallIntegerField()
    body = models.TextField()

    class Meta:
        constraints = [
            # The network view reads one drawing per depth pair.
            models.UniqueConstraint(
                fields=["workspace", "depth", "team_depth"], name="network_rollup_unique_depths"
            )
        ]

    def __str__(self) -> str:
        return f"network at {self.depth} × {self.team_depth}"


class GapMoveRollup(models.Model):
    """The newest report's gap move since the report before it, unfiltered (the overview's
    costliest part: two anti-joins over both reports' gaps), worked out once per map state.

    Its inputs are the two reports' gaps and unit scores, which never change once stored, and
    the map (paths, touch points added since), whose every change writes a DashboardChange. So
    the move holds while the read model's stamp (as_of and the newest change pending) is the
    one it was worked out under; under any other stamp the overview works it out live.
    """

    workspace = models.OneToOneField(
        Workspace, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    before_report = models.ForeignKey(
        "assessments.GapReport", on_delete=models.CASCADE, related_name="+"
    )
    after_report = models.ForeignKey(
        "assessments.GapReport", on_delete=models.CASCADE, related_name="+"
    )
    # The read model's stamp it was worked out under: DashboardState.as_of and the newest
    # DashboardChange then pending (None: none).
    as_of = models.DateTimeField()
    pending_change = models.BigIntegerField(null=True)
    # assessments.gap_deltas.GapDeltas.as_json()
    deltas = models.JSONField()
    # assessments.gap_deltas.MovedGaps.as_json(): the moved gaps with their business units and
    # reasons, from which a filtered overview takes the move as far as its units go (None:
    # kept before moves were kept; such a move is worked out live under a filter).
    moved = models.JSONField(null=True)

    def __str__(self) -> str:
        return f"gap move {self.before_report_id} → {self.after_report_id}"
