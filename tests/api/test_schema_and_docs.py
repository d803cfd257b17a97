"""The schema at /api/openapi.json and the browsable docs at /api/docs, served by the app
itself (no CDN) under the site's strict Content-Security-Policy."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_schema_is_openapi_3_with_bearer_auth() -> None:
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    schemes = schema["components"]["securitySchemes"]
    assert [scheme["scheme"] for scheme in schemes.values()] == ["bearer"]
    assert "/api/w/{slug}/touchpoints/" in schema["paths"]


def test_the_docs_load_only_the_sites_own_files() -> None:
    response = Client().get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Content-Security-Policy" in response
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts and all(re.search(r'src="/static/', tag) for tag in scripts), scripts
    assert "cdn" not in html.lower() and 'data-openapi-url="/api/openapi.json"' in html
    for path in re.findall(r'(?:src|href)="/static/([^"]+)"', html):
        assert finders.find(path), f"{path} is not served from the app's static files"
