"""Personal API tokens: made on the page (shown once) or by the command, stored as a digest,
carrying the owner's role as it stands at each request, revoked for good, audited."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from convergence.members import change_role, remove_member
from convergence.models import ApiToken, AuditEntry, Membership, Role
from convergence.tokens import digest_of
from tests.api.conftest import api_url, call, token_for
from tests.conftest import Org, People, client_for

pytestmark = pytest.mark.django_db


def touch_point_body(org: Org) -> dict[str, object]:
    return {
        "business_unit": org.sales.pk,
        "it_team": org.apps.pk,
        "level": "strategic",
        "state": "desired",
    }


def test_the_page_makes_a_token_shows_it_once_and_stores_only_its_digest(
    org: Org, people: People
) -> None:
    client = client_for(people.viewer)
    url = reverse("api_tokens", args=[org.workspace.slug])
    response = client.post(url, {"name": "Power BI"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=people.viewer)
    secret = response.context["issued"].secret
    assert secret.startswith(f"cvg_{token.prefix}_") and secret.encode() in response.content
    assert token.digest == digest_of(secret) and secret not in str(token.__dict__)
    assert "no-store" in response["Cache-Control"]
    again = client.get(url)
    assert secret.encode() not in again.content and b"Power BI" in again.content
    assert call(secret, "get", api_url(org.workspace.slug, "units")).status_code == 200


def test_the_page_refuses_an_expiry_that_is_not_in_the_future(org: Org, people: People) -> None:
    url = reverse("api_tokens", args=[org.workspace.slug])
    today = timezone.now().date().isoformat()
    response = client_for(people.viewer).post(url, {"name": "x", "expires_on": today})
    assert b"Choose a day after today." in response.content
    assert not ApiToken.objects.exists()


def test_an_expiring_token_stops_working_on_its_day(org: Org, people: People) -> None:
    url = reverse("api_tokens", args=[org.workspace.slug])
    tomorrow = timezone.now().date() + datetime.timedelta(days=1)
    response = client_for(people.viewer).post(url, {"name": "x", "expires_on": tomorrow})
    secret = response.context["issued"].secret
    token = ApiToken.objects.get()
    assert token.expires_at == datetime.datetime.combine(tomorrow, datetime.time.min, datetime.UTC)
    assert call(secret, "get", api_url("acme", "units")).status_code == 200
    ApiToken.objects.update(expires_at=timezone.now())
    assert call(secret, "get", api_url("acme", "units")).status_code == 401


def test_revoking_on_the_page_stops_the_token_at_once(org: Org, people: People) -> None:
    secret = token_for(people.manager, org.workspace)
    token = ApiToken.objects.get()
    url = reverse("api_token_revoke", args=[org.workspace.slug, token.pk])
    response = client_for(people.manager).post(url)
    assert response.status_code == 302
    assert call(secret, "get", api_url("acme", "units")).status_code == 401
    token.refresh_from_db()
    assert token.revoked_at is not None and not token.is_live


def test_nobody_revokes_someone_elses_token(org: Org, people: People) -> None:
    secret = token_for(people.manager, org.workspace)
    token = ApiToken.objects.get()
    url = reverse("api_token_revoke", args=[org.workspace.slug, token.pk])
    assert client_for(people.admin).post(url).status_code == 404
    assert call(secret, "get", api_url("acme", "units")).status_code == 200


def test_the_page_lists_only_ones_own_tokens(org: Org, people: People) -> None:
    token_for(people.admin, org.workspace, name="Admin's export")
    token_for(people.viewer, org.workspace, name="Viewer's sheet")
    response = client_for(people.viewer).get(reverse("api_tokens", args=[org.workspace.slug]))
    assert b"Viewer&#x27;s sheet" in response.content
    assert b"Admin&#x27;s export" not in response.content


def test_creation_and_revocation_are_audited_without_the_secret(org: Org, people: People) -> None:
    client = client_for(people.admin)
    response = client.post(reverse("api_tokens", args=["acme"]), {"name": "Sync"})
    secret = response.context["issued"].secret
    token = ApiToken.objects.get()
    client.post(reverse("api_token_revoke", args=["acme", token.pk]))
    entries = list(AuditEntry.objects.order_by("pk"))
    assert [entry.action for entry in entries] == ["api_token.created", "api_token.revoked"]
    assert all(
        entry.actor == people.admin and entry.workspace == org.workspace for entry in entries
    )
    assert entries[0].after["prefix"] == token.prefix and entries[0].after["name"] == "Sync"
    for entry in entries:
        text = f"{entry.target}{entry.before}{entry.after}"
        assert secret not in text and token.digest not in text


def test_a_role_change_takes_effect_at_once(org: Org, people: People) -> None:
    secret = token_for(people.facilitator, org.workspace)
    url = api_url("acme", "touchpoints")
    assert call(secret, "post", url, touch_point_body(org)).status_code == 201
    change_role(Membership.objects.get(user=people.facilitator), Role.VIEWER)
    assert call(secret, "post", url, touch_point_body(org)).status_code == 403
    assert call(secret, "get", url).status_code == 200


def test_a_removed_membership_takes_effect_at_once(org: Org, people: People) -> None:
    secret = token_for(people.viewer, org.workspace)
    remove_member(Membership.objects.get(user=people.viewer))
    assert call(secret, "get", api_url("acme", "units")).status_code == 401


def test_a_token_is_used_only_in_its_own_workspace(
    org: Org, other_org: Org, people: People
) -> None:
    Membership.objects.create(user=people.viewer, workspace=other_org.workspace, role=Role.ADMIN)
    secret = token_for(people.viewer, org.workspace)
    assert call(secret, "get", api_url("other", "units")).status_code == 404
    assert call(secret, "get", api_url("acme", "units")).status_code == 200


def test_the_last_use_is_recorded_once_a_minute_at_most(org: Org, people: People) -> None:
    secret = token_for(people.viewer, org.workspace)
    call(secret, "get", api_url("acme", "units"))
    first = ApiToken.objects.get().last_used_at
    assert first is not None
    call(secret, "get", api_url("acme", "units"))
    assert ApiToken.objects.get().last_used_at == first
    ApiToken.objects.update(last_used_at=first - datetime.timedelta(minutes=2))
    call(secret, "get", api_url("acme", "units"))
    used = ApiToken.objects.get().last_used_at
    assert used is not None and used > first


def test_the_command_prints_a_working_token(org: Org, people: People) -> None:
    out = io.StringIO()
    call_command("create_api_token", "fiona", "--workspace", "acme", "--name", "CI", stdout=out)
    secret = out.getvalue().strip()
    assert (
        call(secret, "post", api_url("acme", "touchpoints"), touch_point_body(org)).status_code
        == 201
    )
    assert ApiToken.objects.get().name == "CI"
    assert AuditEntry.objects.get().action == "api_token.created"


def test_the_command_refuses_a_stranger(org: Org, people: People) -> None:
    with pytest.raises(CommandError, match="not a member"):
        call_command("create_api_token", "oscar", "--workspace", "acme")
    assert not ApiToken.objects.exists()
