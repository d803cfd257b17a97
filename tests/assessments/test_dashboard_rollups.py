"""The dashboards' read model: the same answers as the live panels, and never stale unsaid."""

import json
import random
from collections.abc import Callable

import pytest
from django.db import connection
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks
from pytest_django.fixtures import Settings as SettingsWrapper

from assessments import tasks
from assessments.dashboard.filters import Choice, Filters, filter_choices
from assessments.dashboard.heatmaps import tree_depths
from assessments.dashboard.network import it_depth_counts, network_grouping
from assessments.dashboard.readmodel import panels
from assessments.dashboard.readmodel.build import claim_behind, is_behind, rebuild
from assessments.dashboard.readmodel.freshness import Freshness, freshness
from assessments.models import DashboardChange, DashboardState
from convergence.models import Workspace
from tests.conftest import Org, People, client_for
from touchpoints.derived_tree import refresh_tree
from touchpoints.history import create_touchpoint, delete_touchpoint, snapshot, update_touchpoint
from touchpoints.models import (
    Channel,
    ChannelCategory,
    Frequency,
    Level,
    Location,
    OrgUnit,
    Side,
    State,
    TouchPoint,
)
from touchpoints.synthetic import SyntheticSpec, generate_workspace

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_dashboard_cache(settings: SettingsWrapper) -> None:
    settings.DASHBOARD_CACHE_SECONDS = 0


def live(workspace_id: int) -> Freshness:
    return Freshness(workspace_id, enabled=False)


def random_workspace(seed: int) -> Workspace:
    """A generated chart made awkward: retired units (inner ones too), IT teams nested under
    others, a business branch marked IT after its touch points, sometimes one group root."""
    rng = random.Random(seed)
    # The third has more IT teams than a team heatmap shows (COLUMN_CAP): the busiest are kept.
    teams = 14 if seed < 3 else 40
    spec = SyntheticSpec(
        f"rand-{seed}", units=90, teams=teams, touchpoints=500, seed=seed, locations=3
    )
    workspace = generate_workspace(spec)
    units = list(OrgUnit.objects.filter(workspace=workspace).exclude(code="IT"))
    business = [u for u in units if u.side == Side.BUSINESS]
    it_teams = [u for u in units if u.side == Side.IT]
    for team in rng.sample(it_teams, 4):
        team.parent = rng.choice(
            [t for t in it_teams if t.pk != team.pk and t.parent_id != team.pk]
        )
        team.save(update_fields=["parent"])
    if seed % 2:
        group = OrgUnit.objects.create(workspace=workspace, code="GROUP", name="Group")
        OrgUnit.objects.filter(workspace=workspace, side=Side.BUSINESS, parent=None).exclude(
            pk=group.pk
        ).update(parent=group)
    OrgUnit.objects.filter(pk__in=[u.pk for u in rng.sample(business, 12)]).update(is_active=False)
    OrgUnit.objects.filter(pk=rng.choice(business[6:]).pk).update(side_mark=Side.IT)
    refresh_tree(workspace.pk)
    return workspace


def filter_variants(workspace: Workspace) -> list[Filters]:
    choices = filter_choices(workspace.pk)
    location = Location.objects.filter(workspace=workspace).first()
    assert location is not None and len(choices.divisions) > 1
    here = Choice(location.pk, location.name)
    return [
        Filters(),
        Filters(level=Level.STRATEGIC),
        Filters(location=here),
        Filters(division=choices.divisions[1]),
        Filters(location=here, division=choices.divisions[0], level=Level.TACTICAL),
    ]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_panel_reads_from_the_rows_what_it_computes_live(seed: int) -> None:
    workspace = random_workspace(seed)
    rebuild(workspace.pk)
    rolled = freshness(workspace.pk)
    assert rolled.is_fresh and rolled.reads_rows
    depths = tree_depths(workspace.pk)
    choices, it_counts = filter_choices(workspace.pk), it_depth_counts(workspace.pk)
    compared = cut = 0
    for filters in filter_variants(workspace):
        assert panels.activity(rolled, filters) == panels.activity(live(workspace.pk), filters)
        for depth in range(depths.business + 1):
            levels = panels.levels_map(rolled, filters, depth)
            assert levels == panels.levels_map(live(workspace.pk), filters, depth)
            for team_depth in range(depths.it + 1):
                teams = panels.teams_map(rolled, filters, depth, team_depth)
                assert teams == panels.teams_map(live(workspace.pk), filters, depth, team_depth)
                grouping = network_grouping(choices, it_counts, depth, team_depth)
                drawn = panels.network_json(rolled, filters, depth, team_depth, grouping)
                computed = panels.network_json(
                    live(workspace.pk), filters, depth, team_depth, grouping
                )
                assert json.loads(drawn) == json.loads(computed)
                compared += bool(teams.rows)
                cut += teams.columns_left_out > 0
    assert compared > 20  # the grid compared filled heatmaps, not empty ones
    assert cut or seed < 3  # and, with 40 IT teams, heatmaps showing only the busiest


