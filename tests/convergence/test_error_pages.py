"""403, 404 and 500 answer the site's own page: what happened, and a way back."""

import pytest
from django.test import RequestFactory

from convergence import errors
from tests.conftest import Org, People, client_for

pytestmark = pytest.mark.django_db


def test_a_missing_page_says_so_and_leads_home(people: People) -> None:
    response = client_for(people.viewer).get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and 'href="/"' in html and 'class="skip-link"' in html


def test_a_refused_page_gives_the_reason_and_leads_back_to_the_workspace(
    org: Org, people: People
) -> None:
    response = client_for(people.viewer).get(f"/w/{org.workspace.slug}/members/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "You cannot open this page" in html and "Your role (Viewer) cannot do this" in html
    assert f'href="/w/{org.workspace.slug}/">Back to Acme</a>' in html


def test_another_workspaces_404_names_no_workspace(org: Org, people: People) -> None:
    response = client_for(people.outsider).get(f"/w/{org.workspace.slug}/no-such-page/")
    assert response.status_code == 404
    assert b"Acme" not in response.content and b'href="/"' in response.content


def test_anonymous_visitors_of_a_missing_page_are_offered_the_log_in(db: None) -> None:
    response = client_for(None).get("/no-such-page/")
    assert response.status_code == 404 and b"/login/?next=/no-such-page/" in response.content


def test_the_server_error_page_renders_without_the_requests_context() -> None:
    response = errors.server_error(RequestFactory().get("/anything/"))
    assert response.status_code == 500
    assert b"Something went wrong" in response.content and b'href="/"' in response.content
