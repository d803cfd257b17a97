"""Every URL of a workspace, as a table: anonymous people log in, strangers get 404, roles 403.

Each row is one view: its URL name, method, arguments (scene attributes, or literals), and the
capability it needs. Adding a view to a urls.py without a row here fails
test_every_workspace_url_is_in_the_table.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from assessments.models import Action, Target
from convergence.models import Capability, GroupMapping, Invitation, Membership, Role
from tests.conftest import Org, People, client_for, make_user
from tests.scene import Scene, World, participant_client, respondent_client, world
from touchpoints.models import Person, TouchPoint

pytestmark = pytest.mark.django_db
__all__ = ["world"]  # the module-scoped fixture, imported to be found

VIEW, REPORTS = Capability.VIEW, Capability.REPORTS
EDIT, RUN, ADMIN = Capability.EDIT_TOUCHPOINTS, Capability.RUN_WORKSHOPS, Capability.ADMINISTER
PLAN = Capability.PLAN
SCENE_ARGS = {
    "touchpoint",
    "workshop",
    "proposal",
    "job",
    "report",
    "member",
    "channel",
    "unit",
    "target",
    "action",
    "survey_round",
    "closed_workshop",
    "person",
    "people_upload",
    "meeting_import",
    "suggestion",
    "api_token",
    "invitation",
    "group_mapping",
    "webhook",
    "delivery",
}

# (URL name, method, arguments after the slug, capability needed)
WORKSPACE_URLS: list[tuple[str, str, tuple[str, ...], Capability]] = [
    ("workspace_home", "get", (), VIEW),
    ("glossary", "get", (), VIEW),
    ("member_list", "get", (), ADMIN),
    ("member_list", "post", (), ADMIN),
    ("member_role", "post", ("member",), ADMIN),
    ("member_remove", "post", ("member",), ADMIN),
    ("workspace_settings", "get", (), ADMIN),
    ("audit_log", "get", (), ADMIN),
    ("audit_export", "get", (), ADMIN),
    ("invitation_create", "post", (), ADMIN),
    ("invitation_revoke", "post", ("invitation",), ADMIN),
    ("group_mapping_list", "get", (), ADMIN),
    ("group_mapping_list", "post", (), ADMIN),
    ("group_mapping_edit", "post", ("group_mapping",), ADMIN),
    ("group_mapping_delete", "post", ("group_mapping",), ADMIN),
    ("webhook_list", "get", (), ADMIN),
    ("webhook_list", "post", (), ADMIN),
    ("webhook_detail", "get", ("webhook",), ADMIN),
    ("webhook_detail", "post", ("webhook",), ADMIN),
    ("webhook_delete", "post", ("webhook",), ADMIN),
    ("webhook_rotate", "post", ("webhook",), ADMIN),
    ("webhook_ping", "post", ("webhook",), ADMIN),
    ("webhook_delivery_retry", "post", ("webhook", "delivery"), ADMIN),
    ("touchpoint_list", "get", (), VIEW),
    ("touchpoint_create", "get", (), EDIT),
    ("touchpoint_create", "post", (), EDIT),
    ("touchpoint_edit", "get", ("touchpoint",), EDIT),
    ("touchpoint_edit", "post", ("touchpoint",), EDIT),
    ("touchpoint_delete", "post", ("touchpoint",), EDIT),
    ("orgunit_list", "get", (), VIEW),
    ("units_mark", "post", (), ADMIN),
    ("unit_choices", "get", (), VIEW),
    ("channel_list", "get", (), VIEW),
    ("channel_list", "post", (), ADMIN),
    ("channel_edit", "get", ("channel",), ADMIN),
    ("channel_edit", "post", ("channel",), ADMIN),
    ("channel_delete", "post", ("channel",), ADMIN),
    ("unit_side", "get", ("unit",), ADMIN),
    ("unit_side", "post", ("unit",), ADMIN),
    ("import_list", "get", (), ADMIN),
    ("import_upload", "get", (), ADMIN),
    ("import_upload", "post", (), ADMIN),
    ("import_job", "get", ("job",), ADMIN),
    ("import_preview", "get", ("job",), ADMIN),
    ("import_preview", "post", ("job",), ADMIN),
    ("import_apply", "post", ("job",), ADMIN),
    ("workshop_list", "get", (), VIEW),
    ("workshop_create", "get", (), RUN),
    ("workshop_create", "post", (), RUN),
    ("workshop_unit_search", "get", (), RUN),
    ("workshop_unit_branch", "get", ("unit",), RUN),
    ("workshop_board", "get", ("workshop",), VIEW),
    ("workshop_edit", "get", ("workshop",), RUN),
    ("workshop_edit", "post", ("workshop",), RUN),
    ("workshop_capture", "get", ("workshop",), RUN),
    ("workshop_capture", "post", ("workshop",), RUN),
    ("workshop_touchpoint_edit", "get", ("workshop", "touchpoint"), RUN),
    ("workshop_touchpoint_edit", "post", ("workshop", "touchpoint"), RUN),
    ("workshop_touchpoint_delete", "post", ("workshop", "touchpoint"), RUN),
    ("workshop_touchpoint_adopt", "post", ("workshop", "touchpoint"), RUN),
    ("workshop_adopt_ratings", "post", ("workshop",), RUN),
    ("workshop_phase", "post", ("workshop",), RUN),
    ("workshop_timer", "post", ("workshop",), RUN),
    ("workshop_reveal", "post", ("workshop",), RUN),
    ("workshop_lock", "post", ("workshop",), RUN),
    ("workshop_close", "post", ("workshop",), RUN),
    ("workshop_collect", "post", ("workshop",), RUN),
    ("workshop_outcome", "get", ("closed_workshop",), VIEW),
    ("workshop_outcome_xlsx", "get", ("closed_workshop",), VIEW),
    ("proposals_merge", "post", ("workshop",), RUN),
    ("proposal_accept", "get", ("workshop", "proposal"), RUN),
    ("proposal_accept", "post", ("workshop", "proposal"), RUN),
    ("proposal_reject", "post", ("workshop", "proposal"), RUN),
    ("proposal_merge", "post", ("workshop", "proposal"), RUN),
    ("report_list", "get", (), REPORTS),
    ("report_request", "post", (), REPORTS),
    ("report_detail", "get", ("report",), REPORTS),
    ("report_retry", "post", ("report",), REPORTS),
    ("report_download", "get", ("report", "csv"), REPORTS),
    ("report_download", "get", ("report", "pdf"), REPORTS),
    ("report_download", "get", ("report", "pptx"), REPORTS),
    ("report_board_pack", "post", (), REPORTS),
    ("recommendation_texts", "get", (), ADMIN),
    ("recommendation_texts", "post", (), ADMIN),
    ("report_schedules", "get", (), ADMIN),
    ("report_schedules", "post", (), ADMIN),
    ("survey_list", "get", (), REPORTS),
    ("round_open", "post", (), RUN),
    ("instrument_edit", "get", (), RUN),
    ("instrument_edit", "post", (), RUN),
    ("round_detail", "get", ("survey_round",), RUN),
    ("round_qr", "get", ("survey_round",), RUN),
    ("round_close", "post", ("survey_round",), RUN),
    ("round_results", "get", ("survey_round",), REPORTS),
    ("round_download", "get", ("survey_round", "csv"), REPORTS),
    ("round_download", "get", ("survey_round", "xlsx"), REPORTS),
    ("dashboard", "get", (), REPORTS),
    ("dashboard_heatmaps", "get", (), REPORTS),
    ("dashboard_team_heatmap", "get", (), REPORTS),
    ("dashboard_cell", "get", (), REPORTS),
    ("dashboard_rollup", "get", (), REPORTS),
    ("dashboard_network", "get", (), REPORTS),
    ("dashboard_network_data", "get", (), REPORTS),
    ("dashboard_compare", "get", (), REPORTS),
    ("plan", "get", (), VIEW),
    ("plan_export", "get", ("csv",), VIEW),
    ("plan_next_best", "get", (), VIEW),
    ("plan_next_best_add", "post", (), PLAN),
    ("target_new", "get", (), PLAN),
    ("target_new", "post", (), PLAN),
    ("target_edit", "get", ("target",), PLAN),
    ("target_edit", "post", ("target",), PLAN),
    ("target_delete", "post", ("target",), PLAN),
    ("action_new", "get", (), PLAN),
    ("action_new", "post", (), PLAN),
    ("action_detail", "get", ("action",), VIEW),
    ("unit_detail", "get", ("unit",), VIEW),
    ("action_edit", "get", ("action",), PLAN),
    ("action_edit", "post", ("action",), PLAN),
    ("action_move", "post", ("action",), PLAN),
    ("action_add_touchpoint", "post", ("action",), PLAN),
    ("action_delete", "post", ("action",), PLAN),
    ("meeting_imports", "get", (), ADMIN),
    ("meeting_imports", "post", (), ADMIN),
    ("meeting_import", "get", ("meeting_import",), ADMIN),
    ("meeting_import_retry", "post", ("meeting_import",), ADMIN),
    ("suggestion_list", "get", (), EDIT),
    ("suggestion_bulk_accept", "post", (), EDIT),
    ("suggestion_accept", "post", ("suggestion",), EDIT),
    ("suggestion_accept_edit", "get", ("suggestion",), EDIT),
    ("suggestion_accept_edit", "post", ("suggestion",), EDIT),
    ("suggestion_merge", "post", ("suggestion",), EDIT),
    ("suggestion_reject", "post", ("suggestion",), EDIT),
    ("person_list", "get", (), EDIT),
    ("person_erase", "get", ("person",), ADMIN),
    ("person_erase", "post", ("person",), ADMIN),
    ("people_upload", "get", (), ADMIN),
    ("people_upload", "post", (), ADMIN),
    ("people_upload_detail", "get", ("people_upload",), ADMIN),
    ("people_upload_retry", "post", ("people_upload",), ADMIN),
    ("level_rules", "get", (), ADMIN),
    ("level_rules", "post", (), ADMIN),
    ("channel_keywords", "get", (), ADMIN),
    ("channel_keywords", "post", (), ADMIN),
    ("api_tokens", "get", (), VIEW),
    ("api_tokens", "post", (), VIEW),
    ("api_token_revoke", "post", ("api_token",), VIEW),
]
# The highest role without the capability: it must get 403 (VIEW is every member's).
UNDER_PRIVILEGED = {
    REPORTS: "viewer",
    PLAN: "viewer",
    EDIT: "manager",
    RUN: "manager",
    ADMIN: "facilitator",
}
ROLE_FOR = {
    VIEW: "viewer",
    REPORTS: "manager",
    PLAN: "manager",
    EDIT: "facilitator",
    RUN: "facilitator",
}
PUBLIC_URLS = {"home", "health", "login", "logout", "accessibility"}
# Signing in and passwords (convergence.passwords, mozilla-django-oidc), and an invitation's link,
# whose token is the credential (tests/convergence/test_invitations.py).
ACCOUNT_URLS = {
    "oidc_authentication_init",
    "oidc_authentication_callback",
    "oidc_logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "password_change",
    "password_change_done",
    "invitation_accept",
}
PARTICIPANT_URLS = {
    "join",
    "join_workshop",
    "participant_home",
    "participant_propose",
    "participant_rate",
}
RESPONDENT_URLS = {"survey_start", "survey_units", "survey_criterion", "survey_thanks"}


@pytest.fixture
def scene(world: World, db: None) -> Scene:
    return world.scene


@pytest.fixture
def people(world: World) -> People:
    return world.people


@pytest.fixture
def other(world: World) -> Scene:
    return world.other


def url_of(scene: Scene, name: str, args: tuple[str, ...]) -> str:
    values: list[Any] = [scene.slug]
    for arg in args:
        values.append(getattr(scene, arg).pk if arg in SCENE_ARGS else arg)
    query = {
        "dashboard_cell": f"?row={scene.unit.pk}",
        "unit_choices": "?side=business&field=business_unit&unit_search=Sa",
    }.get(name, "")
    return reverse(name, args=values) + query


def call(client: Client, method: str, url: str) -> Any:
    return client.get(url) if method == "get" else client.post(url, {})


def case_id(row: tuple[str, str, tuple[str, ...], Capability]) -> str:
    return f"{row[1].upper()} {row[0]}"


@pytest.mark.parametrize("row", WORKSPACE_URLS, ids=case_id)
def test_anonymous_people_are_sent_to_log_in(scene: Scene, row: Any) -> None:
    name, method, args, _ = row
    response = call(client_for(None), method, url_of(scene, name, args))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.parametrize("row", WORKSPACE_URLS, ids=case_id)
def test_a_member_of_another_workspace_gets_404_and_nothing_changes(
    scene: Scene, people: People, row: Any
) -> None:
    name, method, args, _ = row
    response = call(client_for(people.outsider), method, url_of(scene, name, args))
    assert response.status_code == 404
    assert scene.org.workspace.name.encode() not in response.content
    assert TouchPoint.objects.filter(pk=scene.touchpoint.pk).exists()
    assert Membership.objects.filter(pk=scene.member.pk).exists()
    assert scene.invitation is not None and scene.group_mapping is not None
    assert Invitation.objects.pending().filter(pk=scene.invitation.pk).exists()
    assert GroupMapping.objects.filter(pk=scene.group_mapping.pk).exists()
    assert Action.objects.filter(pk=scene.action.pk).exists()
    assert Target.objects.filter(pk=scene.target.pk).exists()
    assert scene.person is not None and Person.objects.present().filter(pk=scene.person.pk)


@pytest.mark.parametrize("row", [row for row in WORKSPACE_URLS if row[3] != VIEW], ids=case_id)
def test_a_role_without_the_capability_gets_403(scene: Scene, people: People, row: Any) -> None:
    name, method, args, capability = row
    user = getattr(people, UNDER_PRIVILEGED[capability])
    response = call(client_for(user), method, url_of(scene, name, args))
    assert response.status_code == 403


@pytest.mark.parametrize("row", [row for row in WORKSPACE_URLS if row[1] == "get"], ids=case_id)
def test_the_least_role_with_the_capability_opens_the_page(
    scene: Scene, people: People, row: Any
) -> None:
    name, method, args, capability = row
    user = getattr(people, ROLE_FOR.get(capability, "admin"))
    response = call(client_for(user), method, url_of(scene, name, args))
    assert response.status_code == 200


def url_names(patterns: list[Any]) -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        # The API's routes (ninja's) have their own table, made from its schema (tests/api/).
        if isinstance(pattern, URLResolver) and "admin" != pattern.app_name != "ninja":
            names |= url_names(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(pattern.name)
    return names


def test_every_workspace_url_is_in_the_table() -> None:
    listed = {row[0] for row in WORKSPACE_URLS} | PUBLIC_URLS | PARTICIPANT_URLS | RESPONDENT_URLS
    listed |= ACCOUNT_URLS
    assert url_names(get_resolver().url_patterns) == listed


def test_home_lists_only_the_users_own_workspaces(scene: Scene, people: People) -> None:
    response = client_for(people.outsider).get(reverse("home"))
    assert response.status_code == 200
    assert b"Other Corp" in response.content and b"Acme" not in response.content


def test_anonymous_people_are_sent_to_log_in_from_home(scene: Scene) -> None:
    response = client_for(None).get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


PARTICIPANT_ROWS = [
    ("participant_home", "get", ()),
    ("participant_propose", "post", ()),
    ("participant_rate", "post", ("touchpoint",)),
]


def participant_url(scene: Scene, name: str, args: tuple[str, ...]) -> str:
    return reverse(name, args=[scene.code, *(getattr(scene, arg).pk for arg in args)])


@pytest.mark.parametrize("row", PARTICIPANT_ROWS, ids=lambda row: f"{row[1].upper()} {row[0]}")
def test_someone_who_has_not_joined_is_sent_to_the_join_page(scene: Scene, row: Any) -> None:
    name, method, args = row
    response = call(Client(), method, participant_url(scene, name, args))
    assert response.status_code == 302
    assert response["Location"] == reverse("join_workshop", args=[scene.code])


@pytest.mark.parametrize("row", PARTICIPANT_ROWS, ids=lambda row: f"{row[1].upper()} {row[0]}")
def test_a_participant_of_another_workshop_is_sent_to_the_join_page(
    scene: Scene, other: Scene, row: Any
) -> None:
    name, method, args = row
    response = call(participant_client(other), method, participant_url(scene, name, args))
    assert response.status_code == 302
    assert response["Location"] == reverse("join_workshop", args=[scene.code])
    assert not scene.workshop.proposals.exclude(pk=scene.proposal.pk).exists()


def test_a_participant_sees_only_their_workshop(scene: Scene, other: Scene) -> None:
    response = participant_client(scene).get(reverse("participant_home", args=[scene.code]))
    assert response.status_code == 200
    assert b"Acme weekly desk" in response.content or b"Acme workshop" in response.content
    assert b"Other Corp" not in response.content
    assert other.workshop.title.encode() not in response.content


def survey_url(scene: Scene, name: str, *args: str) -> str:
    assert scene.survey_round is not None
    return reverse(name, args=[scene.survey_round.link_token, *args])


@pytest.mark.parametrize(
    "name,args", [("survey_criterion", ("GOV",)), ("survey_thanks", ())], ids=str
)
def test_a_respondent_of_another_round_is_sent_to_this_rounds_first_page(
    scene: Scene, other: Scene, name: str, args: tuple[str, ...]
) -> None:
    client, url = respondent_client(other), survey_url(scene, name, *args)
    response = client.post(url, {"GOV-1": "5"}) if args else client.get(url)
    assert response.status_code == 302
    assert response["Location"] == survey_url(scene, "survey_start")
    assert scene.survey_round is not None and not scene.survey_round.responses.exists()


def test_the_unit_search_of_a_round_offers_only_its_workspaces_units(
    scene: Scene, other: Scene
) -> None:
    response = Client().get(survey_url(scene, "survey_units") + "?q=a")
    assert b"Sales" in response.content
    other_ids = {str(unit.pk) for unit in (other.org.sales, other.org.finance, other.org.apps)}
    assert not any(f'value="{pk}"'.encode() in response.content for pk in other_ids)


def test_a_respondent_cannot_name_another_workspaces_unit(scene: Scene, other: Scene) -> None:
    response = Client().post(
        survey_url(scene, "survey_start"), {"side": "business", "unit": other.org.sales.pk}
    )
    assert response.status_code == 200
    assert b"Choose a unit from the list" in response.content
    assert scene.survey_round is not None and not scene.survey_round.responses.exists()


def test_an_unknown_link_answers_404(scene: Scene) -> None:
    assert Client().get(reverse("survey_start", args=["no-such-round"])).status_code == 404


# The Django admin, for staff who are not superusers: only the workspaces they administer.


def staff_admin_of(workspace_org: Org) -> User:
    user = make_user("stan", workspace_org.workspace, Role.ADMIN)
    user.is_staff = True
    user.save()
    ours = Permission.objects.filter(
        content_type__app_label__in=["convergence", "touchpoints", "assessments"]
    )
    user.user_permissions.add(*ours)
    return user


def admin_models() -> list[str]:
    from django.contrib import admin

    return sorted(
        f"{model._meta.app_label}/{model._meta.model_name}"
        for model in admin.site._registry
        if model._meta.app_label in {"convergence", "touchpoints", "assessments"}
    )


@pytest.mark.parametrize("model", admin_models())
def test_a_staff_admin_sees_no_other_workspace_in_the_admin_list(
    scene: Scene, other: Scene, model: str
) -> None:
    response = client_for(staff_admin_of(scene.org)).get(f"/admin/{model}/")
    assert response.status_code == 200
    assert b"Other Corp" not in response.content


@pytest.mark.parametrize(
    "model", ["touchpoints/orgunit", "touchpoints/location", "touchpoints/workshop"]
)
def test_a_staff_admin_is_offered_no_other_workspace_in_admin_forms(
    scene: Scene, other: Scene, model: str
) -> None:
    response = client_for(staff_admin_of(scene.org)).get(f"/admin/{model}/add/")
    assert response.status_code == 200
    assert b"Other Corp" not in response.content
    assert f'value="{other.unit.pk}"'.encode() not in response.content
    assert f'value="{other.org.london.pk}"'.encode() not in response.content


def test_a_staff_admin_cannot_open_another_workspaces_object_in_the_admin(
    scene: Scene, other: Scene
) -> None:
    client = client_for(staff_admin_of(scene.org))
    response = client.get(f"/admin/touchpoints/touchpoint/{other.touchpoint.pk}/change/")
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_a_staff_admin_cannot_point_a_row_at_another_workspace_in_the_admin(
    scene: Scene, other: Scene
) -> None:
    client = client_for(staff_admin_of(scene.org))
    url = f"/admin/touchpoints/location/{scene.org.london.pk}/change/"
    response = client.post(url, {"name": "Moved", "workspace": other.org.workspace.pk})
    assert response.status_code == 200 and "workspace" in response.context["adminform"].errors
    scene.org.london.refresh_from_db()
    assert scene.org.london.workspace_id == scene.org.workspace.pk
