from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from convergence import accessibility
from convergence.access import get_membership, signed_in_user, signed_in_user_id
from convergence.audit_log import AuditFilterForm, export_rows
from convergence.forms import AddMemberForm, RoleForm, WorkspaceForm
from convergence.health import broker_status, database_status
from convergence.heartbeat import worker_status
from convergence.htmx import HtmxHttpRequest, query_without_page, render_page
from convergence.invitations.forms import InviteForm
from convergence.members import LastAdminError, add_member, change_role, remove_member
from convergence.models import Capability, Membership, Role, Workspace


@login_required
@require_http_methods(["GET", "POST"])
def home(request: HtmxHttpRequest) -> HttpResponse:
    form = WorkspaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        workspace = Workspace.objects.create_for(
            signed_in_user_id(request), data["name"], data["slug"]
        )
        messages.success(request, f"Created {workspace}: import its org chart to begin.")
        return redirect("workspace_home", workspace.slug)
    memberships = (
        signed_in_user(request)
        .memberships.select_related("workspace")
        .annotate(touchpoint_count=Count("workspace__touchpoints"))
        .order_by("workspace__name")
    )
    return render(request, "home.html", {"memberships": memberships, "form": form})


@login_required
def workspace_home(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, Capability.VIEW)
    workspace: Workspace = membership.workspace
    context = membership.page_context(
        unit_count=workspace.units.filter(is_active=True).count(),
        touchpoint_count=workspace.touchpoints.count(),
    )
    return render(request, "workspace_home.html", context)


@require_GET
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    context = {"claims": accessibility, "contact": settings.ACCESSIBILITY_CONTACT}
    return render(request, "accessibility.html", context)


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """Say whether the database, the broker and a worker answer.

    503 ("fail") when the database or the broker does not: this process cannot serve. 200 with
    "degraded" when only the worker's heartbeat is missing: pages work, background jobs wait.
    """
    checks = {"database": database_status(), "broker": broker_status()}
    healthy = all(status in {"ok", "in-process"} for status in checks.values())
    checks["worker"] = worker_status() if checks["database"] == "ok" else "unknown"
    status = "fail" if not healthy else "ok" if checks["worker"] in GOOD else "degraded"
    return JsonResponse({"status": status, **checks}, status=503 if status == "fail" else 200)


GOOD = {"ok", "in-process"}


def locked_out(
    request: HttpRequest, response: HttpResponse | None = None, credentials: object = None
) -> HttpResponse:
    """django-axes' answer to a locked-out sign-in: what happened, how long, who can help."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "registration/locked_out.html", context, status=429)


@login_required
@require_http_methods(["GET", "POST"])
def member_list(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, Capability.ADMINISTER)
    form = AddMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = add_member(
                membership.workspace, **form.cleaned_data, actor=signed_in_user(request)
            )
        except LastAdminError:
            messages.error(request, LAST_ADMIN_MESSAGE)
        else:
            messages.success(request, f"{added.user} is now {added.get_role_display().lower()}.")
        return redirect("member_list", slug)
    return members_page(request, membership, form=form)


def members_page(
    request: HtmxHttpRequest,
    membership: Membership,
    *,
    form: AddMemberForm | None = None,
    invite_form: InviteForm | None = None,
) -> HttpResponse:
    """The members page: members and roles, pending invitations, the add and invite forms."""
    workspace = membership.workspace
    context = membership.page_context(
        form=form or AddMemberForm(),
        invite_form=invite_form or InviteForm(workspace=workspace),
        members=workspace.memberships.select_related("user").order_by("user__username"),
        invitations=workspace.invitations.pending().select_related("invited_by"),
        invitation_days=settings.INVITATION_DAYS,
        roles=Role.choices,
    )
    return render_page(request, "members.html", context, partial="members")


@login_required
@require_POST
def member_role(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, slug, Capability.ADMINISTER)
    member = get_object_or_404(Membership, pk=pk, workspace=membership.workspace)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of the four roles.")
    else:
        try:
            change_role(member, form.cleaned_data["role"], actor=signed_in_user(request))
        except LastAdminError:
            messages.error(request, LAST_ADMIN_MESSAGE)
    return redirect("member_list", slug)


@login_required
@require_POST
def member_remove(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, slug, Capability.ADMINISTER)
    member = get_object_or_404(Membership, pk=pk, workspace=membership.workspace)
    try:
        remove_member(member, actor=signed_in_user(request))
    except LastAdminError:
        messages.error(request, LAST_ADMIN_MESSAGE)
    else:
        messages.success(request, f"{member.user} no longer belongs to {membership.workspace}.")
    return redirect("member_list", slug)


LAST_ADMIN_MESSAGE = (
    "A workspace needs at least one admin: make someone else admin first, then change this one."
)


@login_required
@require_GET
def workspace_settings(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The admins' hub: every page that configures the workspace, in one place."""
    membership = get_membership(request, slug, Capability.ADMINISTER)
    return render(request, "workspace_settings.html", membership.page_context())


AUDIT_PAGE_SIZE = 50


@login_required
@require_GET
def audit_log(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The workspace's administrative actions, newest first, filtered; admins only."""
    membership = get_membership(request, slug, Capability.ADMINISTER)
    form = AuditFilterForm(request.GET or None, workspace=membership.workspace)
    entries = form.entries().select_related("actor")
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    context = membership.page_context(form=form, page=page, query=query_without_page(request))
    return render_page(request, "audit_log.html", context, partial="entries")


@login_required
@require_GET
def audit_export(request: HtmxHttpRequest, slug: str) -> StreamingHttpResponse:
    """The filtered log as CSV, streamed (a long log never sits in memory)."""
    membership = get_membership(request, slug, Capability.ADMINISTER)
    form = AuditFilterForm(request.GET or None, workspace=membership.workspace)
    response = StreamingHttpResponse(export_rows(form.entries()), content_type="text/csv")
    filename = f"{membership.workspace.slug}-audit-log.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
