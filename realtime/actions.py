"""Writes owned by realtime itself: notifications."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils import timezone

from realtime.feed import action, publish
from realtime.models import Notification


@action
def notify(
    user_id: UUID,
    *,
    kind: str,
    title: str,
    body: str = "",
    data: dict[str, Any] | None = None,
    dedupe_key: str | None = None,
) -> Notification | None:
    """Create a notification (and its `notification.created` change).

    With `dedupe_key`, at most one notification per user and key ever exists, even when two
    processes try at once; the second call returns None."""
    try:
        with transaction.atomic():
            note = Notification.objects.create(
                user_id=user_id, kind=kind, title=title[:200], body=body,
                data=data or {}, dedupe_key=dedupe_key,
            )
    except IntegrityError:
        if dedupe_key is None:
            raise
        return None
    publish(note, "notification.created")
    return note


@action
def mark_notifications_read(user_id: UUID, *, ids: list[UUID] | None = None) -> int:
    """Mark the user's unread notifications read (all, or those in `ids`)."""
    unread = Notification.objects.select_for_update().filter(user_id=user_id, read_at=None)
    if ids is not None:
        unread = unread.filter(id__in=ids)
    now = timezone.now()
    notes = list(unread.order_by("id"))
    for note in notes:
        note.read_at = now
        note.version += 1
        note.save(update_fields=["read_at", "version", "updated_at"])
        publish(note, "notification.read")
    return len(notes)


@action
def mark_notification_read(
    user_id: UUID, *, note_id: UUID, expected_version: int | None = None
) -> Notification:
    """Mark one of the user's notifications read (again is a no-op). With
    `expected_version`, a stale one is refused with 412 and the notification as it is."""
    from config.api.errors import NotFound
    from realtime.preconditions import check_version

    note = (
        Notification.objects.select_for_update()
        .filter(user_id=user_id, pk=note_id, deleted_at=None)
        .first()
    )
    if note is None:
        raise NotFound()
    check_version(note, expected_version)
    if note.read_at is None:
        note.read_at = timezone.now()
        note.version += 1
        note.save(update_fields=["read_at", "version", "updated_at"])
        publish(note, "notification.read")
    return note