def test_rebuilding_again_with_nothing_changed_rebuilds_nothing(org: Org) -> None:
    org.touchpoint()
    assert tasks.rebuild_dashboard(org.workspace.pk) is True
    assert tasks.rebuild_dashboard(org.workspace.pk) is False
    assert not is_behind(org.workspace.pk)


def moved_tree(org: Org) -> None:
    org.finance.parent = org.sales
    org.finance.save()
    refresh_tree(org.workspace.pk)


def retired_unit(org: Org) -> None:
    OrgUnit.objects.filter(pk=org.infra.pk).update(is_active=False)


def edited_touchpoint(org: Org) -> None:
    found = TouchPoint.objects.get(business_unit=org.finance)
    before = snapshot(found)
    found.level = Level.STRATEGIC
    update_touchpoint(found, before, found.version, None)


def deleted_touchpoint(org: Org) -> None:
    delete_touchpoint(TouchPoint.objects.get(business_unit=org.finance), None)


def created_touchpoint(org: Org) -> None:
    fields = {"workspace": org.workspace, "business_unit": org.finance, "it_team": org.infra}
    create_touchpoint(
        TouchPoint(
            **fields,
            level=Level.TACTICAL,
            channel=org.channel(ChannelCategory.JOINT_PLANNING),
            frequency=Frequency.MONTHLY,
        ),
        None,
    )


def bulk_created(org: Org) -> None:
    """As an import, a workshop's accepted proposals or the generator write them."""
    channel = org.channel(ChannelCategory.SERVICE_DESK)
    TouchPoint.objects.bulk_create(
        TouchPoint(
            workspace=org.workspace,
            business_unit=org.sales,
            it_team=team,
            level=Level.OPERATIONAL,
            channel=channel,
            frequency=Frequency.DAILY,
        )
        for team in (org.apps, org.infra)
    )


def bulk_updated(org: Org) -> None:
    TouchPoint.objects.filter(workspace=org.workspace).update(state=State.DESIRED)


def raw_sql(org: Org) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE touchpoints_touchpoint SET effectiveness = 5 WHERE workspace_id = %s",
            [org.workspace.pk],
        )


def recategorised_channel(org: Org) -> None:
    Channel.objects.filter(pk=org.channel(ChannelCategory.SERVICE_DESK).pk).update(
        category=ChannelCategory.EMBEDDED_TEAM
    )


def renamed_location(org: Org) -> None:
    Location.objects.filter(pk=org.manchester.pk).update(name="Leeds")


CHANGES: list[Callable[[Org], None]] = [
    created_touchpoint,
    edited_touchpoint,
    deleted_touchpoint,
    bulk_created,
    bulk_updated,
    raw_sql,
    moved_tree,
    retired_unit,
    recategorised_channel,
    renamed_location,
]


@pytest.fixture
def rolled_up(org: Org) -> Org:
    """A small workspace with its read model built."""
    org.touchpoint(level=Level.STRATEGIC, channel=org.channel(ChannelCategory.STEERING_COMMITTEE))
    org.touchpoint(business_unit=org.finance, it_team=org.infra, effectiveness=2)
    rebuild(org.workspace.pk)
    assert freshness(org.workspace.pk).is_fresh
    return org


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__)
def test_every_kind_of_change_marks_the_rows_behind_and_a_rebuild_catches_up(
    rolled_up: Org, change: Callable[[Org], None]
) -> None:
    workspace_id = rolled_up.workspace.pk
    change(rolled_up)
    assert not freshness(workspace_id).is_fresh
    rebuild(workspace_id)
    fresh = freshness(workspace_id)
    assert fresh.is_fresh
    for filters in (Filters(), Filters(level=Level.STRATEGIC)):
        assert panels.activity(fresh, filters) == panels.activity(live(workspace_id), filters)
        for depth in (0, 1):
            assert panels.teams_map(fresh, filters, depth, 1) == panels.teams_map(
                live(workspace_id), filters, depth, 1
            )


def heatmap_url(org: Org) -> str:
    return f"{reverse('dashboard_heatmaps', args=[org.workspace.slug])}?depth=1"


