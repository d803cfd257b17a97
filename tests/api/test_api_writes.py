"""Writes through the API: the web forms' validation and messages (422), optimistic locking
with `version` (409 with the stored one), the same history and audit as the pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import GapReport, ReportStatus
from convergence.models import AuditEntry
from tests.api.conftest import api_url, call, token_for
from tests.conftest import Org, People, client_for
from touchpoints.models import Channel, OrgUnit, TouchPoint, TouchPointChange

pytestmark = pytest.mark.django_db


def web_errors(user: Any, name: str, data: dict[str, Any], *args: object) -> dict[str, list[str]]:
    """What the web page's form says of the same data."""
    response = client_for(user).post(reverse(name, args=["acme", *args]), data)
    assert response.status_code == 200, "the page accepted what the test expects refused"
    form = response.context["form"]
    return {field: list(messages) for field, messages in form.errors.items()}


def form_post(body: dict[str, Any]) -> dict[str, Any]:
    return {key: "" if value is None else value for key, value in body.items()}


BAD_TOUCH_POINTS: dict[str, dict[str, Any]] = {
    "a current one without channel and frequency": {"level": "strategic"},
    "an IT team as business unit": {"business_unit": "apps", "level": "tactical"},
    "a level that is not one": {"level": "weekly", "channel": "desk", "frequency": "weekly"},
    "a rating of 7": {"level": "tactical", "state": "desired", "effectiveness": 7},
    "no level": {"level": "", "state": "desired"},
}


def touch_point_body(org: Org, **fields: Any) -> dict[str, Any]:
    named = {"apps": org.apps.pk, "desk": org.channel("service_desk").pk}
    # Every field given, as the web form posts them all (the API fills in the same defaults).
    body: dict[str, Any] = {"business_unit": org.sales.pk, "it_team": org.apps.pk}
    body |= {"initiated_by": "both", "state": "current", "description": "", "frequency": ""}
    body |= {"channel": None, "effectiveness": None}
    return body | {key: named.get(value, value) for key, value in fields.items()}


@pytest.mark.parametrize("case", BAD_TOUCH_POINTS, ids=str)
def test_a_refused_touch_point_has_the_forms_errors(org: Org, people: People, case: str) -> None:
    body = touch_point_body(org, **BAD_TOUCH_POINTS[case])
    token = token_for(people.facilitator, org.workspace)
    response = call(token, "post", api_url("acme", "touchpoints"), body)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    expected = web_errors(people.facilitator, "touchpoint_create", form_post(body))
    assert response.json()["errors"] == expected
    assert not TouchPoint.objects.exists()


def test_a_touch_point_added_through_the_api_has_its_history(org: Org, people: People) -> None:
    token = token_for(people.facilitator, org.workspace)
    body = touch_point_body(org, level="tactical", channel="desk", frequency="monthly")
    response = call(token, "post", api_url("acme", "touchpoints"), body)
    assert response.status_code == 201
    created = TouchPoint.objects.get(pk=response.json()["id"])
    assert created.created_by == people.facilitator and created.version == 1
    assert response.json()["version"] == 1 and response.json()["level"] == "tactical"
    change = TouchPointChange.objects.get(touch_point=created)
    assert change.action == "created" and change.changed_by == people.facilitator


def test_an_edit_changes_only_the_fields_sent_and_bumps_the_version(
    org: Org, people: People
) -> None:
    touch_point = org.touchpoint(description="before")
    token = token_for(people.facilitator, org.workspace)
    url = api_url("acme", "touchpoints", touch_point.pk)
    response = call(token, "patch", url, {"version": 1, "effectiveness": 4})
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2 and response.json()["effectiveness"] == 4
    touch_point.refresh_from_db()
    assert (touch_point.effectiveness, touch_point.description) == (4, "before")
    change = TouchPointChange.objects.get(touch_point=touch_point, action="updated")
    assert change.changes == {"effectiveness": ["—", "4"]}


def test_an_edit_against_an_old_version_answers_409_and_changes_nothing(
    org: Org, people: People
) -> None:
    touch_point = org.touchpoint()
    token = token_for(people.facilitator, org.workspace)
    url = api_url("acme", "touchpoints", touch_point.pk)
    assert call(token, "patch", url, {"version": 1, "description": "first"}).status_code == 200
    response = call(token, "patch", url, {"version": 1, "description": "second"})
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Someone else changed it since that version; read it again and retry.",
        "code": "stale_version",
        "version": 2,
    }
    touch_point.refresh_from_db()
    assert (touch_point.description, touch_point.version) == ("first", 2)


