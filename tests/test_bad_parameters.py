"""Foreign ids are refused or ignored, never followed; malformed input is a 4xx or a message.

The scene's workspace admin (or a participant who joined the scene's workshop) sends each
request. `other.<name>` is an object of another workspace; HUGE overflows any database integer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import GapReport, SurveyRound
from convergence.models import Role
from tests.conftest import People, client_for
from tests.scene import Scene, World, participant_client, world
from touchpoints.models import OrgUnit, Proposal, ProposalStatus, TouchPoint, Workshop

pytestmark = pytest.mark.django_db
__all__ = ["world"]  # the module-scoped fixture, imported to be found

HUGE = 99999999999999999999
SUPERSCRIPT_TWO = "\u00b2"  # str.isdigit() says yes, int() says no

Url = Callable[[Scene, Scene], str]


@pytest.fixture
def scene(world: World, db: None) -> Scene:
    return world.scene


@pytest.fixture
def other(world: World) -> Scene:
    return world.other


@pytest.fixture
def people(world: World) -> People:
    return world.people


def at(name: str, *args: object, query: str = "") -> Url:
    """A URL of the scene's workspace; "x" is the scene's x, "other.x" the other scene's."""

    def build(scene: Scene, other: Scene) -> str:
        values: list[object] = [scene.code if name.startswith("participant") else scene.slug]
        for arg in args:
            if isinstance(arg, str) and arg.startswith("other."):
                values.append(getattr(other, arg.removeprefix("other.")).pk)
            elif isinstance(arg, str) and hasattr(scene, arg):
                values.append(getattr(scene, arg).pk)
            else:
                values.append(arg)
        return reverse(name, args=values) + (f"?{query}" if query else "")

    return build


def send(client: Client, method: str, url: str, data: dict[str, Any] | None = None) -> Any:
    return getattr(client, method)(url, data or {})


def client_of(scene: Scene, people: People, who: str) -> Client:
    return participant_client(scene) if who == "participant" else client_for(people.admin)


# (what is sent, method, URL, who sends it)
FOREIGN_PATH_IDS: list[tuple[str, str, Url, str]] = [
    (
        "another workspace's touch point to edit",
        "get",
        at("touchpoint_edit", "other.touchpoint"),
        "admin",
    ),
    (
        "another workspace's touch point to delete",
        "post",
        at("touchpoint_delete", "other.touchpoint"),
        "admin",
    ),
    ("another workspace's channel", "get", at("channel_edit", "other.channel"), "admin"),
    ("another workspace's unit to re-mark", "post", at("unit_side", "other.unit"), "admin"),
    ("another workspace's unit page", "get", at("unit_detail", "other.unit"), "admin"),
    ("another workspace's import", "get", at("import_preview", "other.job"), "admin"),
    ("another workspace's import to apply", "post", at("import_apply", "other.job"), "admin"),
    ("another workspace's workshop board", "get", at("workshop_board", "other.workshop"), "admin"),
    (
        "another workspace's workshop to close",
        "post",
        at("workshop_close", "other.workshop"),
        "admin",
    ),
    (
        "another workspace's touch point on our board",
        "get",
        at("workshop_touchpoint_edit", "workshop", "other.touchpoint"),
        "admin",
    ),
    (
        "another workspace's touch point to adopt",
        "post",
        at("workshop_touchpoint_adopt", "workshop", "other.touchpoint"),
        "admin",
    ),
    (
        "another workspace's touch point to delete from our board",
        "post",
        at("workshop_touchpoint_delete", "workshop", "other.touchpoint"),
        "admin",
    ),
    (
        "another workspace's proposal to accept",
        "post",
        at("proposal_accept", "workshop", "other.proposal"),
        "admin",
    ),
    (
        "another workspace's proposal to reject",
        "post",
        at("proposal_reject", "workshop", "other.proposal"),
        "admin",
    ),
    ("another workspace's report", "get", at("report_detail", "other.report"), "admin"),
    (
        "another workspace's report file",
        "get",
        at("report_download", "other.report", "csv"),
        "admin",
    ),
    ("another workspace's report to retry", "post", at("report_retry", "other.report"), "admin"),
    ("another workspace's member's role", "post", at("member_role", "other.member"), "admin"),
    ("another workspace's member to remove", "post", at("member_remove", "other.member"), "admin"),
    ("another workspace's survey round", "get", at("round_detail", "other.survey_round"), "admin"),
    (
        "another workspace's survey round to close",
        "post",
        at("round_close", "other.survey_round"),
        "admin",
    ),
    (
        "another workspace's survey results",
        "get",
        at("round_download", "other.survey_round", "csv"),
        "admin",
    ),
    (
        "another workshop's touch point to rate",
        "post",
        at("participant_rate", "other.touchpoint"),
        "participant",
    ),
]


