"""Invitations: sent by admins, one link per mail that works once and until it expires."""

from __future__ import annotations

import re
from datetime import timedelta
from smtplib import SMTPException
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings

from convergence import invitations
from convergence.models import AuditEntry, Invitation, Membership, Role
from tests.conftest import PASSWORD, Org, People, client_for, htmx_client_for

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-invited-password"


def invite(client: Client, email: str = "newcomer@example.org", role: str = "manager") -> str:
    """Invite through the members page and return the link the mail holds."""
    before = len(mail.outbox)
    response = client.post(
        reverse("invitation_create", args=["acme"]), {"email": email, "role": role}
    )
    assert response.status_code == 302, response.content
    assert len(mail.outbox) == before + 1
    found = re.search(r"https?://\S+/invitations/\S+/", str(mail.outbox[-1].body))
    assert found is not None
    return found.group(0)


def path_of(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def test_an_admin_invites_an_address_which_gets_a_mail_with_the_link(
    org: Org, people: People
) -> None:
    link = invite(client_for(people.admin))
    message = mail.outbox[-1]
    assert message.to == ["newcomer@example.org"] and "Acme" in message.subject
    assert "manager" in message.body and "alice" in message.body
    invitation = Invitation.objects.get()
    assert invitation.role == Role.MANAGER and invitation.invited_by == people.admin
    assert link.split("/")[-2] not in invitation.token_digest  # only the digest is stored
    entry = AuditEntry.objects.get(action="invitation.sent")
    assert entry.actor == people.admin and entry.after["email"] == "newcomer@example.org"
    assert link.split("/")[-2] not in str(entry.after)


def test_the_invitee_sets_a_password_and_joins_with_the_role(org: Org, people: People) -> None:
    link = invite(client_for(people.admin))
    client = Client()
    page = client.get(path_of(link))
    assert page.status_code == 200 and b"Join Acme" in page.content
    data = {"username": "newcomer", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    response = client.post(path_of(link), data)
    assert response.status_code == 302 and response["Location"] == "/w/acme/"
    user = User.objects.get(username="newcomer")
    assert user.email == "newcomer@example.org" and user.check_password(NEW_PASSWORD)
    assert Membership.objects.get(user=user).role == Role.MANAGER
    assert client.get("/w/acme/").status_code == 200  # signed in
    entry = AuditEntry.objects.get(action="invitation.accepted")
    assert entry.actor == user and entry.after["role"] == "manager"


def test_a_link_works_once(org: Org, people: People) -> None:
    link = invite(client_for(people.admin))
    data = {"username": "newcomer", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    Client().post(path_of(link), data)
    again = Client().get(path_of(link))
    assert again.status_code == 410 and b"accepted already" in again.content
    second = Client().post(path_of(link), {**data, "username": "someone-else"})
    assert second.status_code == 410 and not User.objects.filter(username="someone-else").exists()


def test_a_signed_in_user_accepts_with_their_account(org: Org, people: People) -> None:
    link = invite(client_for(people.admin), email="oscar@other.example", role="viewer")
    response = client_for(people.outsider).post(path_of(link))
    assert response.status_code == 302
    assert Membership.objects.get(user=people.outsider, workspace=org.workspace).role == "viewer"


def test_an_expired_link_says_so(org: Org, people: People) -> None:
    link = invite(client_for(people.admin))
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = Client().post(path_of(link), {"username": "late"})
    assert response.status_code == 410 and b"expired" in response.content
    assert not User.objects.filter(username="late").exists()


def test_an_unknown_link_says_so(org: Org) -> None:
    response = Client().get(reverse("invitation_accept", args=["not-a-token"]))
    assert response.status_code == 404 and b"not a valid invitation" in response.content


def test_an_admin_revokes_a_pending_invitation(org: Org, people: People) -> None:
    link = invite(client_for(people.admin))
    invitation = Invitation.objects.get()
    client = client_for(people.admin)
    assert client.get(reverse("member_list", args=["acme"])).context["invitations"][0] == invitation
    client.post(reverse("invitation_revoke", args=["acme", invitation.pk]))
    response = Client().get(path_of(link))
    assert response.status_code == 410 and b"withdrawn" in response.content
    entry = AuditEntry.objects.get(action="invitation.revoked")
    assert entry.actor == people.admin and entry.before["email"] == "newcomer@example.org"
    assert not client.get(reverse("member_list", args=["acme"])).context["invitations"]


def test_another_workspaces_invitation_cannot_be_revoked(
    org: Org, other_org: Org, people: People
) -> None:
    theirs = invitations.invite(other_org.workspace, "x@example.org", "viewer", people.outsider)
    response = client_for(people.admin).post(reverse("invitation_revoke", args=["acme", theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


@pytest.mark.parametrize("who", ["facilitator", "manager", "viewer"])
def test_only_admins_invite(org: Org, people: People, who: str) -> None:
    data = {"email": "x@example.org", "role": "admin"}
    response = client_for(getattr(people, who)).post(
        reverse("invitation_create", args=["acme"]), data
    )
    assert response.status_code == 403 and not Invitation.objects.exists() and not mail.outbox


def test_a_member_or_a_pending_address_is_not_invited_twice(org: Org, people: People) -> None:
    people.viewer.email = "vera@acme.example"
    people.viewer.save()
    client = client_for(people.admin)
    invite(client)
    for email in ("vera@acme.example", "NEWCOMER@example.org"):
        response = client.post(
            reverse("invitation_create", args=["acme"]), {"email": email, "role": "viewer"}
        )
        assert response.status_code == 200 and "email" in response.context["invite_form"].errors
    assert Invitation.objects.count() == 1 and len(mail.outbox) == 1


def test_a_mail_that_cannot_be_sent_saves_nothing(
    org: Org, people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise SMTPException("relay refused")

    monkeypatch.setattr("convergence.invitations.mail.send_mail", refuse)
    response = client_for(people.admin).post(
        reverse("invitation_create", args=["acme"]), {"email": "x@example.org", "role": "viewer"}
    )
    assert response.status_code == 302
    assert not Invitation.objects.exists() and not AuditEntry.objects.exists()


def test_an_existing_account_is_asked_to_sign_in(org: Org, people: People) -> None:
    people.outsider.email = "oscar@other.example"
    people.outsider.save()
    link = invite(client_for(people.admin), email="oscar@other.example")
    page = Client().get(path_of(link))
    assert b"An account with this address exists" in page.content and page.context["form"] is None
    credentials = {"username": "oscar", "password": PASSWORD, "next": path_of(link)}
    assert Client().post(reverse("login"), credentials)["Location"] == path_of(link)


def test_with_passwords_off_the_invitee_signs_in_with_sso_only(
    org: Org, people: People, settings: Settings
) -> None:
    link = invite(client_for(people.admin))
    settings.LOCAL_PASSWORDS = False
    settings.OIDC_RP_CLIENT_ID = "convergence"
    page = Client().get(path_of(link))
    assert page.context["form"] is None and b"Sign in with single sign-on" in page.content
    data = {"username": "newcomer", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    Client().post(path_of(link), data)
    assert not User.objects.filter(username="newcomer").exists()


def test_the_members_page_fragment_still_swaps(org: Org, people: People) -> None:
    response = htmx_client_for(people.admin).get(reverse("member_list", args=["acme"]))
    assert b"<html" not in response.content and b'id="members"' in response.content


def test_an_invitation_takes_over_a_membership_a_group_mapping_granted(
    org: Org, people: People
) -> None:
    granted = Membership.objects.create(
        workspace=org.workspace, user=people.outsider, role=Role.VIEWER, from_sso=True
    )
    invitation = invitations.invite(org.workspace, "o@example.org", Role.ADMIN, people.admin)
    invitations.accept(invitation, people.outsider)
    granted.refresh_from_db()
    assert not granted.from_sso and granted.role == Role.VIEWER


def test_the_members_page_makes_the_same_queries_with_more_invitations(
    org: Org, people: People, django_assert_num_queries: Any
) -> None:
    client = client_for(people.admin)
    invitations.invite(org.workspace, "one@example.org", Role.VIEWER, people.admin)
    # session and user, membership, members, invitations with their inviters
    with django_assert_num_queries(5):
        client.get(reverse("member_list", args=["acme"]))
    for n in range(5):
        invitations.invite(org.workspace, f"more{n}@example.org", Role.VIEWER, people.admin)
    with django_assert_num_queries(5):
        page = client.get(reverse("member_list", args=["acme"]))
    assert len(page.context["invitations"]) == 6
