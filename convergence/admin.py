from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from convergence import admin_users  # noqa: F401  (accounts and groups, scoped)
from convergence.admin_scoping import (
    LockedAdmin,
    ReadOnlyAdmin,
    WorkspaceScopedAdmin,
    members_of_administered,
)
from convergence.models import (
    ApiToken,
    AuditEntry,
    GroupMapping,
    Invitation,
    Membership,
    SsoIdentity,
    Webhook,
    WebhookDelivery,
    WorkerHeartbeat,
    Workspace,
)


class MembershipInline(WorkspaceScopedAdmin, admin.TabularInline[Membership, Workspace]):
    model = Membership
    any_user_fields = ("user",)
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Workspace)
class WorkspaceAdmin(WorkspaceScopedAdmin, admin.ModelAdmin[Workspace]):
    workspace_lookup = ""
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(WorkspaceScopedAdmin, admin.ModelAdmin[Membership]):
    any_user_fields = ("user",)
    list_display = ["user", "workspace", "role"]
    list_filter = ["role", "workspace"]
    search_fields = ["user__username", "workspace__name"]
    list_select_related = ["user", "workspace"]


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin[WorkerHeartbeat]):
    """Read only: the workers write these rows themselves (convergence.heartbeat)."""

    list_display = ["hostname", "seen_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(LockedAdmin, admin.ModelAdmin[AuditEntry]):
    """Read only: entries are written by convergence.audit.record and never edited."""

    list_display = ["created_at", "actor_label", "action", "target", "workspace"]
    list_filter = ["action", "workspace"]
    search_fields = ["actor_label", "action", "target"]


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin, admin.ModelAdmin[ApiToken]):
    """Read only: tokens are made and revoked on the workspace's API tokens page (the secret
    exists only in its owner's hands; the row keeps its digest)."""

    any_user_fields = ("user",)
    list_display = ["name", "prefix", "user", "workspace", "created_at", "last_used_at"]
    list_filter = ["workspace"]
    list_select_related = ["user", "workspace"]
    exclude = ["digest"]


@admin.register(Webhook)
class WebhookAdmin(WorkspaceScopedAdmin, admin.ModelAdmin[Webhook]):
    list_display = ["url", "workspace", "is_active", "created_at"]
    list_filter = ["is_active", "workspace"]
    exclude = ["secret"]  # shown to the workspace's admins on the webhook's own page


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin, admin.ModelAdmin[WebhookDelivery]):
    """Read only: the deliveries are the record of what was sent."""

    workspace_lookup = "webhook__workspace"
    list_display = ["created_at", "event", "webhook", "status", "attempts", "response_status"]
    list_filter = ["status", "event"]


@admin.register(GroupMapping)
class GroupMappingAdmin(LockedAdmin, admin.ModelAdmin[GroupMapping]):
    """Read only: mappings are edited on the workspace's Single sign-on groups page, which
    audits each change (convergence.sso.edits)."""

    list_display = ["group", "workspace", "role", "created_at"]
    list_filter = ["role", "workspace"]


@admin.register(Invitation)
class InvitationAdmin(LockedAdmin, admin.ModelAdmin[Invitation]):
    """Read only: invitations are sent and revoked from the members page (which audits them)."""

    list_display = ["email", "workspace", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["role", "workspace"]
    exclude = ["token_digest"]


@admin.register(SsoIdentity)
class SsoIdentityAdmin(admin.ModelAdmin[SsoIdentity]):
    """Read only: single sign-on writes these. A superuser may delete one (the subject then
    finds its account by e-mail again); other staff see their workspaces' members' only."""

    list_display = ["user", "issuer", "subject", "created_at"]
    search_fields = ["user__username", "subject"]
    list_select_related = ["user"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[SsoIdentity]:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(user__in=members_of_administered(request.user))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return bool(request.user.is_superuser)
