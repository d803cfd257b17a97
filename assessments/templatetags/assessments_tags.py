"""The workspace home's link to the newest report of each kind (one query)."""

from __future__ import annotations

from django import template
from django.db.models import Max

from assessments.models import GapReport, ReportStatus
from convergence.models import Capability, Membership

register = template.Library()


@register.inclusion_tag("assessments/latest_reports_panel.html")
def latest_reports(membership: Membership) -> dict[str, object]:
    if not membership.can(Capability.REPORTS):
        return {"show": False}
    newest = (
        GapReport.objects.filter(workspace_id=membership.workspace_id, status=ReportStatus.DONE)
        .values("kind")
        .annotate(latest=Max("pk"))
        .values("latest")
    )
    reports = GapReport.objects.filter(pk__in=newest).select_related("assessment")
    return {
        "show": True,
        "workspace": membership.workspace,
        "reports": sorted(reports, key=lambda report: report.kind),
    }
