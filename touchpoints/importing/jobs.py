"""Import jobs end to end: preview an upload, apply it, and say what happened."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from convergence import audit, webhooks
from convergence.models import WebhookEvent, Workspace
from touchpoints.importing.apply import ImportRefused, Progress, write_plan
from touchpoints.importing.plan import CHANGE_KINDS, ImportPlan, Target, plan_import, printable
from touchpoints.models import ImportJob, ImportMode, ImportStatus, PersonSource
from touchpoints.orgchart import ParsedChart, parse_orgchart
from touchpoints.people.keeping import keep_people
from touchpoints.unit_tree import Forest, Item, build_forest

# The preview shows this many lines per table; the counts are always complete.
PREVIEW_ROWS = 200
# The preview's tree holds this many units (parents first, so they are a forest of their own).
PREVIEW_TREE = 5000
STORED_PROBLEMS = 1000


MAPPING_SETTING = "import_mapping"
# Set in a stored upload's (empty) preview when its mapping is the remembered one.
REMEMBERED = "mapping_remembered"


def store_upload(
    workspace: Workspace,
    data: bytes,
    filename: str,
    user: Any,
    mapping: Mapping[str, str] | None = None,
) -> ImportJob:
    """Store an upload, unread, with `mapping` or else the workspace's remembered one.

    Reading it is the worker's (touchpoints.tasks.preview_import): a web request never parses.
    """
    remembered = remembered_mapping(workspace)
    job = ImportJob.objects.create(
        workspace=workspace,
        data=data,
        filename=printable(filename)[:255] or "upload",
        mapping=dict(mapping) if mapping is not None else remembered,
        # The preview is not there yet; this says whether the mapping was remembered.
        preview={REMEMBERED: mapping is None and bool(remembered)},
        step="Waiting for a worker",
        queued_at=timezone.now(),
        created_by=user,
    )
    if mapping:
        remember_mapping(workspace, mapping)
    return job


def preview_stored(job: ImportJob) -> ImportPlan:
    """Read and preview a stored upload.

    A remembered mapping naming columns this file lacks would make it unreadable, so those
    entries are dropped and the columns are detected instead.
    """
    remembered = bool(job.preview.get(REMEMBERED))
    plan = preview_job(job)
    columns = plan.chart.columns
    if remembered and plan.chart.fatal and columns:
        job.mapping = {field: c for field, c in job.mapping.items() if not c or c in columns}
        job.save(update_fields=["mapping"])
        plan = preview_job(job)
    return plan


def create_job(
    workspace: Workspace,
    data: bytes,
    filename: str,
    user: Any,
    mapping: Mapping[str, str] | None = None,
) -> tuple[ImportJob, ImportPlan]:
    """Store an upload and preview it at once (the command line and tests; the web queues)."""
    job = store_upload(workspace, data, filename, user, mapping)
    return job, preview_stored(job)


def remap_job(job: ImportJob, mapping: Mapping[str, str], mode: str = ImportMode.SYNC) -> None:
    """Store the admin's column mapping and mode (and remember the mapping) for the worker to
    preview again."""
    job.mapping = dict(mapping)
    job.mode = mode
    job.status = ImportStatus.UPLOADED
    # The old preview stays (its columns offer the mapping) until the worker replaces it.
    job.error, job.progress, job.step = "", 0, "Waiting for a worker"
    job.heartbeat_at, job.queued_at = None, timezone.now()
    fields = ["mapping", "mode", "status", "error", "progress", "step"]
    job.save(update_fields=[*fields, "heartbeat_at", "queued_at"])
    remember_mapping(job.workspace, mapping)


def remembered_mapping(workspace: Workspace) -> dict[str, str]:
    remembered = workspace.settings.get(MAPPING_SETTING) or {}
    return {str(field): str(column) for field, column in remembered.items()}


def remember_mapping(workspace: Workspace, mapping: Mapping[str, str]) -> None:
    workspace.refresh_from_db(fields=["settings"])
    clean = {printable(field): printable(column) for field, column in mapping.items()}
    workspace.settings = {**workspace.settings, MAPPING_SETTING: clean}
    workspace.save(update_fields=["settings"])


def parse_job(job: ImportJob) -> ParsedChart:
    return parse_orgchart(bytes(job.data), job.filename, job.mapping or None)


def preview_job(job: ImportJob) -> ImportPlan:
    """Parse and plan the job's file against the workspace as it is now; store the preview."""
    plan = plan_import(job.workspace_id, parse_job(job), job.mode)
    job.preview = preview_of(plan)
    job.counts = plan.counts()
    job.problems = problems_of(plan)
    job.status = ImportStatus.PREVIEWED
    job.error = plan.refusal
    job.save(update_fields=["preview", "counts", "problems", "status", "error"])
    return plan


