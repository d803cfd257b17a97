"""Gap reports: background jobs that assess a workspace, store its gaps and build downloads."""

from __future__ import annotations

from collections import Counter

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import MD5
from django.utils import timezone

from assessments.models.assessments import Assessment, Granularity
from assessments.slope import tables
from assessments.survey import instrument
from convergence.models import Workspace
from touchpoints.models import OrgUnit, TouchPoint


class ReportKind(models.TextChoices):
    ON_DEMAND = "on_demand", "On demand"
    WEEKLY = "weekly", "Weekly"
    MONTHLY = "monthly", "Monthly"


class ReportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class Severity(models.TextChoices):
    CRITICAL = "critical", "Critical"
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"
    INFO = "info", "Info"


RULE_CHOICES = [(rule, f"{rule} {name}") for rule, name in tables.RULE_NAMES.items()]
# A gap report also carries the SURV gaps of the workspace's latest closed survey round.
GAP_RULE_NAMES = {**tables.RULE_NAMES, **instrument.RULE_NAMES}
GAP_RULE_CHOICES = [(rule, f"{rule} {name}") for rule, name in GAP_RULE_NAMES.items()]


class GapReport(models.Model):
    """One run of the gap report job: what was asked, how far it got, and what it found."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="gap_reports")
    # Set by the job once the assessment is made; an assessment outlives nothing it explains.
    assessment = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.CASCADE, related_name="gap_reports"
    )
    kind = models.CharField(max_length=10, choices=ReportKind.choices, default=ReportKind.ON_DEMAND)
    status = models.CharField(
        max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.TextField(blank=True)
    # The requested scope, copied to the assessment once made.
    granularity = models.CharField(
        max_length=10, choices=Granularity.choices, default=Granularity.FULL
    )
    business_depth = models.PositiveSmallIntegerField(null=True, blank=True)
    it_depth = models.PositiveSmallIntegerField(null=True, blank=True)
    unit_ids = models.JSONField(default=list, blank=True)
    # The dashboard's filters (location, division and level ids as its query string holds them)
    # when the report was asked for as a board pack: the PDF and deck show that view of it.
    filters = models.JSONField(default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # When it last went into the queue: at creation, and again at each retry (the sweep fails
    # a report no worker picked up within an hour of this, not of created_at).
    queued_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    # Written every few seconds by the worker building it (convergence.jobs.beating): a stale
    # one means that worker is gone (the sweep fails the report; a redelivery starts it over).
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # How many deliveries claimed it (more than one: a worker died and another started over),
    # and which worker process (host:pid) holds it or held it last.
    attempts = models.PositiveSmallIntegerField(default=0)
    worker = models.CharField(max_length=200, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # True counts per rule (they exceed the stored rows when a rule was capped) ...
    gap_counts_by_rule = models.JSONField(default=dict, blank=True)
    # ... and per severity of the stored gaps.
    gap_counts_by_severity = models.JSONField(default=dict, blank=True)
    stored_gap_limit = models.PositiveIntegerField(null=True, blank=True)
    # The stored gaps per rule, one per subject (gaps are matched across reports by rule and
    # subject): counted once when the report is stored, so gap changes need not count them.
    # None for reports stored before it was kept.
    subjects_by_rule = models.JSONField(null=True, blank=True)
    # When a scheduled report's board pack went to its schedule's recipients (claimed once).
    mailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100), name="gapreport_progress_0_to_100"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ReportStatus.values), name="gapreport_status_valid"
            ),
            models.CheckConstraint(condition=Q(kind__in=ReportKind.values), name="gapreport_kind"),
        ]
        indexes = [
            # The reports list and the workspace home's "newest of each kind" read by recency.
            models.Index(fields=["workspace", "kind", "-created_at"], name="gapreport_recent_idx"),
            # sweep_stuck_reports finds running reports that started long ago.
            models.Index(
                fields=["status", "started_at"],
                name="gapreport_running_idx",
                condition=Q(status="running"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} gap report {self.pk} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in {ReportStatus.QUEUED, ReportStatus.RUNNING}

    @property
    def total_gaps(self) -> int:
        return sum(self.gap_counts_by_rule.values())

    @property
    def stored_gaps(self) -> int:
        return sum(self.gap_counts_by_severity.values())

    def file_name(self, extension: str) -> str:
        stamp = timezone.localtime(self.created_at).strftime("%Y-%m-%d")
        return f"gap-report-{self.workspace.slug}-{stamp}-{self.pk}.{extension}"


class Gap(models.Model):
    """One gap a report found: rule, subject, severity, evidence and recommendation."""

    class SubjectKind(models.TextChoices):
        BUSINESS_UNIT = "business_unit", "Business unit"
        IT_TEAM = "it_team", "IT team"
        PAIR = "pair", "Pair"
        TOUCH_POINT = "touch_point", "Touch point"
        LOCATION = "location", "Location"
        SCOPE = "scope", "Whole scope"
        CRITERION = "criterion", "Survey criterion"
        SIDE = "side", "Survey side"

    # No index of its own: every index below leads with the report.
    report = models.ForeignKey(
        GapReport, on_delete=models.CASCADE, related_name="gaps", db_index=False
    )
    rule = models.CharField(max_length=8, choices=GAP_RULE_CHOICES)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    subject_kind = models.CharField(max_length=20, choices=SubjectKind.choices)
    subject_label = models.CharField(max_length=700)
    # The scope units (after roll-up) the gap is about; SET_NULL keeps the gap readable.
    business_unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    it_team = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    touch_point = models.ForeignKey(
        TouchPoint, null=True, blank=True, on_delete=models.SET_NULL, related_name="gaps"
    )
    location = models.CharField(max_length=200, blank=True)
    level = models.CharField(max_length=12, blank=True)
    # The numbers that fired the rule, Fractions as floats.
    evidence = models.JSONField(default=dict, blank=True)
    recommendation = models.TextField()
    # Gap order of SLOPE.md: severity, criticality, subject name.
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["report", "position"]
        constraints = [
            # The report page pages through gaps by position.
            models.UniqueConstraint(fields=["report", "position"], name="gap_unique_position"),
            models.CheckConstraint(condition=Q(severity__in=Severity.values), name="gap_severity"),
        ]
        indexes = [
            # The gaps table filters one report by severity or by rule, in gap order.
            models.Index(fields=["report", "severity", "position"], name="gap_severity_idx"),
            models.Index(fields=["report", "rule", "position"], name="gap_rule_idx"),
            # Gap changes match two reports' gaps by rule and subject. The label's digest, not
            # the label: a 700-character label can pass a B-tree entry's 2,704-byte limit.
            models.Index("report", "rule", MD5("subject_label"), name="gap_subject_idx"),
            # A division or location filter keeps a few hundred units: their gaps in one report
            # are read unit by unit (a few hundred probes) instead of by scanning the report's
            # every gap. It also serves every lookup by report alone.
            models.Index(fields=["report", "business_unit"], name="gap_report_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.rule} {self.severity} {self.subject_label}"

    @property
    def rule_name(self) -> str:
        return GAP_RULE_NAMES.get(self.rule, "")


class ReportFile(models.Model):
    """A download of a finished report (CSV, XLSX, printable HTML and the board pack's PDF and
    deck), kept in the database so that web and worker processes need no shared disk."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel (XLSX)"
        HTML = "html", "Printable HTML"
        PDF = "pdf", "Board pack (PDF)"
        PPTX = "pptx", "Board pack slides (PowerPoint)"

    report = models.ForeignKey(GapReport, on_delete=models.CASCADE, related_name="files")
    format = models.CharField(max_length=4, choices=Format.choices)
    content = models.BinaryField()
    size = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["report", "format"]
        constraints = [
            # The download view fetches one file by (report, format).
            models.UniqueConstraint(fields=["report", "format"], name="reportfile_one_per_format")
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.format}"