def test_an_edit_on_the_web_page_makes_the_apis_version_stale(org: Org, people: People) -> None:
    touch_point = org.touchpoint()
    data = form_post(touch_point_body(org, level="operational", channel="desk"))
    data |= {"frequency": "weekly", "initiated_by": "both", "state": "current", "version": 1}
    client_for(people.facilitator).post(
        reverse("touchpoint_edit", args=["acme", touch_point.pk]), data | {"description": "web"}
    )
    token = token_for(people.facilitator, org.workspace)
    response = call(token, "patch", api_url("acme", "touchpoints", touch_point.pk), {"version": 1})
    assert response.status_code == 409 and response.json()["version"] == 2


def test_an_invalid_edit_has_the_forms_errors(org: Org, people: People) -> None:
    touch_point = org.touchpoint()
    token = token_for(people.facilitator, org.workspace)
    url = api_url("acme", "touchpoints", touch_point.pk)
    response = call(token, "patch", url, {"version": 1, "channel": None})
    assert response.status_code == 422
    assert response.json()["errors"] == {"channel": ["A current touch point needs this."]}
    assert TouchPoint.objects.get().version == 1


def test_a_delete_is_kept_in_the_history(org: Org, people: People) -> None:
    touch_point = org.touchpoint()
    token = token_for(people.facilitator, org.workspace)
    response = call(token, "delete", api_url("acme", "touchpoints", touch_point.pk))
    assert response.status_code == 204
    assert not TouchPoint.objects.exists()
    assert TouchPointChange.objects.get(action="deleted").changed_by == people.facilitator


def test_a_channel_name_taken_in_another_case_has_the_forms_error(org: Org, people: People) -> None:
    body = {"name": "service DESK", "category": "service_desk", "description": ""}
    response = call(
        token_for(people.admin, org.workspace), "post", api_url("acme", "channels"), body
    )
    assert response.status_code == 422
    assert response.json()["errors"] == web_errors(people.admin, "channel_list", body)
    assert response.json()["errors"] == {
        "name": ["This workspace already has a channel of that name."]
    }


def test_channel_writes_are_versioned_and_audited(org: Org, people: People) -> None:
    token = token_for(people.admin, org.workspace)
    body = {"name": "Hackathon", "category": "community_of_practice"}
    created = call(token, "post", api_url("acme", "channels"), body)
    assert created.status_code == 201 and created.json()["version"] == 1
    url = api_url("acme", "channels", created.json()["id"])
    edited = call(token, "patch", url, {"version": 1, "name": "Hack week"})
    assert edited.status_code == 200 and edited.json()["version"] == 2
    stale = call(token, "patch", url, {"version": 1, "name": "Lost"})
    assert stale.status_code == 409 and stale.json()["version"] == 2
    assert call(token, "delete", url).status_code == 204
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["api_token.created", "channel.created", "channel.changed", "channel.deleted"]
    updated = AuditEntry.objects.get(action="channel.changed")
    assert (updated.before["name"], updated.after["name"]) == ("Hackathon", "Hack week")


def test_a_channel_edit_on_its_page_bumps_the_version(org: Org, people: People) -> None:
    channel = org.channel("sla_review")
    data = {"name": "SLA board", "category": "sla_review", "description": ""}
    client_for(people.admin).post(reverse("channel_edit", args=["acme", channel.pk]), data)
    channel.refresh_from_db()
    assert (channel.name, channel.version) == ("SLA board", 2)


def test_a_channel_in_use_is_not_deleted(org: Org, people: People) -> None:
    touch_point = org.touchpoint()
    assert touch_point.channel is not None
    url = api_url("acme", "channels", touch_point.channel.pk)
    response = call(token_for(people.admin, org.workspace), "delete", url)
    assert response.status_code == 409 and response.json()["code"] == "conflict"
    assert Channel.objects.filter(pk=touch_point.channel.pk).exists()
    assert not AuditEntry.objects.filter(action="channel.deleted").exists()


def test_a_report_request_is_queued(org: Org, people: People) -> None:
    token = token_for(people.manager, org.workspace)
    response = call(token, "post", api_url("acme", "reports"), {"granularity": "full"})
    assert response.status_code == 202
    report = GapReport.objects.get(pk=response.json()["id"])
    assert report.requested_by == people.manager
    assert response.json()["status"] == ReportStatus.QUEUED == report.status