def sentence(row: tuple[Any, ...]) -> str:
    return str(row[0])


@pytest.mark.parametrize("row", FOREIGN_PATH_IDS, ids=sentence)
def test_an_id_of_another_workspace_in_the_path_is_404_and_changes_nothing(
    scene: Scene, other: Scene, people: People, row: Any
) -> None:
    _, method, url, who = row
    response = send(client_of(scene, people, who), method, url(scene, other), {"score": "5"})
    assert response.status_code == 404
    assert TouchPoint.objects.filter(pk=other.touchpoint.pk).exists()
    assert Proposal.objects.get(pk=other.proposal.pk).status == ProposalStatus.PENDING
    assert other.member.__class__.objects.get(pk=other.member.pk).role == Role.ADMIN
    assert not Workshop.objects.get(pk=other.workshop.pk).is_closed
    assert other.survey_round is not None
    assert not SurveyRound.objects.get(pk=other.survey_round.pk).is_closed


def foreign_units(other: Scene) -> dict[str, Any]:
    return {"business_unit": other.unit.pk, "it_team": other.org.apps.pk}


def touchpoint_data(other: Scene) -> dict[str, Any]:
    return {
        **foreign_units(other),
        "level": "operational",
        "channel": other.channel.pk,
        "frequency": "weekly",
        "initiated_by": "both",
        "state": "current",
    }


def test_a_touch_point_cannot_be_created_on_another_workspaces_units_or_channel(
    scene: Scene, other: Scene, people: People
) -> None:
    before = TouchPoint.objects.count()
    url = reverse("touchpoint_create", args=[scene.slug])
    response = client_for(people.admin).post(url, touchpoint_data(other))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"business_unit", "it_team", "channel"} <= errors.keys()
    assert TouchPoint.objects.count() == before


def test_a_touch_point_cannot_be_moved_onto_another_workspaces_units(
    scene: Scene, other: Scene, people: People
) -> None:
    url = reverse("touchpoint_edit", args=[scene.slug, scene.touchpoint.pk])
    response = client_for(people.admin).post(url, touchpoint_data(other))
    assert response.status_code == 200 and response.context["form"].errors
    scene.touchpoint.refresh_from_db()
    assert scene.touchpoint.business_unit_id == scene.unit.pk


def test_the_board_captures_nothing_on_another_workspaces_units(
    scene: Scene, other: Scene, people: People
) -> None:
    before = TouchPoint.objects.count()
    url = reverse("workshop_capture", args=[scene.slug, scene.workshop.pk])
    response = client_for(people.admin).post(url, touchpoint_data(other))
    assert response.status_code == 200 and response.context["form"].errors
    assert TouchPoint.objects.count() == before


def test_a_proposal_accepted_as_posted_keeps_to_the_workspaces_units(
    scene: Scene, other: Scene, people: People
) -> None:
    url = reverse("proposal_accept", args=[scene.slug, scene.workshop.pk, scene.proposal.pk])
    response = client_for(people.admin).post(url, touchpoint_data(other))
    assert response.status_code == 200 and response.context["form"].errors
    assert Proposal.objects.get(pk=scene.proposal.pk).status == ProposalStatus.PENDING


def test_a_proposal_cannot_be_merged_into_another_workspaces_touch_point(
    scene: Scene, other: Scene, people: People
) -> None:
    url = reverse("proposal_merge", args=[scene.slug, scene.workshop.pk, scene.proposal.pk])
    response = client_for(people.admin).post(url, {"into": other.touchpoint.pk})
    assert response.status_code == 404
    assert Proposal.objects.get(pk=scene.proposal.pk).status == ProposalStatus.PENDING


