import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from convergence.models import Membership, Workspace
from touchpoints.models import OrgUnit, Side, State, TouchPoint

pytestmark = pytest.mark.django_db


def test_the_demo_fills_a_realistic_workspace(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("load_demo")
    workspace = Workspace.objects.get(slug="demo")
    business = OrgUnit.objects.filter(workspace=workspace, side=Side.BUSINESS)
    assert 35 <= business.count() <= 45
    assert set(business.values_list("depth", flat=True)) == {0, 1, 2}
    assert OrgUnit.objects.filter(workspace=workspace, side=Side.IT, kind="team").count() == 12
    assert workspace.locations.count() == 3
    touchpoints = TouchPoint.objects.filter(workspace=workspace)
    assert touchpoints.count() == 120
    assert set(touchpoints.values_list("level", flat=True)) == {
        "strategic",
        "tactical",
        "operational",
    }
    assert touchpoints.values("channel__category").distinct().count() == 6
    assert touchpoints.filter(state=State.DESIRED).exists()
    assert touchpoints.filter(state=State.CURRENT, effectiveness__isnull=True).exists()
    connected = set(touchpoints.values_list("business_unit", flat=True))
    assert business.filter(depth__gte=1).exclude(pk__in=connected).exists()
    assert set(Membership.objects.filter(workspace=workspace).values_list("role", flat=True)) == {
        "admin",
        "facilitator",
        "manager",
        "viewer",
    }
    assert "convergence-demo" in capsys.readouterr().out


def test_the_demo_is_idempotent() -> None:
    call_command("load_demo")
    before = (OrgUnit.objects.count(), TouchPoint.objects.count(), Membership.objects.count())
    call_command("load_demo")
    assert (
        OrgUnit.objects.count(),
        TouchPoint.objects.count(),
        Membership.objects.count(),
    ) == before


def test_the_synthetic_workspace_has_the_requested_size() -> None:
    call_command("generate_workspace", slug="s", units=120, teams=15, touchpoints=900, seed=3)
    workspace = Workspace.objects.get(slug="s")
    assert OrgUnit.objects.filter(workspace=workspace, side=Side.BUSINESS).count() == 120
    assert OrgUnit.objects.filter(workspace=workspace, side=Side.IT, kind="team").count() == 15
    assert TouchPoint.objects.filter(workspace=workspace).count() == 900
    assert OrgUnit.objects.filter(workspace=workspace, path="").count() == 0


def test_the_synthetic_workspace_is_reproducible_and_replaced() -> None:
    def fingerprint() -> list[tuple[str, str, str]]:
        return list(
            TouchPoint.objects.order_by("pk").values_list(
                "business_unit__code", "it_team__code", "level"
            )
        )

    call_command("generate_workspace", slug="s", units=50, teams=5, touchpoints=200, seed=9)
    first = fingerprint()
    call_command("generate_workspace", slug="s", units=50, teams=5, touchpoints=200, seed=9)
    assert fingerprint() == first
    assert Workspace.objects.filter(slug="s").count() == 1


def test_the_synthetic_workspace_ends_with_analyze() -> None:
    """The first benchmark after it would otherwise run on plans made without statistics."""
    with CaptureQueriesContext(connection) as queries:
        call_command("generate_workspace", slug="s", units=20, teams=3, touchpoints=50, seed=2)
    last = queries.captured_queries[-1]["sql"]
    assert last.startswith("ANALYZE") and TouchPoint._meta.db_table in last
    assert OrgUnit._meta.db_table in last
