"""The 403, 404 and 500 pages: the site's own look, what happened, and a way back."""

from __future__ import annotations

from collections.abc import Mapping

from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.urls import reverse

from convergence.access import membership_or_none

WORKSPACE_PREFIX = "/w/"


def way_back(request: HttpRequest) -> list[tuple[str, str]]:
    """Links out of an error: the workspace the path is in (for its members only), then home."""
    links = []
    if request.path.startswith(WORKSPACE_PREFIX):
        slug = request.path[len(WORKSPACE_PREFIX) :].split("/", 1)[0]
        membership = membership_or_none(request.user, slug) if slug else None
        if membership is not None:
            links.append((membership.workspace.name, reverse("workspace_home", args=[slug])))
    links.append(("Your workspaces", reverse("home")))
    return links


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    context = {"reason": str(exception), "links": way_back(request)}
    return render_error(request, "errors/403.html", context, 403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render_error(request, "errors/404.html", {"links": way_back(request)}, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the request's context: whatever failed may fail again in there."""
    body = loader.get_template("errors/500.html").render({"links": [("Home", reverse("home"))]})
    return HttpResponse(body, status=500)


def render_error(
    request: HttpRequest, template: str, context: Mapping[str, object], status: int
) -> HttpResponse:
    return HttpResponse(loader.render_to_string(template, dict(context), request), status=status)