def test_a_workshop_cannot_be_planned_with_another_workspaces_units_or_people(
    scene: Scene, other: Scene, people: People
) -> None:
    before = Workshop.objects.count()
    data = {
        "title": "Poach",
        "date": "2030-02-01",
        "facilitator": people.outsider.pk,
        "business_units": [other.unit.pk],
        "it_teams": [other.org.apps.pk],
    }
    response = client_for(people.admin).post(reverse("workshop_create", args=[scene.slug]), data)
    assert response.status_code == 200
    assert {"facilitator", "business_units", "it_teams"} <= response.context["form"].errors.keys()
    assert Workshop.objects.count() == before
    assert f'value="{other.unit.pk}"'.encode() not in response.content


def test_a_participant_cannot_propose_on_another_workspaces_units(
    scene: Scene, other: Scene
) -> None:
    before = Proposal.objects.count()
    url = reverse("participant_propose", args=[scene.code])
    data = {**foreign_units(other), "level": "tactical", "state": "current"}
    response = participant_client(scene).post(url, data)
    assert response.status_code == 422
    assert Proposal.objects.count() == before


def test_a_report_cannot_be_requested_on_another_workspaces_unit_codes(
    scene: Scene, other: Scene, people: People
) -> None:
    OrgUnit.objects.create(workspace=other.org.workspace, code="ELSEWHERE", name="Elsewhere")
    url = reverse("report_request", args=[scene.slug])
    data = {"granularity": "units", "unit_codes": "ELSEWHERE"}
    response = client_for(people.admin).post(url, data)
    assert response.status_code == 200
    assert b"No active unit has the code ELSEWHERE" in response.content


def test_a_board_pack_ignores_another_workspaces_location_and_division(
    scene: Scene, other: Scene, people: People
) -> None:
    url = reverse("report_board_pack", args=[scene.slug])
    foreign = {"location": other.org.london.pk, "division": other.org.sales.pk}
    response = client_for(people.admin).post(url, {**foreign, "level": "strategic"})
    assert response.status_code == 302
    report = GapReport.objects.filter(workspace=scene.org.workspace).latest("pk")
    assert response["Location"].endswith(f"/reports/{report.pk}/")
    assert report.filters == {"level": "strategic"}


# GET parameters naming another workspace's objects: ignored (the page shows only our own) or 404.
FOREIGN_QUERY_IDS: list[tuple[str, Url, int]] = [
    (
        "the touch point list filtered by another workspace's unit and channel",
        at("touchpoint_list", query="business_unit={unit}&it_team={apps}&channel={channel}"),
        200,
    ),
    (
        "the touch point list under another workspace's unit",
        at("touchpoint_list", query="under={unit}"),
        200,
    ),
    (
        "the board's capture panel for another workspace's pair",
        at("workshop_capture", "workshop", query="business_unit={unit}&it_team={apps}"),
        200,
    ),
    ("the scope search", at("workshop_unit_search", query="q=a&side=business"), 200),
    (
        "a plan copied from another workspace's workshop",
        at("workshop_create", query="copy={workshop}"),
        404,
    ),
    (
        "the unit picker",
        at("unit_choices", query="side=business&field=business_unit&unit_search=a"),
        200,
    ),
    (
        "the dashboard filtered by another workspace's location and division",
        at("dashboard", query="location={london}&division={unit}"),
        200,
    ),
    (
        "the heatmaps filtered by another workspace's location",
        at("dashboard_heatmaps", query="location={london}"),
        200,
    ),
    (
        "the heatmap drill-down on another workspace's unit",
        at("dashboard_cell", query="row={unit}"),
        404,
    ),
    (
        "the heatmap drill-down on another workspace's IT team",
        at("dashboard_cell", query="row=OWN&team={apps}"),
        404,
    ),
    (
        "the roll-up under another workspace's unit",
        at("dashboard_rollup", query="parent={unit}"),
        404,
    ),
    (
        "the network filtered by another workspace's division",
        at("dashboard_network_data", query="division={unit}"),
        200,
    ),
    (
        "a comparison of another workspace's assessments",
        at("dashboard_compare", query="a={assessment}&b={assessment}"),
        200,
    ),
]