class RecommendationText(models.Model):
    """A workspace's own wording of one rule's recommendation (placeholders as in tables)."""

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="recommendation_texts"
    )
    rule = models.CharField(max_length=6, choices=RULE_CHOICES)
    text = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["rule"]
        constraints = [
            # The report job reads {rule: text} for a workspace and expects one text per rule.
            models.UniqueConstraint(
                fields=["workspace", "rule"], name="recommendation_one_per_rule"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rule} for {self.workspace}"


class ReportSchedule(models.Model):
    """Whether a workspace gets a weekly or monthly report, and when it last got one."""

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="report_schedules"
    )
    kind = models.CharField(max_length=10, choices=ReportKind.choices)
    enabled = models.BooleanField(default=False)
    last_run_at = models.DateTimeField(null=True, blank=True)
    # Members who get each scheduled report's board pack (PDF) by e-mail once it is built.
    recipients = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")

    class Meta:
        ordering = ["kind"]
        constraints = [
            # run_scheduled_reports reads one schedule per (workspace, kind).
            models.UniqueConstraint(fields=["workspace", "kind"], name="schedule_one_per_kind"),
            models.CheckConstraint(
                condition=Q(kind__in=[ReportKind.WEEKLY, ReportKind.MONTHLY]),
                name="schedule_kind_weekly_or_monthly",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} reports for {self.workspace}"


def stored_subjects_by_rule(
    report_ids: list[int], condition: Q | None = None
) -> dict[int, Counter[str]]:
    """Each report's stored gaps by rule, one per subject, among the gaps ``condition`` keeps."""
    counts: dict[int, Counter[str]] = {pk: Counter() for pk in report_ids}
    rows = (
        Gap.objects.filter(report_id__in=report_ids)
        .filter(condition or Q())
        .values("report_id", "rule")
        .annotate(subjects=models.Count("subject_label", distinct=True))
        .order_by()
    )
    for row in rows:
        counts[row["report_id"]][row["rule"]] = row["subjects"]
    return counts
