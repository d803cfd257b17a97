"""The browsable docs at /api/docs: Swagger UI from the static files django-ninja ships (its
version follows the lock file), started by static/js/api_docs.js: nothing inline, so the page
runs under the site's strict Content-Security-Policy."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI


class VendoredSwagger(DocsBase):
    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        context = {"api": api, "openapi_url": self.get_openapi_url(api, kwargs)}
        return render(request, "api/docs.html", context)