@pytest.mark.parametrize("row", FOREIGN_QUERY_IDS, ids=sentence)
def test_an_id_of_another_workspace_in_the_query_is_ignored_or_404(
    scene: Scene, other: Scene, people: People, row: Any
) -> None:
    _, url, status = row
    ids = {
        "unit": other.unit.pk,
        "apps": other.org.apps.pk,
        "channel": other.channel.pk,
        "london": other.org.london.pk,
        "assessment": other.assessment.pk,
        "workshop": other.workshop.pk,
    }
    target = url(scene, other).replace("OWN", str(scene.unit.pk)).format(**ids)
    response = client_for(people.admin).get(target)
    assert response.status_code == status
    assert b"Other Corp" not in response.content
    for name in ("unit", "apps", "channel"):
        assert f'value="{ids[name]}"'.encode() not in response.content
    context = response.context or {}
    if "filters" in context and hasattr(context["filters"], "location"):
        assert context["filters"].location is None and context["filters"].division is None
    for key in ("before", "after"):
        if context.get(key) is not None:
            assert context[key].workspace_id == scene.org.workspace.pk


# Malformed input: a clear 4xx, or the page with a message; never a 500.
S2 = SUPERSCRIPT_TWO
MALFORMED: list[tuple[str, str, Url, dict[str, Any], set[int], str]] = [
    # Huge ids in the path.
    ("a huge touch point id", "get", at("touchpoint_edit", HUGE), {}, {404}, "admin"),
    ("a huge workshop id", "get", at("workshop_board", HUGE), {}, {404}, "admin"),
    (
        "a huge touch point id on the board",
        "get",
        at("workshop_touchpoint_edit", "workshop", HUGE),
        {},
        {404},
        "admin",
    ),
    ("a huge proposal id", "post", at("proposal_reject", "workshop", HUGE), {}, {404}, "admin"),
    ("a huge report id", "get", at("report_detail", HUGE), {}, {404}, "admin"),
    ("a huge report id to download", "get", at("report_download", HUGE, "csv"), {}, {404}, "admin"),
    (
        "an unknown download format",
        "get",
        at("report_download", "report", "exe"),
        {},
        {404},
        "admin",
    ),
    ("a huge import id", "get", at("import_job", HUGE), {}, {404}, "admin"),
    ("a huge member id", "post", at("member_role", HUGE), {"role": "viewer"}, {404}, "admin"),
    ("a huge channel id", "get", at("channel_edit", HUGE), {}, {404}, "admin"),
    ("a huge unit id", "get", at("unit_side", HUGE), {}, {404}, "admin"),
    ("a huge unit id's page", "get", at("unit_detail", HUGE), {}, {404}, "admin"),
    ("a huge unit id for a branch", "get", at("workshop_unit_branch", HUGE), {}, {404}, "admin"),
    ("a huge workshop id's outcome", "get", at("workshop_outcome", HUGE), {}, {404}, "admin"),
    (
        "a plan copied from a non-integer workshop",
        "get",
        at("workshop_create", query=f"copy=abc{S2}"),
        {},
        {200},
        "admin",
    ),
    (
        "a plan copied from a huge workshop id",
        "get",
        at("workshop_create", query=f"copy={HUGE}"),
        {},
        {200},
        "admin",
    ),
    (
        "a group merge naming no proposal and a non-integer target",
        "post",
        at("proposals_merge", "workshop"),
        {"proposal": ["abc", S2], "into": "x"},
        {200, 302},
        "admin",
    ),
    (
        "a huge touch point id to rate",
        "post",
        at("participant_rate", HUGE),
        {"score": "3"},
        {404},
        "participant",
    ),
    # Query strings.
    (
        "a non-integer unit filter",
        "get",
        at("touchpoint_list", query="business_unit=abc&channel=-1"),
        {},
        {200},
        "admin",
    ),
    (
        "a non-integer and a huge unit to list the touch points under",
        "get",
        at("touchpoint_list", query=f"under=abc{S2}&under={HUGE}"),
        {},
        {200},
        "admin",
    ),
    (
        "a huge unit filter",
        "get",
        at("touchpoint_list", query=f"business_unit={HUGE}&it_team={HUGE}&channel={HUGE}"),
        {},
        {200},
        "admin",
    ),
    (
        "unknown list choices and page",
        "get",
        at("touchpoint_list", query="level=cosmic&effectiveness=9&page=abc"),
        {},
        {200},
        "admin",
    ),
    ("a huge page", "get", at("touchpoint_list", query=f"page={HUGE}"), {}, {200}, "admin"),
    (
        "an unknown side of the unit tree",
        "get",
        at("orgunit_list", query="side=purple"),
        {},
        {200},
        "admin",
    ),
    (
        "a null character in the unit search",
        "get",
        at("orgunit_list", query="q=a%00"),
        {},
        {400},
        "admin",
    ),
    (
        "a null character in the scope search",
        "get",
        at("workshop_unit_search", query="q=%00"),
        {},
        {400},
        "admin",
    ),
    (
        "a null character in the unit picker",
        "get",
        at("unit_choices", query="side=it&field=it_team&unit_search=%00"),
        {},
        {400},
        "admin",
    ),
    (
        "an unknown side in the unit picker",
        "get",
        at("unit_choices", query="side=purple&field=x"),
        {},
        {400},
        "admin",
    ),
    (
        "an unknown side in the scope search",
        "get",
        at("workshop_unit_search", query="side=purple"),
        {},
        {200},
        "admin",
    ),
    (
        "negative heatmap depths",
        "get",
        at("dashboard_heatmaps", query="depth=-3&team_depth=-1&colour=purple"),
        {},
        {200},
        "admin",
    ),
    (
        "huge heatmap depths",
        "get",
        at("dashboard_team_heatmap", query=f"depth={HUGE}&team_depth=abc"),
        {},
        {200},
        "admin",
    ),
    (
        "non-integer filters",
        "get",
        at("dashboard", query="location=abc&division=-1&level=cosmic"),
        {},
        {200},
        "admin",
    ),
    ("a drill-down without a row", "get", at("dashboard_cell"), {}, {404}, "admin"),
    (
        "a non-integer drill-down row",
        "get",
        at("dashboard_cell", query="row=abc"),
        {},
        {404},
        "admin",
    ),
    (
        "a superscript drill-down row",
        "get",
        at("dashboard_cell", query=f"row={S2}"),
        {},
        {404},
        "admin",
    ),
    ("a huge drill-down row", "get", at("dashboard_cell", query=f"row={HUGE}"), {}, {404}, "admin"),
    (
        "a superscript roll-up parent",
        "get",
        at("dashboard_rollup", query=f"parent={S2}"),
        {},
        {404},
        "admin",
    ),
    (
        "a huge roll-up parent",
        "get",
        at("dashboard_rollup", query=f"parent={HUGE}"),
        {},
        {404},
        "admin",
    ),
    (
        "negative network depths",
        "get",
        at("dashboard_network_data", query="depth=-1&team_depth=-9"),
        {},
        {200},
        "admin",
    ),
    (
        "non-integer assessments to compare",
        "get",
        at("dashboard_compare", query=f"a=abc&b={HUGE}"),
        {},
        {200},
        "admin",
    ),
    (
        "unknown report filters and pages",
        "get",
        at("report_detail", "report", query="severity=dire&rule=Z9&page=-1&units_page=abc"),
        {},
        {200},
        "admin",
    ),
    # Forms.
    ("a touch point without its fields", "post", at("touchpoint_create"), {}, {200}, "admin"),
    (
        "a touch point with unknown choices",
        "post",
        at("touchpoint_create"),
        {"level": "cosmic", "effectiveness": "9", "business_unit": HUGE},
        {200},
        "admin",
    ),
    (
        "an edit with a huge version",
        "post",
        at("touchpoint_edit", "touchpoint"),
        {"version": HUGE},
        {200},
        "admin",
    ),
    (
        "an edit with a non-integer version",
        "post",
        at("touchpoint_edit", "touchpoint"),
        {"version": "abc"},
        {200},
        "admin",
    ),
    (
        "a board adoption with a superscript version",
        "post",
        at("workshop_touchpoint_adopt", "workshop", "touchpoint"),
        {"version": S2},
        {200, 409},
        "admin",
    ),
    (
        "a board adoption with a huge version",
        "post",
        at("workshop_touchpoint_adopt", "workshop", "touchpoint"),
        {"version": HUGE},
        {200, 409},
        "admin",
    ),
    (
        "an unknown phase",
        "post",
        at("workshop_phase", "workshop"),
        {"phase": "party"},
        {302},
        "admin",
    ),
    (
        "a superscript timer",
        "post",
        at("workshop_timer", "workshop"),
        {"minutes": S2},
        {302},
        "admin",
    ),
    ("a huge timer", "post", at("workshop_timer", "workshop"), {"minutes": HUGE}, {302}, "admin"),
    (
        "a merge into a superscript id",
        "post",
        at("proposal_merge", "workshop", "proposal"),
        {"into": S2},
        {404},
        "admin",
    ),
    (
        "a merge into a huge id",
        "post",
        at("proposal_merge", "workshop", "proposal"),
        {"into": HUGE},
        {404},
        "admin",
    ),
    (
        "a merge into a 5,000-digit id",
        "post",
        at("proposal_merge", "workshop", "proposal"),
        {"into": "9" * 5000},
        {404},
        "admin",
    ),
    (
        "a workshop scope of malformed ids",
        "post",
        at("workshop_create"),
        {"title": "T", "date": "2030-01-01", "business_units": ["abc", S2, HUGE, -1]},
        {200},
        "admin",
    ),
    (
        "a workshop without a title or date",
        "post",
        at("workshop_create"),
        {"date": "yesterday"},
        {200},
        "admin",
    ),
    (
        "a report at a negative depth",
        "post",
        at("report_request"),
        {"granularity": "depth", "business_depth": -1},
        {200},
        "admin",
    ),
    (
        "a report at a huge depth",
        "post",
        at("report_request"),
        {"granularity": "depth", "business_depth": HUGE},
        {200},
        "admin",
    ),
    (
        "a report of an unknown granularity",
        "post",
        at("report_request"),
        {"granularity": "atoms"},
        {200},
        "admin",
    ),
    ("an unknown role", "post", at("member_role", "member"), {"role": "emperor"}, {302}, "admin"),
    ("a member without a name", "post", at("member_list"), {}, {200}, "admin"),
    (
        "a channel without a name",
        "post",
        at("channel_list"),
        {"category": "nonsense"},
        {200},
        "admin",
    ),
    (
        "an unknown side mark",
        "post",
        at("unit_side", "unit"),
        {"side_mark": "purple"},
        {200},
        "admin",
    ),
    ("bulk marking no unit", "post", at("units_mark"), {"side_mark": "it"}, {302}, "admin"),
    (
        "bulk marking with an unknown side mark",
        "post",
        at("units_mark"),
        {"units": "1", "side_mark": "purple"},
        {302},
        "admin",
    ),
    (
        "bulk marking units that are not ids",
        "post",
        at("units_mark"),
        {"units": ["abc", HUGE], "side_mark": "it"},
        {302},
        "admin",
    ),
    (
        "a retirement confirmation that is not a number",
        "post",
        at("import_apply", "job"),
        {"confirm_retire": "lots"},
        {302},
        "admin",
    ),
    (
        "an unknown import mode",
        "post",
        at("import_preview", "job"),
        {"mode": "wipe"},
        {200},
        "admin",
    ),
    (
        "an upload without a file",
        "post",
        at("import_upload"),
        {"mapping": "nonsense"},
        {200},
        "admin",
    ),
    (
        "a mapping to an unknown column",
        "post",
        at("import_preview", "job"),
        {"name": "No such column"},
        {200},
        "admin",
    ),
    (
        "a recommendation with an unknown placeholder",
        "post",
        at("recommendation_texts"),
        {"GAP-01": "{nope} {"},
        {200},
        "admin",
    ),
    (
        "a score out of range",
        "post",
        at("participant_rate", "touchpoint"),
        {"score": "9"},
        {302},
        "participant",
    ),
    ("a proposal without fields", "post", at("participant_propose"), {}, {422}, "participant"),
    (
        "a proposal with a huge unit id",
        "post",
        at("participant_propose"),
        {"business_unit": HUGE, "it_team": S2, "level": "cosmic"},
        {422},
        "participant",
    ),
    # Wrong methods.
    (
        "a GET to delete a touch point",
        "get",
        at("touchpoint_delete", "touchpoint"),
        {},
        {405},
        "admin",
    ),
    ("a GET to remove a member", "get", at("member_remove", "member"), {}, {405}, "admin"),
    ("a GET to apply an import", "get", at("import_apply", "job"), {}, {405}, "admin"),
    ("a GET to close a workshop", "get", at("workshop_close", "workshop"), {}, {405}, "admin"),
    ("a GET to request a report", "get", at("report_request"), {}, {405}, "admin"),
    ("a GET to request a board pack", "get", at("report_board_pack"), {}, {405}, "admin"),
    (
        "a board pack of malformed filters",
        "post",
        at("report_board_pack"),
        {"location": "abc", "division": "-1", "level": "<script>"},
        {302},
        "admin",
    ),
    ("a GET to rate", "get", at("participant_rate", "touchpoint"), {}, {405}, "participant"),
    ("a DELETE on the touch point form", "delete", at("touchpoint_create"), {}, {405}, "admin"),
    ("a PUT on the workshop plan", "put", at("workshop_edit", "workshop"), {}, {405}, "admin"),
    ("a POST to a dashboard", "post", at("dashboard_heatmaps"), {}, {405}, "admin"),
    ("a POST to the network data", "post", at("dashboard_network_data"), {}, {405}, "admin"),
]


