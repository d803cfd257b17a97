"""Request checks every view relies on."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

NULL_MESSAGE = "The address contains a null character (%00): remove it and try again."


def refuse_null_characters(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """400 for a NUL in the path or query string: PostgreSQL refuses it in any text it is given,
    so a view passing a search or a code to a query would fail with a 500. (Form fields already
    refuse it with a message of their own.)"""

    def middleware(request: HttpRequest) -> HttpResponse:
        values = [request.path, *(v for _, vs in request.GET.lists() for v in vs), *request.GET]
        if any("\x00" in value for value in values):
            if request.path.startswith("/api/"):
                # The API answers every error in its own body (convergence/api/errors.py).
                body = {"detail": NULL_MESSAGE, "code": "bad_request"}
                return JsonResponse(body, status=400)
            return HttpResponseBadRequest(NULL_MESSAGE)
        return get_response(request)

    return middleware
