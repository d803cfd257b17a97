"""The admin takeover of issue 16, tried for real: a staff admin of Acme only, with the
account permissions, reaches no other tenant's account and cannot raise its own rights."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.test import Client

from convergence.models import Membership, Role
from tests.conftest import PASSWORD, Org, People, client_for, make_user


@pytest.fixture
def staff(org: Org, people: People) -> User:
    """Acme's admin, made staff and given every permission on accounts and groups."""
    user = people.admin
    user.is_staff = True
    user.save()
    perms = Permission.objects.filter(content_type__app_label="auth")
    user.user_permissions.add(*perms)
    return user


def change_url(user: User) -> str:
    return f"/admin/auth/user/{user.pk}/change/"


def password_url(user: User) -> str:
    return f"/admin/auth/user/{user.pk}/password/"


def test_the_other_tenants_admin_cannot_be_opened_nor_reset(staff: User, people: People) -> None:
    client = client_for(staff)
    assert client.get(change_url(people.outsider)).status_code == 302
    new = {"password1": "pwned-pwned-99", "password2": "pwned-pwned-99"}
    client.post(password_url(people.outsider), new | {"usable_password": "true"})
    people.outsider.refresh_from_db()
    assert people.outsider.check_password(PASSWORD)
    assert not people.outsider.check_password("pwned-pwned-99")


def test_a_member_of_another_workspace_too_cannot_be_reset(
    staff: User, people: People, other_org: Org
) -> None:
    Membership.objects.create(workspace=other_org.workspace, user=people.viewer, role=Role.ADMIN)
    client = client_for(staff)
    # Shown read-only (the view permission), never saved.
    assert b'name="username"' not in client.get(change_url(people.viewer)).content
    assert client.post(change_url(people.viewer), {"username": "vera2"}).status_code == 403
    new = {"password1": "pwned-pwned-99", "password2": "pwned-pwned-99"}
    assert client.post(password_url(people.viewer), new).status_code == 403
    people.viewer.refresh_from_db()
    assert people.viewer.check_password(PASSWORD)


def test_a_member_of_only_its_own_workspace_can_be_reset(staff: User, people: People) -> None:
    new = {
        "password1": "fresh-start-2026",
        "password2": "fresh-start-2026",
        "usable_password": "true",
    }
    response = client_for(staff).post(password_url(people.viewer), new)
    assert response.status_code == 302
    people.viewer.refresh_from_db()
    assert people.viewer.check_password("fresh-start-2026")


def test_staff_cannot_make_itself_superuser_nor_grant_itself_rights(staff: User) -> None:
    group = Group.objects.create(name="everything")
    group.permissions.add(*Permission.objects.all())
    form = {
        "username": staff.username,
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "groups": [group.pk],
        "user_permissions": [p.pk for p in Permission.objects.all()],
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
    }
    client = client_for(staff)
    response = client.post(change_url(staff), form)
    assert response.status_code == 302
    staff.refresh_from_db()
    assert not staff.is_superuser
    assert not staff.groups.exists()
    assert (
        staff.user_permissions.count()
        == Permission.objects.filter(content_type__app_label="auth").count()
    )
    page = client.get(change_url(staff)).content
    assert b'name="username"' in page and b'name="is_superuser"' not in page


def test_the_account_list_and_picker_show_only_its_members(
    staff: User, people: People, other_org: Org
) -> None:
    hidden = make_user("zed-other", other_org.workspace, Role.VIEWER)
    client = client_for(staff)
    listing = client.get("/admin/auth/user/")
    assert listing.status_code == 200
    assert b"fiona" in listing.content
    assert b"oscar" not in listing.content and b"zed-other" not in listing.content
    picker = "/admin/autocomplete/?app_label=convergence&model_name=membership&field_name=user"
    browsed = client.get(picker + "&term=").json()["results"]
    assert {row["text"] for row in browsed} == {"alice", "fiona", "mark", "vera"}
    partial = client.get(picker + "&term=zed").json()["results"]
    assert partial == []
    exact = client.get(picker + "&term=zed-other").json()["results"]
    assert [row["text"] for row in exact] == [hidden.username]


def test_groups_are_for_superusers_only(staff: User) -> None:
    Group.objects.create(name="editors")
    client = client_for(staff)
    assert client.get("/admin/auth/group/").status_code == 403
    assert client.post("/admin/auth/group/add/", {"name": "mine"}).status_code == 403
    root = User.objects.create_superuser("root", password="x")
    assert Client().get("/admin/auth/group/").status_code == 302
    assert client_for(root).get("/admin/auth/group/").status_code == 200