@pytest.mark.parametrize("row", MALFORMED, ids=sentence)
def test_malformed_input_gets_a_clear_answer_never_a_500(
    scene: Scene, other: Scene, people: People, row: Any
) -> None:
    _, method, url, data, statuses, who = row
    response = send(client_of(scene, people, who), method, url(scene, other), data)
    assert response.status_code in statuses


@pytest.mark.parametrize(
    ("code", "status"),
    [("", 404), ("%00", 404), ("x" * 500, 404), ("ABC-DEF-GHJ-KLM", 404)],
    ids=["an empty code", "a null byte", "a very long code", "an unknown code"],
)
def test_a_bad_join_code_says_so(scene: Scene, code: str, status: int) -> None:
    response = Client().post(reverse("join"), {"code": code})
    assert response.status_code == status
    assert b"No open workshop has this code" in response.content


def test_a_null_character_in_a_workshop_code_is_a_400(scene: Scene) -> None:
    client = participant_client(scene)
    response = client.get(reverse("participant_home", args=[f"{scene.code}\x00"]))
    assert response.status_code == 400
    assert b"null character" in response.content


@pytest.mark.parametrize(
    "data",
    [
        {"title": "x", "granularity": "full", "instrument": "other"},
        {"title": "x", "granularity": "full", "instrument": str(HUGE)},
        {"title": "x", "granularity": "units", "unit_codes": ""},
        {"title": "", "granularity": "full"},
    ],
    ids=["another workspace's instrument", "a huge instrument id", "no units", "no title"],
)
def test_a_round_with_bad_input_is_refused_with_a_message(
    scene: Scene, other: Scene, people: People, data: dict[str, str]
) -> None:
    from assessments.rounds import default_instrument

    if data.get("instrument") == "other":
        data = {**data, "instrument": str(default_instrument(other.org.workspace).pk)}
    before = SurveyRound.objects.count()
    response = client_for(people.admin).post(reverse("round_open", args=[scene.slug]), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert SurveyRound.objects.count() == before


@pytest.mark.parametrize(
    "data",
    [{"side": "finance"}, {"side": "it", "unit": str(HUGE)}, {"side": "it", "role_level": "ceo"}],
    ids=["an unknown side", "a huge unit id", "an unknown role level"],
)
def test_a_respondent_with_bad_input_is_asked_again(scene: Scene, data: dict[str, str]) -> None:
    assert scene.survey_round is not None
    url = reverse("survey_start", args=[scene.survey_round.link_token])
    response = Client().post(url, data)
    assert response.status_code == 200 and response.context["form"].errors
    assert not scene.survey_round.responses.exists()


@pytest.mark.parametrize("answer", ["6", "0", "x", SUPERSCRIPT_TWO, str(HUGE)])
def test_an_answer_out_of_range_is_refused(scene: Scene, answer: str) -> None:
    assert scene.survey_round is not None
    token = scene.survey_round.link_token
    client = Client()
    client.post(reverse("survey_start", args=[token]), {"side": "it"})
    data = {"COM-1": answer, "COM-2": "4", "COM-3": "4", "COM-4": "4"}
    response = client.post(reverse("survey_criterion", args=[token, "COM"]), data)
    assert response.status_code == 200 and "COM-1" in response.context["form"].errors
    assert scene.survey_round.responses.get().answers == {}
