"""The workspace home's link to the newest report of each kind (one query)."""

from __future__ import annotations

from django import template
from django.db.models import Max

from assessments.first_run import progress
from assessments.first_run import steps as first_run_steps
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


@register.inclusion_tag("assessments/first_run_panel.html")
def first_run(membership: Membership) -> dict[str, object]:
    """The workspace home's checklist until every step is done (one query)."""
    steps = first_run_steps(membership, progress(membership.workspace_id))
    return {"steps": steps, "complete": all(step.done for step in steps)}
