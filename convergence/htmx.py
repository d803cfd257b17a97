"""htmx conventions every app shares: the typed request, page-or-partial rendering, redirects."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django_htmx.http import HttpResponseClientRedirect
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request that went through django-htmx's middleware (the type its docs recommend)."""

    htmx: HtmxDetails


def is_fragment(request: HtmxHttpRequest) -> bool:
    """An htmx request that swaps a region (a boosted one wants the full page)."""
    return bool(request.htmx and not request.htmx.boosted)


def render_page(
    request: HtmxHttpRequest,
    template: str,
    context: Mapping[str, Any],
    *,
    partial: str,
    status: int = 200,
) -> HttpResponse:
    """The whole page, or only its `{% partialdef partial %}` when htmx swaps that region."""
    name = f"{template}#{partial}" if is_fragment(request) else template
    return render(request, name, context, status=status)


def go_to(request: HtmxHttpRequest, url: str) -> HttpResponse:
    """After a mutation: a client-side redirect for htmx, a plain redirect otherwise."""
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


def query_without_page(request: HttpRequest) -> str:
    """The request's query string without its page number, for links to other pages."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
