import pytest
from django.test import RequestFactory
from django.urls import reverse
from pytest_django.fixtures import Settings

from convergence.access import get_membership
from convergence.models import Capability, Role
from tests.conftest import Org, People, client_for

pytestmark = pytest.mark.django_db


def test_login_page_logs_a_member_in(org: Org, people: People) -> None:
    from tests.conftest import PASSWORD

    client = client_for(None)
    assert client.get(reverse("login")).status_code == 200
    response = client.post(reverse("login"), {"username": "vera", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.post(reverse("logout")).status_code == 302


def test_a_wrong_password_is_refused(org: Org, people: People) -> None:
    response = client_for(None).post(reverse("login"), {"username": "vera", "password": "nope"})
    assert b"didn&#x27;t match" in response.content or b"didn't match" in response.content


def test_home_lists_only_my_workspaces(org: Org, other_org: Org, people: People) -> None:
    response = client_for(people.viewer).get(reverse("home"))
    assert b"Acme" in response.content and b"Other Corp" not in response.content


def test_home_requires_login() -> None:
    assert client_for(None).get(reverse("home")).status_code == 302


def test_workspace_home_shows_counts(org: Org, people: People) -> None:
    org.touchpoint()
    response = client_for(people.manager).get(reverse("workspace_home", args=["acme"]))
    assert response.context["touchpoint_count"] == 1
    assert (
        client_for(people.outsider).get(reverse("workspace_home", args=["acme"])).status_code == 404
    )
    assert (
        client_for(people.viewer).get(reverse("workspace_home", args=["nope"])).status_code == 404
    )


@pytest.mark.parametrize(
    ("role", "capability", "allowed"),
    [
        (Role.VIEWER, Capability.VIEW, True),
        (Role.VIEWER, Capability.REPORTS, False),
        (Role.MANAGER, Capability.REPORTS, True),
        (Role.MANAGER, Capability.EDIT_TOUCHPOINTS, False),
        (Role.FACILITATOR, Capability.RUN_WORKSHOPS, True),
        (Role.FACILITATOR, Capability.ADMINISTER, False),
        (Role.ADMIN, Capability.ADMINISTER, True),
    ],
)
def test_roles_grant_capabilities(role: str, capability: Capability, allowed: bool) -> None:
    from convergence.models import Membership

    assert Membership(role=role).can(capability) is allowed


def test_the_access_helper_hides_foreign_workspaces(
    org: Org, people: People, rf: RequestFactory
) -> None:
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    request = rf.get("/")
    request.user = people.outsider
    with pytest.raises(Http404):
        get_membership(request, "acme", Capability.VIEW)
    request.user = people.viewer
    with pytest.raises(PermissionDenied):
        get_membership(request, "acme", Capability.EDIT_TOUCHPOINTS)
    assert get_membership(request, "acme", Capability.VIEW).workspace == org.workspace


def test_health_reports_database_and_broker(db: None) -> None:
    response = client_for(None).get(reverse("health"))
    body = response.json()
    assert body["database"] == "ok"
    assert body["broker"] in {"ok", "in-process"}
    assert response.status_code == 200


def test_health_says_when_the_broker_is_down(db: None, settings: Settings) -> None:
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client_for(None).get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["broker"].startswith("error")


def test_admin_shows_staff_only_the_workspaces_they_administer(
    org: Org, other_org: Org, people: People
) -> None:
    people.admin.is_staff = True
    people.admin.save()
    from django.contrib.auth.models import Permission

    people.admin.user_permissions.add(Permission.objects.get(codename="view_orgunit"))
    response = client_for(people.admin).get("/admin/touchpoints/orgunit/")
    assert response.status_code == 200
    assert b"Acme Group" in response.content and b"Other Corp Group" not in response.content


def test_every_model_is_in_the_admin_and_its_list_opens(org: Org, people: People) -> None:
    from django.apps import apps
    from django.contrib import admin
    from django.contrib.auth.models import User

    ours = [
        model
        for label in ("convergence", "touchpoints", "assessments")
        for model in apps.get_app_config(label).get_models()
        if not model._meta.auto_created
    ]
    missing = [model.__name__ for model in ours if model not in admin.site._registry]
    assert missing == []
    root = User.objects.create_superuser("root", password="x")
    client = client_for(root)
    for model in ours:
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        assert client.get(url).status_code == 200, url


def test_anyone_logged_in_starts_a_workspace_and_becomes_its_admin(
    org: Org, people: People
) -> None:
    response = client_for(people.viewer).post(reverse("home"), {"name": "Globex Holdings"})
    assert response.status_code == 302 and response["Location"] == "/w/globex-holdings/"
    from convergence.models import Membership, Workspace

    workspace = Workspace.objects.get(slug="globex-holdings")
    assert Membership.objects.get(workspace=workspace).user == people.viewer
    assert Membership.objects.get(workspace=workspace).role == Role.ADMIN
    assert workspace.channels.count() == 6


def test_a_taken_or_empty_short_name_is_refused(org: Org, people: People) -> None:
    from convergence.models import Workspace

    client = client_for(people.viewer)
    taken = client.post(reverse("home"), {"name": "Acme"})
    assert "slug" in taken.context["form"].errors
    nameless = client.post(reverse("home"), {"name": "!!!"})
    assert "slug" in nameless.context["form"].errors
    assert Workspace.objects.count() == 2


def test_anonymous_cannot_start_a_workspace(db: None) -> None:
    from convergence.models import Workspace

    assert client_for(None).post(reverse("home"), {"name": "Sneaky"}).status_code == 302
    assert not Workspace.objects.exists()
