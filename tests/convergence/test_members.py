import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from convergence.models import Membership, Role
from tests.conftest import (
    PASSWORD,
    Org,
    People,
    client_for,
    htmx_client_for,
    personas_once_per_module,
)

pytestmark = pytest.mark.django_db

# Built once for the module: its tests read them and leave them as they were.
org, other_org, people = personas_once_per_module()


def url(name: str = "member_list", *args: int) -> str:
    return reverse(name, args=["acme", *args])


def membership(user: User) -> Membership:
    return Membership.objects.get(user=user, workspace__slug="acme")


def test_an_admin_sees_the_members_of_the_workspace_only(org: Org, people: People) -> None:
    response = client_for(people.admin).get(url())
    names = [m.user.username for m in response.context["members"]]
    assert names == ["alice", "fiona", "mark", "vera"]


def test_its_htmx_fragment_is_the_member_table(org: Org, people: People) -> None:
    response = htmx_client_for(people.admin).get(url())
    assert b"<html" not in response.content and b'id="members"' in response.content


def test_an_admin_adds_an_existing_user(org: Org, people: People) -> None:
    response = client_for(people.admin).post(url(), {"username": "oscar", "role": "manager"})
    assert response.status_code == 302
    assert membership(people.outsider).role == Role.MANAGER


def test_an_admin_creates_an_account_who_can_then_log_in(org: Org, people: People) -> None:
    data = {"username": "newbie", "role": "viewer", "password": "a-long-first-password"}
    client_for(people.admin).post(url(), data)
    # Through the sign-in form: django-axes needs the request to count attempts.
    credentials = {"username": "newbie", "password": "a-long-first-password"}
    assert client_for(None).post(reverse("login"), credentials).status_code == 302
    assert membership(User.objects.get(username="newbie")).role == Role.VIEWER


def test_a_new_account_needs_a_sound_password(org: Org, people: People) -> None:
    client = client_for(people.admin)
    assert (
        "password" in client.post(url(), {"username": "x", "role": "viewer"}).context["form"].errors
    )
    weak = client.post(url(), {"username": "x", "role": "viewer", "password": "123"})
    assert "password" in weak.context["form"].errors
    assert not User.objects.filter(username="x").exists()


def test_an_admin_changes_a_role(org: Org, people: People) -> None:
    target = membership(people.viewer)
    client_for(people.admin).post(url("member_role", target.pk), {"role": "facilitator"})
    target.refresh_from_db()
    assert target.role == Role.FACILITATOR


def test_an_unknown_role_changes_nothing(org: Org, people: People) -> None:
    target = membership(people.viewer)
    client_for(people.admin).post(url("member_role", target.pk), {"role": "emperor"})
    target.refresh_from_db()
    assert target.role == Role.VIEWER


def test_the_last_admin_can_be_neither_demoted_nor_removed(org: Org, people: People) -> None:
    me = membership(people.admin)
    client = client_for(people.admin)
    response = client.post(url("member_role", me.pk), {"role": "viewer"}, follow=True)
    assert b"at least one admin" in response.content
    client.post(url("member_remove", me.pk))
    me.refresh_from_db()
    assert me.role == Role.ADMIN


def test_adding_the_last_admin_again_as_a_viewer_keeps_them_admin(org: Org, people: People) -> None:
    response = client_for(people.admin).post(
        url(), {"username": "alice", "role": "viewer"}, follow=True
    )
    assert b"at least one admin" in response.content
    assert membership(people.admin).role == Role.ADMIN


def test_an_admin_removes_a_member_who_then_gets_404(org: Org, people: People) -> None:
    client_for(people.admin).post(url("member_remove", membership(people.manager).pk))
    assert (
        client_for(people.manager).get(reverse("workspace_home", args=["acme"])).status_code == 404
    )


def test_members_of_another_workspace_are_out_of_reach(
    org: Org, other_org: Org, people: People
) -> None:
    theirs = Membership.objects.get(user=people.outsider)
    client = client_for(people.admin)
    assert client.post(url("member_role", theirs.pk), {"role": "viewer"}).status_code == 404
    assert client.post(url("member_remove", theirs.pk)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.role == Role.ADMIN


def test_other_roles_get_403_outsiders_404_and_strangers_log_in(org: Org, people: People) -> None:
    for user in (people.facilitator, people.manager, people.viewer):
        assert client_for(user).get(url()).status_code == 403
        assert (
            client_for(user).post(url(), {"username": "oscar", "role": "admin"}).status_code == 403
        )
    assert client_for(people.outsider).get(url()).status_code == 404
    assert client_for(None).get(url()).status_code == 302
    assert not Membership.objects.filter(user=people.outsider, workspace__slug="acme").exists()


def test_the_member_page_has_a_fixed_number_of_queries(
    org: Org, people: People, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    client = client_for(people.admin)
    with django_assert_max_num_queries(6) as few:
        client.get(url())
    for n in range(10):
        Membership.objects.create(
            workspace=org.workspace,
            user=User.objects.create_user(f"u{n}", password=PASSWORD),
            role=Role.VIEWER,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url())
