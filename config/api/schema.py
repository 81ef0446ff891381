"""OpenAPI post-processing: every operation documents the error shape for the statuses it
can answer, so the schema is accurate for clients and for schema-driven fuzzing."""

from __future__ import annotations

from typing import Any

ERROR_REF = {"$ref": "#/components/schemas/Error"}
ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {"type": "object", "additionalProperties": True},
                "words": {  # a message with details: its message id and the details, for a translated page
                    "type": "object",
                    "properties": {"text": {"type": "string"}, "args": {"type": "object", "additionalProperties": True}},
                    "required": ["text"],
                },
            },
            "required": ["code", "message", "fields"],
            "additionalProperties": True,
        }
    },
    "required": ["error"],
}
_COMMON = {
    "400": "Invalid input",
    "401": "Not authenticated",
    "403": "Not allowed",
    "404": "Not found",
    "405": "Method not allowed",
    "406": "Not acceptable",
    "409": "Conflict",
    "410": "Gone",
    "412": "Stale version",
    "413": "Payload too large",
    "415": "Unsupported media type",
    "422": "Unprocessable",
    "429": "Too many requests",
}


def add_error_responses(result: dict[str, Any], generator: Any, request: Any, public: Any) -> dict[str, Any]:
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for code, text in _COMMON.items():
                responses.setdefault(
                    code, {"description": text, "content": {"application/json": {"schema": ERROR_REF}}}
                )
    return result


# --- component names ---------------------------------------------------------------------------
# Apps name their serializers by role (BillOut, TransactionOut …), so two apps can both have a
# `BillOut`. drf-spectacular would then document one app's operations with the other's
# component (and warn). The first class keeps the plain name; another class with the same
# name is prefixed with its app (KhataBillOut), so every component stays unique and stable.
from drf_spectacular.openapi import AutoSchema as _BaseAutoSchema  # noqa: E402

_NAME_OWNERS: dict[str, type] = {}


def _app_prefix(cls: type) -> str:
    parts = [p for p in cls.__module__.split(".") if p not in {"api", "serializers", "inputs", "ledger"}]
    return "".join(p.capitalize() for p in parts[:1]) or "App"


class AutoSchema(_BaseAutoSchema):
    def get_serializer_name(self, serializer: Any, direction: Any) -> str:
        cls = serializer.__class__
        name = cls.__name__
        owner = _NAME_OWNERS.setdefault(name, cls)
        if owner is not cls:
            return f"{_app_prefix(cls)}{name}"
        return name
