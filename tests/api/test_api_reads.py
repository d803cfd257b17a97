"""Reading through the API: pages (limit/offset, a maximum), the list pages' filters, a fixed
number of queries per list whatever its length, and the per-token rate limit."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments import gap_reports
from assessments.models import GapReport
from tests.api.conftest import api_url, call, token_for
from tests.api.fill import fill
from tests.conftest import Org, People
from touchpoints.models import Level, State, TouchPoint

pytestmark = pytest.mark.django_db


def many_touchpoints(org: Org, count: int) -> None:
    for _ in range(count):
        org.touchpoint(level=Level.STRATEGIC)


def test_a_list_is_paged_by_limit_and_offset(org: Org, people: People) -> None:
    many_touchpoints(org, 7)
    token = token_for(people.viewer, org.workspace)
    url = api_url("acme", "touchpoints")
    everything = [row["id"] for row in call(token, "get", url).json()["items"]]
    page = call(token, "get", url, limit=3, offset=3).json()
    assert page["count"] == 7 and [row["id"] for row in page["items"]] == everything[3:6]
    assert everything == list(
        TouchPoint.objects.order_by("-updated_at", "-pk").values_list("pk", flat=True)
    )


@pytest.mark.parametrize(
    "query",
    [{"limit": 201}, {"limit": 0}, {"offset": -1}, {"offset": 10**22}],  # past a bigint: was a 500
    ids=str,
)
def test_a_page_past_the_limits_is_refused(org: Org, people: People, query: dict[str, int]) -> None:
    response = call(
        token_for(people.viewer, org.workspace), "get", api_url("acme", "units"), None, **query
    )
    assert response.status_code == 422
    assert set(response.json()["errors"]) == set(query)


def test_the_default_page_holds_50(org: Org, people: People) -> None:
    many_touchpoints(org, 51)
    page = call(
        token_for(people.viewer, org.workspace), "get", api_url("acme", "touchpoints")
    ).json()
    assert (page["count"], len(page["items"])) == (51, 50)


def ids(response: Any) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["items"]}


def test_touch_points_filter_as_the_list_page(org: Org, people: People) -> None:
    sales_apps = org.touchpoint(level=Level.STRATEGIC)
    finance_infra = org.touchpoint(business_unit=org.finance, it_team=org.infra)
    desired = org.touchpoint(state=State.DESIRED, level=Level.TACTICAL, effectiveness=3)
    token, url = token_for(people.viewer, org.workspace), api_url("acme", "touchpoints")
    assert ids(call(token, "get", url, level="strategic")) == {sales_apps.pk}
    assert ids(call(token, "get", url, state="desired")) == {desired.pk}
    assert ids(call(token, "get", url, under=org.infra.pk)) == {finance_infra.pk}
    assert ids(call(token, "get", url, business_unit=org.sales.pk)) == {sales_apps.pk, desired.pk}
    assert ids(call(token, "get", url, unit="fin")) == {finance_infra.pk}
    assert ids(call(token, "get", url, effectiveness="unrated")) == {
        sales_apps.pk,
        finance_infra.pk,
    }
    assert ids(call(token, "get", url, effectiveness="3")) == {desired.pk}


def test_a_filter_naming_another_workspaces_unit_is_refused(
    org: Org, other_org: Org, people: People
) -> None:
    org.touchpoint()
    url = api_url("acme", "touchpoints")
    response = call(token_for(people.viewer, org.workspace), "get", url, under=other_org.sales.pk)
    assert response.status_code == 422 and "under" in response.json()["errors"]


def test_units_filter_by_side_subtree_depth_and_name(org: Org, people: People) -> None:
    token, url = token_for(people.viewer, org.workspace), api_url("acme", "units")
    assert ids(call(token, "get", url, side="it")) == {org.it.pk, org.apps.pk, org.infra.pk}
    assert ids(call(token, "get", url, under=org.it.pk, depth=1)) == {org.apps.pk, org.infra.pk}
    assert ids(call(token, "get", url, q="fin")) == {org.finance.pk}


def test_channels_filter_by_category(org: Org, people: People) -> None:
    token = token_for(people.viewer, org.workspace)
    found = ids(call(token, "get", api_url("acme", "channels"), category="service_desk"))
    assert found == {org.channel("service_desk").pk}


@pytest.mark.usefixtures("without_board_pack")
def test_a_reports_gaps_filter_by_severity(org: Org, people: People) -> None:
    org.touchpoint()
    report = GapReport.objects.create(workspace=org.workspace, requested_by=people.manager)
    gap_reports.build_report(report.pk)
    token = token_for(people.manager, org.workspace)
    url = api_url("acme", "reports", report.pk, "gaps")
    every = call(token, "get", url).json()
    assert every["count"] == report.gaps.count() > 0
    severity = every["items"][0]["severity"]
    high = call(token, "get", url, severity=severity).json()
    assert high["count"] == report.gaps.filter(severity=severity).count()
    assert call(token, "get", url, severity="dreadful").status_code == 422


LISTS = [
    "units",
    "touchpoints",
    "channels",
    "workshops",
    "reports",
    "assessments",
    "actions",
    "surveys",
]


@pytest.mark.parametrize("resource", LISTS)
@pytest.mark.usefixtures("without_board_pack")
def test_a_list_runs_the_same_queries_whatever_its_length(
    org: Org, people: People, resource: str
) -> None:
    """Token (with its role) one, the count one, the page one, and what its rows prefetch."""
    token, url = token_for(people.admin, org.workspace), api_url("acme", resource)
    fill(org, people, 1)
    call(token, "get", url)  # records the token's last use, written once a minute at most
    with CaptureQueriesContext(connection) as few:
        assert call(token, "get", url).json()["count"] >= 1
    fill(org, people, 10)
    with CaptureQueriesContext(connection) as many:
        assert call(token, "get", url).json()["count"] >= 1
    assert len(many) == len(few) == EXPECTED_QUERIES[resource], [q["sql"] for q in many]


EXPECTED_QUERIES = {
    "units": 3,
    "touchpoints": 4,
    "channels": 3,
    "workshops": 5,
    "reports": 3,
    "assessments": 3,
    "actions": 4,
    "surveys": 3,
}


def test_the_rate_limit_answers_429_with_retry_after(
    org: Org, people: People, settings: Any
) -> None:
    settings.API_RATE_LIMIT = "3/m"
    token, other = token_for(people.viewer, org.workspace), token_for(people.admin, org.workspace)
    url = api_url("acme", "units")
    assert [call(token, "get", url).status_code for _ in range(3)] == [200, 200, 200]
    refused = call(token, "get", url)
    assert refused.status_code == 429 and refused.json()["code"] == "rate_limited"
    assert 0 < int(refused["Retry-After"]) <= 60
    assert call(other, "get", url).status_code == 200  # each token has its own budget


def test_a_path_under_api_that_is_no_route_answers_the_apis_404(org: Org, people: People) -> None:
    token = token_for(people.admin, org.workspace)
    for method, pk in (("get", "null,null"), ("patch", "1%0A2"), ("delete", "x")):
        response = call(token, method, api_url("acme", "touchpoints", pk))
        assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_a_nul_in_an_api_address_answers_json(org: Org, people: People) -> None:
    response = call(
        token_for(people.viewer, org.workspace), "get", api_url("acme", "units"), None, q="a\x00"
    )
    assert response.status_code == 400 and response.json()["code"] == "bad_request"