def apply_import(job: ImportJob, progress: Progress | None = None) -> ImportPlan:
    """Re-read the job's file, plan it against the workspace now, and apply it atomically.

    Raises ImportRefused (nothing changed) when the file cannot be applied. Imports of one
    workspace run one at a time: the workspace row is locked for the transaction.
    """
    report = progress or (lambda percent, step: None)
    report(5, "Reading the file")
    chart = parse_job(job)
    if chart.fatal:
        raise ImportRefused(f"The file cannot be imported: {chart.fatal}")
    report(20, "Comparing with the org chart")
    with transaction.atomic():
        Workspace.objects.select_for_update().filter(pk=job.workspace_id).first()
        plan = plan_import(job.workspace_id, chart, job.mode)
        write_plan(plan, f"import #{job.pk}", report, job.allowed_retire)
        report(90, "Keeping the people in the directory")
        kept = keep_people(job.workspace_id, chart.people, PersonSource.ORGCHART)
        plan.people = kept.as_counts() if chart.people else {}
        audit.record(
            workspace=job.workspace_id,
            actor=job.created_by,
            action="import.applied",
            target=f"#{job.pk} {job.filename}",
            after={"mode": job.mode, "counts": plan.counts()},
        )
        data = {"import": job.pk, "filename": job.filename, "counts": plan.counts()}
        webhooks.emit(job.workspace_id, WebhookEvent.IMPORT_APPLIED, data)
    return plan


def preview_of(plan: ImportPlan) -> dict[str, object]:
    chart = plan.chart
    return {
        "applicable": not plan.refusal,
        "refusal": plan.refusal,
        "format": chart.format,
        "shape": chart.shape,
        "encoding": chart.encoding,
        "source_rows": chart.source_rows,
        "units": len(plan.targets),
        "roots": plan.roots,
        "depth": plan.depth,
        "orphans": plan.orphans,
        "mode": plan.mode,
        "active_before": plan.active_before,
        "retiring": len(plan.retire),
        "needs_confirmation": plan.needs_confirmation,
        "columns": [printable(column) for column in chart.columns],
        "mapping": {key: printable(value) for key, value in chart.mapping.items()},
        "reasons": {key: printable(value) for key, value in chart.reasons.items()},
        "alternatives": {
            key: [printable(column) for column in columns]
            for key, columns in chart.alternatives.items()
        },
        "samples": {printable(c): [printable(v) for v in vs] for c, vs in chart.samples.items()},
        "people": len(chart.people),
        "people_with_email": sum(1 for person in chart.people if person.email),
        "every_unit_a_root": chart.shape == "units_by_parent" and "parent" not in chart.mapping,
        "tree": [tree_row(target) for target in plan.targets[:PREVIEW_TREE]],
        "tables": {
            kind: [change.as_json() for change in plan.changes[kind][:PREVIEW_ROWS]]
            for kind in CHANGE_KINDS
        },
    }


def tree_row(target: Target) -> list[str | None]:
    """[code, parent code, name, "new" / "changed" / ""] of one unit of the preview's tree."""
    status = "new" if target.stored is None else ("changed" if target.is_changed else "")
    parent = printable(target.parent_code) if target.parent_code else None
    return [printable(target.code), parent, target.name, status]


def preview_tree(preview: Mapping[str, Any], query: str = "") -> Forest:
    """The tree a preview stored (its first PREVIEW_TREE units, parents first), to draw."""
    return build_forest(
        (
            Item(code, parent, name, code, status)
            for code, parent, name, status in preview.get("tree", [])
        ),
        query,
    )


def problems_of(plan: ImportPlan) -> list[dict[str, object]]:
    return [
        {"row": p.row, "severity": p.severity, "message": printable(p.message)}
        for p in plan.problems[:STORED_PROBLEMS]
    ]


def summary_lines(plan: ImportPlan) -> list[str]:
    """The preview as text, for the command line."""
    chart = plan.chart
    rows = chart.source_rows or len(chart.units)
    lines = [f"{chart.format or 'unreadable'} file, {chart.shape or 'unknown shape'}, {rows} rows"]
    lines += [
        f"  {field} <- '{printable(column)}' ({printable(chart.reasons.get(field, 'by hand'))})"
        for field, column in chart.mapping.items()
    ]
    lines.append(
        f"{len(plan.targets)} units, {plan.roots} roots, depth {plan.depth}, "
        f"{plan.orphans} orphans, {plan.rejected} rejected rows, {len(plan.retire)} retired"
    )
    lines.append(", ".join(f"{count} {kind}" for kind, count in plan.counts().items()))
    if chart.people:
        with_email = sum(1 for person in chart.people if person.email)
        lines.append(f"{len(chart.people)} people for the directory, {with_email} with an e-mail")
    lines += [f"  {printable(str(problem))}" for problem in plan.problems]
    if plan.refusal:
        lines.append(plan.refusal)
    return lines
