"""The group mappings: an admin's page (audited), and what a sign-in's groups make of them."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from convergence.models import AuditEntry, GroupMapping, Membership, Role, Workspace
from convergence.sso.mappings import apply_group_mappings, groups_of
from tests.conftest import Org, People, client_for, htmx_client_for

pytestmark = pytest.mark.django_db


def url(name: str = "group_mapping_list", *args: int) -> str:
    return reverse(name, args=["acme", *args])


def mapping(org: Org, group: str, role: str) -> GroupMapping:
    return GroupMapping.objects.create(workspace=org.workspace, group=group, role=role)


def test_an_admin_maps_a_group_and_it_is_audited(org: Org, people: People) -> None:
    response = client_for(people.admin).post(url(), {"group": " it-staff ", "role": "manager"})
    assert response.status_code == 302
    created = GroupMapping.objects.get(workspace=org.workspace)
    assert (created.group, created.role) == ("it-staff", Role.MANAGER)
    entry = AuditEntry.objects.get(action="sso_mapping.created")
    assert entry.actor == people.admin and entry.after == {"group": "it-staff", "role": "manager"}
    page = client_for(people.admin).get(url())
    assert b"it-staff" in page.content and b"not configured on this server" in page.content


def test_a_group_is_mapped_once(org: Org, people: People) -> None:
    mapping(org, "it-staff", Role.VIEWER)
    response = client_for(people.admin).post(url(), {"group": "it-staff", "role": "admin"})
    assert response.status_code == 200 and "group" in response.context["form"].errors
    assert GroupMapping.objects.get().role == Role.VIEWER


def test_an_admin_changes_and_deletes_a_mapping_each_audited(org: Org, people: People) -> None:
    staff = mapping(org, "it-staff", Role.VIEWER)
    client = client_for(people.admin)
    client.post(url("group_mapping_edit", staff.pk), {"role": "facilitator"})
    staff.refresh_from_db()
    assert staff.role == Role.FACILITATOR
    changed = AuditEntry.objects.get(action="sso_mapping.changed")
    assert changed.before == {"role": "viewer"} and changed.after == {"role": "facilitator"}
    client.post(url("group_mapping_delete", staff.pk))
    assert not GroupMapping.objects.exists()
    deleted = AuditEntry.objects.get(action="sso_mapping.deleted")
    assert deleted.before == {"group": "it-staff", "role": "facilitator"}


def test_another_workspaces_mapping_answers_404(org: Org, other_org: Org, people: People) -> None:
    theirs = mapping(other_org, "their-staff", Role.ADMIN)
    client = client_for(people.admin)
    assert client.post(url("group_mapping_edit", theirs.pk), {"role": "viewer"}).status_code == 404
    assert client.post(url("group_mapping_delete", theirs.pk)).status_code == 404
    assert GroupMapping.objects.get(pk=theirs.pk).role == Role.ADMIN


def test_its_htmx_fragment_is_the_mapping_table(org: Org, people: People) -> None:
    mapping(org, "it-staff", Role.VIEWER)
    response = htmx_client_for(people.admin).get(url())
    assert b"<html" not in response.content and b'id="mappings"' in response.content


def test_the_groups_claim_is_read_as_a_set_of_names() -> None:
    assert groups_of({"groups": ["a", " b ", ""]}) == {"a", "b"}
    assert groups_of({"groups": "solo"}) == {"solo"}
    assert groups_of({}) == set()


class TestAtSignIn:
    @pytest.fixture
    def sam(self, db: None) -> User:
        return User.objects.create_user("sam", "sam@example.org")

    def role_of(self, user: User, org: Org) -> str | None:
        found = Membership.objects.filter(user=user, workspace=org.workspace).first()
        return found.role if found else None

    def test_the_highest_mapped_role_is_granted(self, org: Org, sam: User) -> None:
        mapping(org, "staff", Role.VIEWER)
        mapping(org, "leads", Role.MANAGER)
        apply_group_mappings(sam, {"staff", "leads", "unmapped"})
        assert self.role_of(sam, org) == Role.MANAGER
        assert Membership.objects.get(user=sam).from_sso
        entry = AuditEntry.objects.get(action="member.added")
        assert entry.actor is None and entry.after["by"] == "single sign-on"

    def test_a_changed_group_changes_the_role_and_a_lost_one_removes_it(
        self, org: Org, other_org: Org, sam: User
    ) -> None:
        mapping(org, "staff", Role.VIEWER)
        mapping(org, "leads", Role.ADMIN)
        mapping(other_org, "staff", Role.FACILITATOR)
        apply_group_mappings(sam, {"staff"})
        assert self.role_of(sam, org) == Role.VIEWER
        apply_group_mappings(sam, {"staff", "leads"})
        assert self.role_of(sam, org) == Role.ADMIN
        assert self.role_of(sam, other_org) == Role.FACILITATOR
        apply_group_mappings(sam, {"leads"})
        assert self.role_of(sam, other_org) is None
        assert AuditEntry.objects.filter(action="member.removed").count() == 1

    def test_memberships_it_did_not_grant_are_left_alone(self, org: Org, people: People) -> None:
        mapping(org, "staff", Role.ADMIN)
        apply_group_mappings(people.viewer, {"staff"})
        assert self.role_of(people.viewer, org) == Role.VIEWER
        apply_group_mappings(people.viewer, set())
        assert self.role_of(people.viewer, org) == Role.VIEWER

    def test_the_last_admin_is_not_removed_by_a_sign_in(self, sam: User) -> None:
        lone = Workspace.objects.create(slug="lone", name="Lone")
        GroupMapping.objects.create(workspace=lone, group="founders", role=Role.ADMIN)
        apply_group_mappings(sam, {"founders"})
        apply_group_mappings(sam, set())
        assert Membership.objects.get(user=sam, workspace=lone).role == Role.ADMIN


def test_the_mapping_page_makes_the_same_queries_with_more_mappings(
    org: Org, people: People, django_assert_num_queries: Any
) -> None:
    client = client_for(people.admin)
    mapping(org, "g0", Role.VIEWER)
    # session and user, membership, mappings, the count of members who joined by single sign-on
    with django_assert_num_queries(5):
        client.get(url())
    for n in range(1, 6):
        mapping(org, f"g{n}", Role.MANAGER)
    with django_assert_num_queries(5):
        assert len(client.get(url()).context["mappings"]) == 6
