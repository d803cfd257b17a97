"""The columns every background job's row carries for convergence.jobs' lifecycle.

Org-chart imports, meeting imports and people uploads each add their own input and status
choices; these are the progress shown while they run, the outcome, and the fields with which
the claim, the heartbeat and the sweeps tell a running job from a lost one.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class BackgroundJob(models.Model):
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=100, blank=True)
    # What the job counted: {"created": 3, ...}, {"kept": 120, ...}, {"people added": 3, ...}.
    counts = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # When it was put on the queue (again, for a retry): one queued an hour was lost by the broker.
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # Written every few seconds by the worker running it (convergence.jobs.beating): a stale one
    # means that worker is gone.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # How many deliveries claimed it (more than one: a worker died and another started over),
    # and which worker process (host:pid) holds it or held it last.
    attempts = models.PositiveSmallIntegerField(default=0)
    worker = models.CharField(max_length=200, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
