"""Errors raised outside DRF views (unknown /api/ URLs, oversized bodies, crashes) keep the
API's one error shape, so a client never has to parse an HTML page."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse

from config.api.errors import error_body

logger = logging.getLogger(__name__)

_STATUS_CODES = {
    400: ("bad_request", "Bad request."),
    403: ("forbidden", "You do not have permission to do this."),
    404: ("not_found", "Not found."),
    405: ("method_not_allowed", "Method not allowed."),
    413: ("payload_too_large", "The request body is too large."),
    500: ("server_error", "Something went wrong on our side; nothing was changed."),
}


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


class ApiErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            _is_api(request)
            and response.status_code in _STATUS_CODES
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            code, message = _STATUS_CODES[response.status_code]
            return JsonResponse(error_body(code, message), status=response.status_code)
        return response

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not _is_api(request):
            return None
        if isinstance(exc, RequestDataTooBig):
            return JsonResponse(error_body(*_STATUS_CODES[413]), status=413)
        logger.exception("Unhandled error on %s %s", request.method, request.path)
        return JsonResponse(error_body(*_STATUS_CODES[500]), status=500)
