"""Optimistic concurrency: updates name the version they were based on.

A client sends it as `If-Match: "<version>"` or as a `version` field in the body; a stale
one is refused with 412 and the object as it is now, so money is never merged silently.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from rest_framework import serializers
from rest_framework.request import Request

from config.api.errors import PreconditionFailed
from realtime.registry import entity_for


def expected_version(request: Request) -> int | None:
    """The version the client based its write on, or None when it named none."""
    header = request.headers.get("If-Match", "").strip()
    raw: Any = None
    if header:
        raw = header.removeprefix("W/").strip('"')
    elif isinstance(request.data, dict) and "version" in request.data:
        raw = request.data.get("version")
    if raw is None or raw == "*":
        return None
    if isinstance(raw, bool):
        raise serializers.ValidationError({"version": ["Must be a whole number."]})
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise serializers.ValidationError({"version": ["Must be a whole number."]})
    if value < 1 or value > 2**31:
        raise serializers.ValidationError({"version": ["Out of range."]})
    return value


def check_version(obj: models.Model, expected: int | None) -> None:
    """Call with `obj` locked (select_for_update) so the check and the write are one step."""
    if expected is not None and expected != obj.version:
        raise PreconditionFailed(
            f"This {entity_for(obj).name} was changed elsewhere (now version {obj.version}).",
            extra={"current": entity_for(obj).serialize(obj)},
        )
