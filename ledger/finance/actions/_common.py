"""Helpers shared by finance's actions (not imported by other apps)."""

from __future__ import annotations

from uuid import UUID

from django.db import models
from django.utils import timezone

from config.api.errors import Invalid
from realtime.feed import publish
from realtime.preconditions import check_version


def lock(model: type[models.Model], pk, expected_version: int | None = None):
    """The row, locked for the rest of the transaction, with its version checked."""
    obj = model.objects.select_for_update().get(pk=pk)
    if expected_version is not None:
        check_version(obj, expected_version)
    return obj


def save(obj, event: str, fields: list[str] | None = None) -> None:
    """Bump the version, save, publish."""
    obj.version += 1
    if fields is None:
        obj.save()
    else:
        obj.save(update_fields=[*fields, "version", "updated_at"])
    publish(obj, event)


def tombstone(obj, event: str) -> None:
    obj.deleted_at = timezone.now()
    save(obj, event, ["deleted_at"])


def owned(model: type[models.Model], user_id: UUID, pk, field: str, what: str, *, live: bool = True):
    """An object of the user's referenced by id from input: a field error if not theirs."""
    if pk is None:
        return None
    qs = model.objects.filter(owner_id=user_id, pk=pk)
    if live:
        qs = qs.filter(deleted_at__isnull=True)
    obj = qs.first()
    if obj is None:
        raise Invalid(f"No such {what}.", code="not_found", fields={field: [f"No such {what}."]})
    return obj


def clean_tags(tags: list[str] | None) -> list[str]:
    seen: dict[str, None] = {}
    for t in tags or []:
        t = t.strip()
        if t:
            seen.setdefault(t, None)
    return list(seen)
