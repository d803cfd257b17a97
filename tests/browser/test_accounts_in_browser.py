"""Signing in through the loopback OpenID provider, accepting an invitation and resetting a
password, in chromium. The live server runs in this process, so the mails it sends land in
Django's test outbox (mail.outbox), which the tests read."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.core import mail
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from convergence.models import GroupMapping, Membership, Role
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, Org, People
from tests.openid_provider.running import Provider, openid_provider, sso

pytestmark = pytest.mark.django_db(transaction=True)
__all__ = ["openid_provider", "sso"]  # fixtures, imported to be found

NEW_PASSWORD = "a-browser-chosen-passphrase"


def link_in_last_mail(pattern: str) -> str:
    found = re.search(pattern, str(mail.outbox[-1].body))
    assert found is not None, mail.outbox[-1].body
    return found.group(0)


def test_single_sign_on_lands_in_the_mapped_workspace_with_its_role(
    page: Page, live_server: LiveServer, sso: Provider, org: Org
) -> None:
    sso.register(f"{live_server.url}/oidc/callback/")
    sso.user("grace", "provider-password", "grace@example.org", ["acme-leads"])
    GroupMapping.objects.create(workspace=org.workspace, group="acme-leads", role=Role.FACILITATOR)
    page.goto("/w/acme/")
    page.get_by_role("button", name="Sign in with single sign-on").click()
    expect(page.get_by_role("heading", name="Loopback identity provider")).to_be_visible()
    page.get_by_label("Provider username").fill("grace")
    page.get_by_label("Provider password").fill("provider-password")
    page.get_by_role("button", name="Sign in at the provider").click()
    page.wait_for_url(f"{live_server.url}/w/acme/")
    expect(page.get_by_role("banner")).to_contain_text("grace · Facilitator")
    expect(
        page.get_by_role("banner").get_by_role("link", name="Reports", exact=True)
    ).to_be_visible()
    assert Membership.objects.get(user__username="grace").role == Role.FACILITATOR


def test_an_invitation_is_sent_and_accepted(
    open_page: Callable[..., Page], live_server: LiveServer, settings: Settings, people: People
) -> None:
    settings.SITE_URL = live_server.url
    admin = open_page()
    log_in(admin, "alice", PASSWORD)
    admin.goto("/w/acme/members/")
    invitations = admin.locator("#invitations")
    invitations.get_by_label("Email").fill("henry@example.org")
    invitations.get_by_label("Role").select_option("manager")
    admin.get_by_role("button", name="Send the invitation").click()
    expect(admin.get_by_role("status").first).to_contain_text(
        "Invitation sent to henry@example.org"
    )
    expect(admin.locator("#invitations table")).to_contain_text("henry@example.org")
    link = link_in_last_mail(r"http://\S+/invitations/\S+/")

    invitee = open_page()
    invitee.goto(link)
    expect(invitee.get_by_role("heading", name="Join Acme")).to_be_visible()
    invitee.get_by_label("Username").fill("henry")
    invitee.locator("input[name=password1]").fill(NEW_PASSWORD)
    invitee.locator("input[name=password2]").fill(NEW_PASSWORD)
    invitee.get_by_role("button", name="Create the account and join").click()
    invitee.wait_for_url("**/w/acme/")
    expect(invitee.get_by_role("banner")).to_contain_text("henry · Manager")
    invitee.goto(link)
    expect(invitee.get_by_role("alert")).to_contain_text("accepted already")


def test_a_forgotten_password_is_reset_from_the_mail(page: Page, org: Org, people: People) -> None:
    people.viewer.email = "vera@acme.example"
    people.viewer.save()
    page.goto("/login/")
    page.get_by_role("link", name="Forgotten your password?").click()
    page.get_by_label("Email").fill("vera@acme.example")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your mail")).to_be_visible()
    page.goto(link_in_last_mail(r"/password/reset/\S+/"))
    page.locator("input[name=new_password1]").fill(NEW_PASSWORD)
    page.locator("input[name=new_password2]").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set the password").click()
    expect(page.get_by_role("heading", name="Password set")).to_be_visible()
    log_in(page, "vera", NEW_PASSWORD)
    expect(page.get_by_role("banner")).to_contain_text("vera")