@pytest.mark.parametrize(
    "body",
    [{"granularity": "depth"}, {"granularity": "units", "unit_codes": "NOPE, S"}],
    ids=["a depth without its number", "an unknown unit code"],
)
def test_a_refused_report_request_has_the_forms_errors(
    org: Org, people: People, body: dict[str, Any]
) -> None:
    token = token_for(people.manager, org.workspace)
    response = call(token, "post", api_url("acme", "reports"), body)
    assert response.status_code == 422
    assert response.json()["errors"] == web_errors(people.manager, "report_request", body)
    assert not GapReport.objects.exists()


def test_a_body_of_the_wrong_type_is_refused_in_the_same_shape(org: Org, people: People) -> None:
    token = token_for(people.facilitator, org.workspace)
    response = call(token, "post", api_url("acme", "touchpoints"), {"business_unit": "Sales"})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert set(errors) == {"business_unit", "it_team", "level"}
    assert all(isinstance(message, str) for messages in errors.values() for message in messages)


def test_an_admin_adds_a_unit_and_its_side_follows_the_unit_above(org: Org, people: People) -> None:
    token = token_for(people.admin, org.workspace)
    body = {"code": "OPS", "name": "IT Operations", "parent": org.it.pk}
    response = call(token, "post", api_url("acme", "units"), body)
    assert response.status_code == 201, response.content
    unit = OrgUnit.objects.get(code="OPS")
    assert (unit.side, unit.depth, unit.path) == ("it", 1, f"{org.it.path}{unit.pk}/")
    assert response.json()["side"] == "it" and response.json()["version"] == 1
    assert AuditEntry.objects.filter(action="unit.created", target__contains="OPS").exists()


def test_a_unit_code_taken_is_refused_with_the_forms_message(org: Org, people: People) -> None:
    token = token_for(people.admin, org.workspace)
    response = call(token, "post", api_url("acme", "units"), {"code": "S", "name": "Again"})
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "code": ["This workspace already has a unit with that code."]
    }


def test_a_unit_cannot_move_below_itself(org: Org, people: People) -> None:
    token = token_for(people.admin, org.workspace)
    url = api_url("acme", "units", org.it.pk)
    response = call(token, "patch", url, {"version": 1, "parent": org.apps.pk})
    assert response.status_code == 422 and list(response.json()["errors"]) == ["parent"]


def test_marking_a_unit_through_the_api_moves_the_side_below_and_flags_touch_points(
    org: Org, people: People
) -> None:
    touch_point = org.touchpoint()
    token = token_for(people.admin, org.workspace)
    url = api_url("acme", "units", org.it.pk)
    response = call(token, "patch", url, {"version": 1, "side_mark": "business"})
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2
    org.apps.refresh_from_db()
    touch_point.refresh_from_db()
    assert org.apps.side == "business" and "changed side" in touch_point.flag


def test_any_write_of_a_unit_makes_the_apis_version_stale(org: Org, people: People) -> None:
    """An import's SQL, a side mark, a rename: the database bumps the version for each."""
    token = token_for(people.admin, org.workspace)
    OrgUnit.objects.filter(pk=org.sales.pk).update(name="Sales and Marketing")
    url = api_url("acme", "units", org.sales.pk)
    stale = call(token, "patch", url, {"version": 1, "note": "lost"})
    assert stale.status_code == 409 and stale.json()["version"] == 2
    OrgUnit.objects.filter(pk=org.sales.pk).update(path=org.sales.path, depth=1)
    assert OrgUnit.objects.get(pk=org.sales.pk).version == 2  # derived fields do not count
    assert call(token, "patch", url, {"version": 2, "note": "kept"}).status_code == 200
    assert OrgUnit.objects.get(pk=org.sales.pk).note == "kept"


def test_text_with_a_lone_surrogate_is_refused_not_a_server_error(org: Org, people: People) -> None:
    """JSON can carry "\\ud800" (a form post cannot); schemathesis found it failing at the save."""
    token = token_for(people.admin, org.workspace)
    body = '{"name": "Desk \\ud800", "category": "sla_review"}'
    response = Client(headers={"Authorization": f"Bearer {token}"}).post(
        api_url("acme", "channels"), body, content_type="application/json"
    )
    assert response.status_code == 422 and list(response.json()["errors"]) == ["name"]
    assert not Channel.objects.filter(name__startswith="Desk").exists()


@pytest.mark.parametrize(
    "body", [{"granularity": "depth", "business_depth": False}, {}], ids=["false", "empty"]
)
def test_a_report_request_takes_json_types_strictly(
    org: Org, people: People, body: dict[str, Any]
) -> None:
    """False is no depth, and the granularity is required as the form requires it (schemathesis
    found both accepted)."""
    token = token_for(people.manager, org.workspace)
    response = call(token, "post", api_url("acme", "reports"), body)
    assert response.status_code == 422
    assert not GapReport.objects.exists()
