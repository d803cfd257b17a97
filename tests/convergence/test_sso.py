"""Single sign-on end to end against a real OpenID provider on loopback (django-oidc-provider in
a process of its own: tests/openid_provider), never a mock of the protocol."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Permission, User
from django.core import mail
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from convergence import invitations
from convergence.models import AuditEntry, GroupMapping, Membership, Role, SsoIdentity
from convergence.sso.backend import SsoBackend
from tests.conftest import PASSWORD, Org, People
from tests.openid_provider.running import Provider, openid_provider, sign_in, sso

pytestmark = pytest.mark.django_db(transaction=False)
__all__ = ["openid_provider", "sso"]  # fixtures, imported to be found

SECRET = "provider-side-password"


def role_in(user: User, org: Org) -> str | None:
    found = Membership.objects.filter(user=user, workspace=org.workspace).first()
    return found.role if found else None


def map_group(org: Org, group: str, role: str) -> None:
    GroupMapping.objects.create(workspace=org.workspace, group=group, role=role)


def test_a_first_sign_in_creates_the_account_in_the_mapped_workspace(
    sso: Provider, org: Org
) -> None:
    map_group(org, "acme-staff", Role.MANAGER)
    sso.user("ada", SECRET, "Ada@Example.org", ["acme-staff", "somewhere-else"])
    client = Client()
    response = sign_in(client, "ada", SECRET)
    assert response.status_code == 302 and response["Location"] == "/"
    ada = User.objects.get(username="ada")
    assert ada.email == "Ada@example.org" and not ada.has_usable_password()
    assert role_in(ada, org) == Role.MANAGER
    assert Membership.objects.get(user=ada).from_sso
    assert client.get(reverse("dashboard", args=["acme"])).status_code == 200  # a manager's page
    entry = AuditEntry.objects.get(action="member.added", target="ada")
    assert entry.after["groups"] == ["acme-staff", "somewhere-else"]


def test_a_changed_group_changes_the_role_at_the_next_sign_in(sso: Provider, org: Org) -> None:
    map_group(org, "acme-staff", Role.VIEWER)
    map_group(org, "acme-leads", Role.FACILITATOR)
    sso.user("bo", SECRET, "bo@example.org", ["acme-staff"])
    sign_in(Client(), "bo", SECRET)
    bo = User.objects.get(username="bo")
    assert role_in(bo, org) == Role.VIEWER
    sso.user("bo", SECRET, "bo@example.org", ["acme-leads"])
    sign_in(Client(), "bo", SECRET)
    assert role_in(bo, org) == Role.FACILITATOR
    sso.user("bo", SECRET, "bo@example.org", [])
    client = Client()
    sign_in(client, "bo", SECRET)
    assert role_in(bo, org) is None and User.objects.filter(username="bo").count() == 1
    assert client.get(reverse("workspace_home", args=["acme"])).status_code == 404


def test_an_unknown_group_gives_no_access(sso: Provider, org: Org) -> None:
    map_group(org, "acme-staff", Role.ADMIN)
    sso.user("cy", SECRET, "cy@example.org", ["ACME-STAFF", "visitors"])
    client = Client()
    assert sign_in(client, "cy", SECRET)["Location"] == "/"
    assert not Membership.objects.filter(user__username="cy").exists()
    home = client.get(reverse("home"))
    assert home.status_code == 200 and b"Acme" not in home.content
    assert client.get(reverse("workspace_home", args=["acme"])).status_code == 404


def test_an_account_keeps_its_subject_when_the_e_mail_changes(sso: Provider, org: Org) -> None:
    sso.user("gil", SECRET, "gil@example.org", [])
    sign_in(Client(), "gil", SECRET)
    gil = User.objects.get(username="gil")
    identity = SsoIdentity.objects.get(user=gil)
    assert identity.issuer == sso.url and identity.subject
    sso.user("gil", SECRET, "gil.new@example.org", [])
    sign_in(Client(), "gil", SECRET)
    gil.refresh_from_db()
    assert (
        gil.email == "gil.new@example.org"
        and User.objects.filter(email__startswith="gil").count() == 1
    )


def test_an_existing_account_with_the_address_is_reused(
    sso: Provider, org: Org, people: People
) -> None:
    people.viewer.email = "vera@acme.example"
    people.viewer.save()
    sso.user("vera-at-idp", SECRET, "VERA@acme.example", [])
    client = Client()
    sign_in(client, "vera-at-idp", SECRET)
    assert client.get(reverse("workspace_home", args=["acme"])).status_code == 200
    assert not User.objects.filter(username="vera-at-idp").exists()
    assert role_in(people.viewer, org) == Role.VIEWER  # an admin's membership, left alone


def test_a_superusers_address_gets_a_new_account_not_the_superuser(sso: Provider, org: Org) -> None:
    root = User.objects.create_superuser("root", "root@acme.example", PASSWORD)
    sso.user("root-at-idp", SECRET, "root@acme.example", [])
    sign_in(Client(), "root-at-idp", SECRET)
    assert not SsoIdentity.objects.filter(user=root).exists()
    assert User.objects.filter(email__iexact="root@acme.example", is_superuser=False).exists()


def test_with_passwords_off_a_password_is_refused_and_sso_signs_in(
    sso: Provider, org: Org, people: People, settings: Settings
) -> None:
    settings.LOCAL_PASSWORDS = False
    login = Client().post(reverse("login"), {"username": "vera", "password": PASSWORD})
    assert login.status_code == 403
    page = Client().get(reverse("login"))
    assert b"Sign in with single sign-on" in page.content and b'name="password"' not in page.content
    map_group(org, "acme-staff", Role.VIEWER)
    sso.user("di", SECRET, "di@example.org", ["acme-staff"])
    client = Client()
    sign_in(client, "di", SECRET)
    assert client.get(reverse("workspace_home", args=["acme"])).status_code == 200


def test_an_invitation_is_accepted_through_single_sign_on(
    sso: Provider, org: Org, people: People
) -> None:
    invitations.invite(org.workspace, "eve@example.org", Role.FACILITATOR, people.admin)
    link = re.search(r"/invitations/\S+/", str(mail.outbox[-1].body))
    assert link is not None
    sso.user("eve", SECRET, "eve@example.org", ["unmapped"])
    client = Client()
    assert sign_in(client, "eve", SECRET, next_url=link.group(0))["Location"] == link.group(0)
    joined = client.post(link.group(0))
    assert joined["Location"] == reverse("workspace_home", args=["acme"])
    eve = User.objects.get(username="eve")
    assert role_in(eve, org) == Role.FACILITATOR
    assert not Membership.objects.get(user=eve).from_sso  # the invitation's, kept at sign-ins


def test_a_forged_code_signs_nobody_in(sso: Provider, org: Org) -> None:
    sso.user("fay", SECRET, "fay@example.org", [])
    client = Client()
    start = client.get("/oidc/authenticate/")
    state = re.search(r"state=([^&]+)", start["Location"])
    assert state is not None
    answer = client.get(f"/oidc/callback/?code=forged&state={state.group(1)}", follow=True)
    assert (
        b"Single sign-on did not sign you in" in answer.content
        or b"did not answer" in answer.content
    )
    assert not User.objects.filter(username="fay").exists()
    assert client.get(reverse("home")).status_code == 302


def test_without_a_client_id_there_is_no_single_sign_on(db: None) -> None:
    assert Client().get("/oidc/authenticate/").status_code == 404
    assert b"Sign in with" not in Client().get(reverse("login")).content


def test_a_provider_that_does_not_answer_is_said_so(db: None, settings: Settings) -> None:
    settings.OIDC_RP_CLIENT_ID = "convergence"
    settings.OIDC_OP_DISCOVERY_URL = "http://127.0.0.1:9/.well-known/openid-configuration"
    answer = Client().get("/oidc/authenticate/", follow=True)
    assert answer.redirect_chain[-1][0] == reverse("login")
    assert b"The identity provider did not answer" in answer.content


@pytest.mark.parametrize(
    "claims,accepted",
    [
        ({"sub": "42", "email": "a@example.org", "email_verified": True}, True),
        ({"sub": "42", "email": "a@example.org"}, True),
        ({"sub": "42", "email": "a@example.org", "email_verified": False}, False),
        ({"sub": "42"}, False),
        ({"email": "a@example.org"}, False),
    ],
)
def test_an_address_the_provider_has_not_verified_signs_nobody_in(
    claims: dict[str, object], accepted: bool
) -> None:
    assert SsoBackend().verify_claims(claims) is accepted


def test_staff_see_only_their_members_identities_in_the_admin(org: Org, people: People) -> None:
    SsoIdentity.objects.create(user=people.viewer, issuer="https://idp", subject="vera-sub")
    SsoIdentity.objects.create(user=people.outsider, issuer="https://idp", subject="oscar-sub")
    people.admin.is_staff = True
    people.admin.save()
    people.admin.user_permissions.add(Permission.objects.get(codename="view_ssoidentity"))
    page = Client()
    page.force_login(people.admin)
    listed = page.get("/admin/convergence/ssoidentity/")
    assert b"vera-sub" in listed.content and b"oscar-sub" not in listed.content
