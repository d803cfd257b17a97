"""Perception survey rounds (SURVEY.md): versioned instruments, rounds on a scope, and
anonymous responses that name nobody."""

from __future__ import annotations

import hashlib
import secrets
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from assessments.models.assessments import Assessment, Granularity, ImmutableError
from assessments.survey import Item, Statement, instrument
from convergence.models import Workspace
from touchpoints.models import OrgUnit, Side


class RoleLevel(models.TextChoices):
    EXECUTIVE = "executive", "Executive"
    MANAGER = "manager", "Manager"
    STAFF = "staff", "Staff"


class RoundStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


def new_link_token() -> str:
    """The anonymous link's secret part: unguessable, so a link reaches one round only."""
    return secrets.token_urlsafe(18)


def token_digest(token: str) -> str:
    """What is stored of a respondent's device token: a digest, so a database copy cannot be
    used to resume (or read back) someone's answers."""
    return hashlib.sha256(token.encode()).hexdigest()


class SurveyInstrument(models.Model):
    """One version of a workspace's statements; rounds keep the version they were opened with."""

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="survey_instruments"
    )
    version = models.PositiveIntegerField()
    # The published instrument this one starts from (instrument.VERSION).
    based_on = models.CharField(max_length=20, default=instrument.VERSION)
    is_default = models.BooleanField(default=False)
    # [{"id": "GOV-1", "criterion": "GOV", "text": "..."}]: the statements asked, in order.
    statements = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["workspace", "-version"]
        constraints = [
            # Versions count up per workspace; the round form lists them by number.
            models.UniqueConstraint(
                fields=["workspace", "version"], name="surveyinstrument_version_per_workspace"
            ),
            # default_for() reads the one copy of the published instrument per workspace.
            models.UniqueConstraint(
                fields=["workspace"],
                condition=Q(is_default=True),
                name="surveyinstrument_one_default",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def save(self, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ImmutableError("An instrument version never changes: save a new version")
        super().save(**kwargs)

    @property
    def label(self) -> str:
        if self.is_default:
            return f"Default instrument {self.based_on}"
        return f"Edited instrument, version {self.version} (from {self.based_on})"

    def statement_list(self) -> list[Statement]:
        return [Statement(s["id"], s["criterion"], s["text"]) for s in self.statements]

    def items(self) -> tuple[Item, ...]:
        return tuple(Item(s["id"], s["criterion"]) for s in self.statements)

    def by_criterion(self) -> list[tuple[str, str, list[Statement]]]:
        """(criterion id, name, its statements) for each criterion asked, in Luftman's order."""
        statements = self.statement_list()
        return [
            (criterion, name, [s for s in statements if s.criterion == criterion])
            for criterion, name in instrument.CRITERIA.items()
            if any(s.criterion == criterion for s in statements)
        ]


class SurveyRound(models.Model):
    """One run of the survey on a scope: open while people answer, frozen once closed."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="survey_rounds")
    title = models.CharField(max_length=200)
    # PROTECT: a round's answers mean nothing without the statements they answered.
    instrument = models.ForeignKey(
        SurveyInstrument, on_delete=models.PROTECT, related_name="rounds"
    )
    # The scope, as a gap report's (assessments.assess.Scope).
    granularity = models.CharField(
        max_length=10, choices=Granularity.choices, default=Granularity.FULL
    )
    business_depth = models.PositiveSmallIntegerField(null=True, blank=True)
    it_depth = models.PositiveSmallIntegerField(null=True, blank=True)
    unit_ids = models.JSONField(default=list, blank=True)
    link_token = models.CharField(max_length=40, unique=True, default=new_link_token)
    status = models.CharField(max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    # Optional: answers are refused from then on, and the round is closed at the next sweep.
    closes_at = models.DateTimeField(null=True, blank=True)
    # Respondents may see the group results on their thank-you page once the round closes.
    share_results = models.BooleanField(default=False)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The assessment of the round's scope made at closing, and the evidence read from it
    # ({"GOV": "11/20" exact fraction on 0..100, or None}), kept here so it never drifts.
    assessment = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    evidence = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RoundStatus.values), name="surveyround_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(granularity__in=Granularity.values), name="surveyround_granularity"
            ),
        ]
        indexes = [
            # The rounds list, the dashboard's latest round and its trend read by recency.
            models.Index(fields=["workspace", "-created_at"], name="surveyround_recent_idx"),
            # sweep_due_rounds finds open rounds whose closing date has passed.
            models.Index(
                fields=["closes_at"],
                name="surveyround_due_idx",
                condition=Q(status="open", closes_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.status == RoundStatus.CLOSED

    @property
    def is_past_closing_date(self) -> bool:
        return self.closes_at is not None and self.closes_at <= timezone.now()

    @property
    def accepts_answers(self) -> bool:
        return not self.is_closed and not self.is_past_closing_date

    def evidence_fractions(self) -> dict[str, Fraction | None]:
        """The stored evidence, exact again; empty until the round closes."""
        return {
            criterion: None if value is None else Fraction(value)
            for criterion, value in self.evidence.items()
        }


class SurveyResponse(models.Model):
    """One anonymous respondent: side, optional unit and role level, and answers. No name, no
    account, no address and no time: only a digest of the random token on their device."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="responses")
    token_digest = models.CharField(max_length=64)
    side = models.CharField(max_length=10, choices=Side.choices)
    # SET_NULL: a retired or deleted unit leaves the answers in place.
    unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    role_level = models.CharField(max_length=10, choices=RoleLevel.choices, blank=True)
    # {"GOV-1": 4, "GOV-2": null}: null is "don't know"; a statement not yet reached is absent.
    answers = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["round", "pk"]
        constraints = [
            # A device resumes its own response by (round, token digest).
            models.UniqueConstraint(
                fields=["round", "token_digest"], name="surveyresponse_one_per_device"
            ),
            models.CheckConstraint(
                condition=Q(side__in=Side.values), name="surveyresponse_side_valid"
            ),
            models.CheckConstraint(
                condition=Q(role_level__in=[*RoleLevel.values, ""]),
                name="surveyresponse_role_level_valid",
            ),
        ]
        indexes = [
            # The live counts by side.
            models.Index(fields=["round", "side"], name="surveyresponse_side_idx"),
        ]

    def __str__(self) -> str:
        return f"Response {self.pk} ({self.side}) to {self.round}"
