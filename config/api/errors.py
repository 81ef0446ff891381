"""One error shape for the whole API: {"error": {"code", "message", "fields"}}.

Domain code raises a `DomainError` subclass; views never build error responses by hand.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from config.phrases import Sentence


class DomainError(Exception):
    """A refusal the client can act on. Subclasses fix the HTTP status."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        fields: dict[str, Any] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.fields = fields or {}
        self.extra = extra or {}


class Invalid(DomainError):
    """Input that fails a domain rule; `fields` names the culprits."""


class NotFound(DomainError):
    status_code = status.HTTP_404_NOT_FOUND
    default_code = "not_found"

    def __init__(self, message: str = "Not found.", **kwargs: Any) -> None:
        super().__init__(message, **kwargs)


class Forbidden(DomainError):
    status_code = status.HTTP_403_FORBIDDEN
    default_code = "forbidden"


class Conflict(DomainError):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class Gone(DomainError):
    status_code = status.HTTP_410_GONE
    default_code = "gone"


class PreconditionFailed(DomainError):
    """A stale version: `extra["current"]` carries the object as it is now."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "stale_version"


class Unprocessable(DomainError):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "unprocessable"


def error_body(
    code: str, message: str, fields: dict[str, Any] | None = None, **extra: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message, "fields": fields or {}}
    body.update(extra)
    return {"error": body}


def _flatten(detail: Any) -> Any:
    """DRF's ErrorDetail tree -> plain lists and dicts of strings."""
    if isinstance(detail, dict):
        return {str(k): _flatten(v) for k, v in detail.items()}
    if isinstance(detail, list):
        return [_flatten(v) for v in detail]
    return str(detail)


def _first_message(fields: Any) -> str:
    if isinstance(fields, dict):
        for key, value in fields.items():
            inner = _first_message(value)
            return inner if key == "non_field_errors" else f"{key}: {inner}"
    if isinstance(fields, list) and fields:
        return _first_message(fields[0])
    return str(fields) if fields else "Invalid input."


_DRF_CODES: dict[type, str] = {
    exceptions.ParseError: "malformed_request",
    exceptions.AuthenticationFailed: "authentication_failed",
    exceptions.NotAuthenticated: "not_authenticated",
    exceptions.PermissionDenied: "forbidden",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.NotAcceptable: "not_acceptable",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
    exceptions.Throttled: "throttled",
}


def _is_id_clash(exc: IntegrityError) -> bool:
    """A primary-key clash: a client-chosen id already used (by someone else: an action
    returns the caller's own object for a replayed create)."""
    diag = getattr(exc.__cause__, "diag", None)  # psycopg's error diagnostics
    constraint = getattr(diag, "constraint_name", None) or ""
    return constraint.endswith("_pkey") or (diag is None and str(exc).rstrip().endswith(".id"))


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's EXCEPTION_HANDLER: every failure becomes the one error shape, and the
    transaction (if any) is rolled back so a failed request changes nothing."""
    headers: dict[str, str] = {}
    if isinstance(exc, DomainError):
        set_rollback()
        extra = dict(exc.extra)
        if isinstance(exc.message, Sentence):  # its message id and details, for a page that shows it
            extra.setdefault("words", exc.message.phrase.as_json())
        return Response(
            error_body(exc.code, str(exc.message), _flatten(exc.fields), **extra),
            status=exc.status_code,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):
        set_rollback()
        return Response(
            error_body("payload_too_large", "The request body is too large."),
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    elif isinstance(exc, IntegrityError) and _is_id_clash(exc):
        # Every create route that takes a client-chosen id, in one place (a route whose action
        # does not check the id itself would otherwise answer 500).
        set_rollback()
        return Response(
            error_body("id_taken", "That id is taken.", {"id": ["Already used."]}),
            status=status.HTTP_409_CONFLICT,
        )
    elif isinstance(exc, DjangoValidationError):
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(fields)

    if not isinstance(exc, exceptions.APIException):
        return None  # a real bug: let Django's 500 handler (JSON for /api/) report it

    set_rollback()
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))

    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        if isinstance(fields, list):
            fields = {"non_field_errors": fields}
        body = error_body("invalid", _first_message(fields), fields)
    elif isinstance(exc.detail, dict) and "detail" in exc.detail:
        # simplejwt's shape: {"detail": "...", "code": "token_not_valid", "messages": [...]}
        code = str(exc.detail.get("code") or _DRF_CODES.get(type(exc), "error"))
        body = error_body(code, str(exc.detail["detail"]))
    else:
        code = _DRF_CODES.get(type(exc))
        if code is None:
            detail_code = exc.get_codes() if hasattr(exc, "get_codes") else None
            code = detail_code if isinstance(detail_code, str) else "error"
        body = error_body(code, _first_message(_flatten(exc.detail)))
    return Response(body, status=exc.status_code, headers=headers)
