from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from convergence.access import get_membership
from convergence.health import broker_status, database_status
from convergence.models import Capability, Workspace


@login_required
def home(request: HttpRequest) -> HttpResponse:
    memberships = (
        request.user.memberships.select_related("workspace")  # type: ignore[union-attr]
        .annotate(touchpoint_count=Count("workspace__touchpoints"))
        .order_by("workspace__name")
    )
    return render(request, "home.html", {"memberships": memberships})


@login_required
def workspace_home(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, Capability.VIEW)
    workspace: Workspace = membership.workspace
    context = {
        "membership": membership,
        "workspace": workspace,
        "unit_count": workspace.units.filter(is_active=True).count(),
        "touchpoint_count": workspace.touchpoints.count(),
    }
    return render(request, "workspace_home.html", context)


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """Say whether the database and the broker answer; 503 when either does not."""
    checks = {"database": database_status(), "broker": broker_status()}
    healthy = all(status in {"ok", "in-process"} for status in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "fail", **checks}, status=200 if healthy else 503
    )
