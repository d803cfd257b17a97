"""Bugs found in review of the live workshops, each pinned by the test that showed it."""

import pytest
from django.urls import reverse

from tests.conftest import Org, People, htmx_client_for
from tests.workshops.conftest import board_url, url
from touchpoints.models import Workshop

pytestmark = pytest.mark.django_db


class TestPollingAClosedBoard:
    def test_an_unchanged_poll_of_a_closed_board_is_a_304_for_its_facilitator(
        self, people: People, workshop: Workshop
    ) -> None:
        client = htmx_client_for(people.facilitator)
        client.post(url("workshop_close", workshop))
        etag = client.get(board_url(workshop))["ETag"]
        response = client.get(board_url(workshop), headers={"If-None-Match": etag})
        assert response.status_code == 304


class TestPollingAfterTheTreeChanges:
    def test_re_marking_a_scope_unit_reaches_open_boards(
        self, org: Org, people: People, workshop: Workshop
    ) -> None:
        client = htmx_client_for(people.facilitator)
        etag = client.get(board_url(workshop))["ETag"]
        remark = reverse("unit_side", args=[org.workspace.slug, org.finance.pk])
        htmx_client_for(people.admin).post(remark, {"side_mark": "it"})
        response = client.get(board_url(workshop), headers={"If-None-Match": etag})
        assert (
            response.status_code == 200 and b'<th scope="row">Finance</th>' not in response.content
        )
