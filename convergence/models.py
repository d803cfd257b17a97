"""Workspaces (one organisation being mapped) and who may do what in them."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils import timezone

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class Capability(enum.StrEnum):
    """What a view needs; roles grant capabilities (see ROLE_CAPABILITIES)."""

    VIEW = "view"
    REPORTS = "reports"
    PLAN = "plan"  # targets and actions: managers and facilitators plan, viewers read
    EDIT_TOUCHPOINTS = "edit_touchpoints"
    RUN_WORKSHOPS = "run_workshops"
    ADMINISTER = "administer"


class Role(models.TextChoices):
    ADMIN = "admin", "Admin"
    FACILITATOR = "facilitator", "Facilitator"
    MANAGER = "manager", "Manager"
    VIEWER = "viewer", "Viewer"


ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.VIEWER: frozenset({Capability.VIEW}),
    Role.MANAGER: frozenset({Capability.VIEW, Capability.REPORTS, Capability.PLAN}),
    Role.FACILITATOR: frozenset(
        {
            Capability.VIEW,
            Capability.REPORTS,
            Capability.PLAN,
            Capability.EDIT_TOUCHPOINTS,
            Capability.RUN_WORKSHOPS,
        }
    ),
    Role.ADMIN: frozenset(Capability),
}


class WorkspaceQuerySet(models.QuerySet["Workspace"]):
    def for_user(self, user: User | int) -> WorkspaceQuerySet:
        return self.filter(memberships__user=user)

    def create_for(self, user_id: int, name: str, slug: str) -> Workspace:
        """A new workspace whose creator is its first admin."""
        workspace = self.create(name=name, slug=slug)
        Membership.objects.create(workspace=workspace, user_id=user_id, role=Role.ADMIN)
        return workspace


class Workspace(models.Model):
    """One organisation being mapped; nothing is ever shared between workspaces."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    settings = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WorkspaceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's role in one workspace."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.VIEWER)
    # Granted by a group mapping at a single sign-on (convergence.sso.mappings), which then keeps
    # its role in step and removes it when no mapped group grants it; others it never touches.
    from_sso = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["workspace__name"]
        constraints = [
            # The access helper looks a membership up by (user, workspace) and expects one.
            models.UniqueConstraint(fields=["workspace", "user"], name="membership_one_per_user"),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="membership_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.workspace} as {self.role}"

    def can(self, capability: Capability) -> bool:
        return capability in ROLE_CAPABILITIES[self.role]

    def page_context(self, **extra: object) -> dict[str, object]:
        """What every workspace page's template needs (the nav reads both), plus `extra`."""
        return {"membership": self, "workspace": self.workspace, **extra}

    @property
    def capabilities(self) -> frozenset[str]:
        """For templates: `{% if "edit_touchpoints" in membership.capabilities %}`."""
        return frozenset(capability.value for capability in ROLE_CAPABILITIES[self.role])


class WorkerHeartbeat(models.Model):
    """A Celery worker's last sign of life, written every few seconds (convergence.heartbeat).

    `/health/` reads it: with no recent beat the background work has no one to run it.
    """

    hostname = models.CharField(max_length=255, unique=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.hostname} at {self.seen_at:%Y-%m-%d %H:%M:%S}"


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: object) -> int:
        raise TypeError("Audit entries are never edited.")

    def delete(self) -> tuple[int, dict[str, int]]:
        # A workspace's deletion still takes its entries: the collector deletes them in SQL.
        raise TypeError("Audit entries are never deleted; they go with their workspace.")


class AuditEntry(models.Model):
    """One administrative action: who, when, what before and after. Written once, never edited.

    Written through convergence.audit.record. A workspace's entries go with the workspace; an
    actor's name stays in `actor_label` after their account is deleted.
    """

    workspace = models.ForeignKey(
        Workspace, null=True, blank=True, on_delete=models.CASCADE, related_name="audit_entries"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    actor_label = models.CharField(max_length=150)
    action = models.CharField(max_length=100)
    target = models.CharField(max_length=300, blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["workspace", "action"], name="audit_workspace_action_idx")]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target}"

    def save(self, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError("Audit entries are never edited.")
        super().save(**kwargs)

    def delete(self, using: Any = None, keep_parents: bool = False) -> tuple[int, dict[str, int]]:
        raise TypeError("Audit entries are never deleted one by one; they go with the workspace.")


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def live(self) -> ApiTokenQuerySet:
        """Neither revoked nor expired: the tokens that still sign API requests in."""
        return self.filter(revoked_at__isnull=True).exclude(expires_at__lte=timezone.now())


class ApiToken(models.Model):
    """A personal API token: one user's key to one workspace, with that user's role there.

    Only the SHA-256 digest of the token is stored (the token is shown once, at creation); the
    role is read from the membership at each request, so a role change or a removed membership
    takes effect at once (convergence.tokens.caller_for).
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="api_tokens")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    # The token's first characters, shown in lists so its owner can tell tokens apart.
    prefix = models.CharField(max_length=16)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The tokens page lists one user's tokens of one workspace.
            models.Index(fields=["workspace", "user"], name="apitoken_owner_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_live(self) -> bool:
        expired = self.expires_at is not None and self.expires_at <= timezone.now()
        return self.revoked_at is None and not expired


class GroupMapping(models.Model):
    """A group of the identity provider's groups claim whose members get this role here."""

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="group_mappings"
    )
    group = models.CharField(max_length=200)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.VIEWER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["group"]
        constraints = [
            # A sign-in looks each group up once per workspace (convergence.sso.mappings).
            models.UniqueConstraint(fields=["workspace", "group"], name="group_mapping_unique"),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="group_mapping_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} → {self.role} in {self.workspace_id}"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    ACCEPTED = "accepted", "Accepted"
    REVOKED = "revoked", "Revoked"
    EXPIRED = "expired", "Expired"


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> InvitationQuerySet:
        return self.filter(accepted_at=None, revoked_at=None, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An e-mail address asked to join a workspace with a role, by an expiring single-use link.

    The link carries a random token; only its SHA-256 digest is stored (convergence.invitations).
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.VIEWER)
    token_digest = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="invitation_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} to {self.workspace_id} as {self.role}"

    @property
    def status(self) -> InvitationStatus:
        if self.accepted_at is not None:
            return InvitationStatus.ACCEPTED
        if self.revoked_at is not None:
            return InvitationStatus.REVOKED
        if self.expires_at <= timezone.now():
            return InvitationStatus.EXPIRED
        return InvitationStatus.PENDING


# Webhooks and single sign-on's identities live in their own packages; imported here so Django
# registers their models.
from convergence.sso.models import SsoIdentity  # noqa: E402
from convergence.webhooks.models import (  # noqa: E402
    DeliveryStatus,
    Webhook,
    WebhookDelivery,
    WebhookEvent,
)

__all__ = [
    "ROLE_CAPABILITIES",
    "ApiToken",
    "AuditEntry",
    "Capability",
    "DeliveryStatus",
    "GroupMapping",
    "Invitation",
    "InvitationStatus",
    "Membership",
    "Role",
    "SsoIdentity",
    "Webhook",
    "WebhookDelivery",
    "WebhookEvent",
    "WorkerHeartbeat",
    "Workspace",
]
