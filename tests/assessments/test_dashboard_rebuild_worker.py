"""A real Celery worker on real Redis rolls a workspace's dashboards up after a manager reads
them behind the map, and the panels read the rows from then on."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.dashboard.readmodel.freshness import freshness
from assessments.models import DashboardState
from tests.conftest import Org, People, client_for
from tests.worker import celery_worker, wait_until
from touchpoints.models import Level

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_read_behind_the_map_has_the_worker_roll_the_dashboards_up(
    org: Org, people: People
) -> None:
    org.touchpoint(level=Level.STRATEGIC)
    client = client_for(people.manager)
    heatmaps = reverse("dashboard_heatmaps", args=[org.workspace.slug])
    with celery_worker(["assessments.tasks.rebuild_dashboard"]):
        assert client.get(heatmaps).status_code == 200  # never built: computed live, enqueued
        assert wait_until(lambda: freshness(org.workspace.pk).is_fresh)
        org.touchpoint(business_unit=org.finance, level=Level.TACTICAL)
        assert not freshness(org.workspace.pk).is_fresh  # this read enqueues the next rebuild
        assert wait_until(lambda: freshness(org.workspace.pk).is_fresh)
    state = DashboardState.objects.get(workspace=org.workspace)
    assert state.touchpoints == 2 and state.failed_message == ""
    response = client.get(f"{heatmaps}?depth=1")
    cells = {row.name: row.cells for row in response.context["levels_map"].rows}
    assert [cell.touchpoints for cell in cells["Finance"]] == [0, 1, 0]
