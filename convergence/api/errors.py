"""One error body for every API failure: `{"detail", "code"}` plus `errors` (422) or
`version` (409), whatever raised it (a form, the request schema, a stale write, the rate limit).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError


class ErrorOut(Schema):
    detail: str
    code: str
    # 422: the messages per field, as the web form shows them ("__all__" for the whole form).
    errors: dict[str, list[str]] | None = None
    # 409: the version stored now; read the object again and retry from it.
    version: int | None = None


class FormInvalid(Exception):
    """A bound form refused the data: answered 422 with the form's own messages."""

    def __init__(self, form: forms.BaseForm) -> None:
        self.errors = {field: list(messages) for field, messages in form.errors.items()}
        super().__init__(self.errors)


class StaleVersion(Exception):
    """A write named a version older than the stored one: answered 409 with the current one."""

    def __init__(self, current: int) -> None:
        self.current = current
        super().__init__(current)


# What every route may answer besides its success, for the schema (and schemathesis) to know:
# 400 a malformed request (a body that is not JSON, a NUL in the address), 422 input refused.
READ_ERRORS: dict[int, Any] = {code: ErrorOut for code in (400, 401, 403, 404, 422, 429)}
WRITE_ERRORS: dict[int, Any] = {**READ_ERRORS, 409: ErrorOut}


def body(api: NinjaAPI, request: HttpRequest, status: int, **fields: Any) -> HttpResponse:
    content = ErrorOut(**fields).model_dump(exclude_none=True)
    return api.create_response(request, content, status=status)


SOURCES = {"body", "payload", "query", "path", "ninja_pagination", "filters"}


def request_errors(exc: ValidationError) -> dict[str, list[str]]:
    """Ninja's list of pydantic errors as field → messages, the shape of a form's errors."""
    found: dict[str, list[str]] = {}
    for error in exc.errors:
        # loc is ("body", "payload", "field") or ("query", "field"): the field is what is left.
        fields = [str(part) for part in error.get("loc", ()) if part not in SOURCES]
        found.setdefault(fields[-1] if fields else "__all__", []).append(
            str(error.get("msg", "Invalid value."))
        )
    return found


def install(api: NinjaAPI) -> None:
    """Answer every failure with ErrorOut."""

    def handle(exc_class: type[Exception], status: int, code: str, detail: str = "") -> None:
        def handler(request: HttpRequest, exc: Any) -> HttpResponse:
            return body(api, request, status, detail=detail or str(exc), code=code)

        api.add_exception_handler(exc_class, handler)

    def invalid_request(request: HttpRequest, exc: Any) -> HttpResponse:
        assert isinstance(exc, ValidationError)
        errors = request_errors(exc)
        return body(
            api, request, 422, detail="The request is not valid.", code="invalid", errors=errors
        )

    def invalid_form(request: HttpRequest, exc: Any) -> HttpResponse:
        assert isinstance(exc, FormInvalid)
        detail = "The data is not valid."
        return body(api, request, 422, detail=detail, code="invalid", errors=exc.errors)

    def stale(request: HttpRequest, exc: Any) -> HttpResponse:
        assert isinstance(exc, StaleVersion)
        detail = "Someone else changed it since that version; read it again and retry."
        return body(api, request, 409, detail=detail, code="stale_version", version=exc.current)

    def http_error(request: HttpRequest, exc: Any) -> HttpResponse:
        assert isinstance(exc, HttpError)
        code = HTTP_CODES.get(exc.status_code, "error")
        response = body(api, request, exc.status_code, detail=str(exc), code=code)
        if isinstance(exc, AuthenticationError):
            response["WWW-Authenticate"] = "Bearer"
        return response

    handle(Http404, 404, "not_found", "Not found.")
    handle(PermissionDenied, 403, "forbidden")
    api.add_exception_handler(ValidationError, invalid_request)
    api.add_exception_handler(FormInvalid, invalid_form)
    api.add_exception_handler(StaleVersion, stale)
    api.add_exception_handler(HttpError, http_error)


HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    409: "conflict",
    429: "rate_limited",
}
__all__ = ["ErrorOut", "FormInvalid", "StaleVersion", "Throttled", "install"]


@csrf_exempt
def no_such_route(request: HttpRequest) -> HttpResponse:
    """Any other path under /api/: the API's own 404 body, not the site's page."""
    return JsonResponse({"detail": "No such route.", "code": "not_found"}, status=404)
