"""Org-chart import: a parsed file diffed against a workspace's units, then applied atomically.

plan = plan_import(workspace.pk, parse_orgchart(data, name))   # reads, writes nothing
apply_import(job)                                              # all of it or none of it
"""

from touchpoints.importing.apply import ImportRefused, flag_wrong_sides
from touchpoints.importing.jobs import (
    apply_import,
    create_job,
    preview_job,
    remap_job,
    remembered_mapping,
    store_upload,
    summary_lines,
)
from touchpoints.importing.plan import ImportPlan, plan_import

__all__ = [
    "ImportPlan",
    "ImportRefused",
    "apply_import",
    "create_job",
    "flag_wrong_sides",
    "plan_import",
    "preview_job",
    "remap_job",
    "remembered_mapping",
    "store_upload",
    "summary_lines",
]
