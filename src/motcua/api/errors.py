"""Every API error is JSON: {"error": {"code": "...", "message": "..."}} with a fitting status."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import Http404
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError, ValidationError

logger = logging.getLogger("motcua.api")

_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    409: "conflict",
    422: "validation_error",
    429: "too_many_requests",
}


class ApiError(HttpError):
    def __init__(
        self,
        status_code: int,
        code: str,
        message: str,
        *,
        details: list[dict] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(status_code, message)
        self.code, self.details, self.headers = code, details, headers or {}


def error_body(code: str, message: str, **extra) -> dict:
    return {"error": {"code": code, "message": message, **extra}}


def install(api) -> None:
    def on_http_error(request, exc: HttpError):
        code = getattr(exc, "code", None) or _CODES.get(exc.status_code, "error")
        message = exc.message
        if isinstance(exc, AuthenticationError):
            message = _("A valid API token (Authorization: Bearer …) or a staff session is required.")
        extra = {"details": exc.details} if getattr(exc, "details", None) else {}
        response = api.create_response(request, error_body(code, message, **extra), status=exc.status_code)
        for name, value in getattr(exc, "headers", {}).items():  # e.g. Retry-After on a 429
            response[name] = value
        return response

    def on_validation_error(request, exc: ValidationError):
        details = [
            {
                "field": ".".join(str(p) for p in e.get("loc", ()) if p not in ("query", "body", "path")),
                "message": e.get("msg", ""),
            }
            for e in exc.errors
        ]
        message = _("Some parameters are not valid: %(fields)s") % {
            "fields": ", ".join(d["field"] or "?" for d in details)
        }
        return api.create_response(request, error_body("validation_error", message, details=details), status=422)

    def on_not_found(request, exc: Http404):
        return api.create_response(request, error_body("not_found", _("Not found.")), status=404)

    def on_unexpected(request, exc: Exception):
        # Logged with its traceback for us; the caller gets the usual shape and no internals.
        logger.exception("Unexpected error in %s %s", request.method, request.path)
        message = _("Something went wrong on our side; the request was not completed. Please try again later.")
        return api.create_response(request, error_body("server_error", message), status=500)

    def on_refused(request, exc: Exception):
        # What Django itself refuses (a body over the upload limit, a forged header, no permission) stays a 4xx.
        if isinstance(exc, RequestDataTooBig):
            return api.create_response(request, error_body("too_large", _("The request is too large.")), status=413)
        if isinstance(exc, PermissionDenied):
            return api.create_response(request, error_body("forbidden", _("You may not do this.")), status=403)
        return api.create_response(request, error_body("bad_request", _("The request is not valid.")), status=400)

    api.add_exception_handler(Exception, on_unexpected)
    api.add_exception_handler(SuspiciousOperation, on_refused)
    api.add_exception_handler(PermissionDenied, on_refused)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(ValidationError, on_validation_error)
    api.add_exception_handler(Http404, on_not_found)
