"""htmx conventions every app shares."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django_htmx.http import HttpResponseClientRedirect


def is_fragment(request: HttpRequest) -> bool:
    """An htmx request that swaps a region (a boosted one wants the full page)."""
    return bool(request.htmx and not request.htmx.boosted)  # type: ignore[attr-defined]


def go_to(request: HttpRequest, url: str) -> HttpResponse:
    """After a mutation: a client-side redirect for htmx, a plain redirect otherwise."""
    if request.htmx:  # type: ignore[attr-defined]
        return HttpResponseClientRedirect(url)
    return redirect(url)


def query_without_page(request: HttpRequest) -> str:
    """The request's query string without its page number, for links to other pages."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