def test_a_small_workspace_behind_its_rows_computes_live_and_says_nothing(
    rolled_up: Org, people: People
) -> None:
    rolled_up.touchpoint(business_unit=rolled_up.finance, level=Level.TACTICAL)
    response = client_for(people.manager).get(heatmap_url(rolled_up))
    assert b"Updating: these figures are as of" not in response.content
    tactical = response.context["levels_map"].rows[1].cells[1]
    assert (tactical.column.key, tactical.touchpoints) == (Level.TACTICAL, 1)


def test_a_large_workspace_behind_its_rows_shows_them_as_of_their_time(
    rolled_up: Org, people: People, settings: SettingsWrapper
) -> None:
    settings.DASHBOARD_LIVE_LIMIT = 1
    rolled_up.touchpoint(business_unit=rolled_up.finance, level=Level.TACTICAL)
    as_of = DashboardState.objects.get(workspace=rolled_up.workspace).as_of
    assert as_of is not None
    client = client_for(people.manager)
    response = client.get(heatmap_url(rolled_up))
    assert f"Updating: these figures are as of {as_of:%H:%M}".encode() in response.content
    assert response.context["levels_map"].rows[1].cells[1].touchpoints == 0  # the old rows
    network = client.get(reverse("dashboard_network_data", args=[rolled_up.workspace.slug]))
    assert network["X-Read-Model"] == f"behind; as of {as_of.isoformat()}"
    rebuild(rolled_up.workspace.pk)
    response = client.get(heatmap_url(rolled_up))
    assert b"Updating" not in response.content
    assert response.context["levels_map"].rows[1].cells[1].touchpoints == 1
    assert "X-Read-Model" not in client.get(
        reverse("dashboard_network_data", args=[rolled_up.workspace.slug])
    )


def test_a_reader_enqueues_one_rebuild_while_the_rows_are_behind(
    rolled_up: Org, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    workspace_id = rolled_up.workspace.pk
    with django_capture_on_commit_callbacks() as fresh_reads:
        freshness(workspace_id)
    rolled_up.touchpoint(business_unit=rolled_up.finance)
    with django_capture_on_commit_callbacks(execute=True) as behind_reads:
        freshness(workspace_id)
        freshness(workspace_id)
    assert (len(fresh_reads), len(behind_reads)) == (0, 1)
    assert freshness(workspace_id).is_fresh  # the in-process task rebuilt it


def test_the_sweep_claims_each_workspace_behind_once_and_forgets_unread_ones(
    rolled_up: Org, other_org: Org
) -> None:
    rolled_up.touchpoint(business_unit=rolled_up.finance)
    other_org.touchpoint()
    assert claim_behind() == [rolled_up.workspace.pk]
    assert claim_behind() == []
    assert not DashboardChange.objects.filter(workspace_id=other_org.workspace.pk).exists()


PANEL_QUERIES = {
    # Session, user, membership, the filters (2) and the read model's stamp; the reporting
    # memory's savepoint, SET LOCAL and release (3) around the panel's own queries: the
    # overview's activity (2) beside its position, targets, perception and gap move; the
    # heatmap's rows (2 and the depths) and cells; the team heatmap's teams; the network page's
    # depths (2, no savepoint); the network data's IT depths and its drawing.
    "dashboard": 15,
    "dashboard_heatmaps": 13,
    "dashboard_team_heatmap": 14,
    "dashboard_network": 8,
    "dashboard_network_data": 11,
}


@pytest.mark.parametrize("name", list(PANEL_QUERIES))
def test_each_panel_reading_rows_runs_a_pinned_number_of_queries(
    rolled_up: Org, people: People, name: str, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    client = client_for(people.manager)
    target = reverse(name, args=[rolled_up.workspace.slug])
    with django_assert_num_queries(PANEL_QUERIES[name]):
        assert client.get(target).status_code == 200


def test_a_failed_rebuild_says_so_on_its_row_and_on_the_panel(
    rolled_up: Org, people: People, settings: SettingsWrapper, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.DASHBOARD_LIVE_LIMIT = 1
    rolled_up.touchpoint(business_unit=rolled_up.finance)

    def broken(workspace_id: int) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("assessments.dashboard.readmodel.build.rebuild", broken)
    assert tasks.rebuild_dashboard(rolled_up.workspace.pk) is False
    state = DashboardState.objects.get(workspace=rolled_up.workspace)
    assert "could not be updated (RuntimeError: disk full)" in state.failed_message
    assert state.queued_at is None  # the sweep may claim it again
    response = client_for(people.manager).get(heatmap_url(rolled_up))
    assert b"Updating: these figures are as of" in response.content
    assert b"could not be updated (RuntimeError: disk full)" in response.content
    monkeypatch.undo()
    assert tasks.rebuild_dashboard(rolled_up.workspace.pk) is True
    assert DashboardState.objects.get(workspace=rolled_up.workspace).failed_message == ""
