"""Writes owned by realtime itself: notifications."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from config.phrases import Phrase, language_of_user
from realtime.feed import action, publish
from realtime.models import Notification


@action
def notify(
    user_id: UUID,
    *,
    kind: str,
    title: str | Phrase,
    body: str | Phrase = "",
    data: dict[str, Any] | None = None,
    dedupe_key: str | None = None,
) -> Notification | None:
    """Create a notification (and its `notification.created` change).

    With `dedupe_key`, at most one notification per user and key ever exists, even when two
    processes try at once; the second call returns None. Nothing is created (None) for a
    user whose notification preferences switch `kind` off. A Phrase title or body is written
    in the recipient's language (their profile's locale), amounts and dates through config.display."""
    from realtime import notifications

    if not notifications.wants(user_id, kind):
        return None
    if isinstance(title, Phrase) or isinstance(body, Phrase):
        language = language_of_user(user_id) or settings.LANGUAGE_CODE
        title = title.render(language) if isinstance(title, Phrase) else title
        body = body.render(language) if isinstance(body, Phrase) else body
    fields = {"user_id": user_id, "kind": kind, "title": title[:200], "body": body, "data": data or {},
              "dedupe_key": dedupe_key}
    if dedupe_key is None:  # nothing to collide with: no savepoint to roll back to
        note = Notification.objects.create(**fields)
    else:
        try:
            with transaction.atomic():
                note = Notification.objects.create(**fields)
        except IntegrityError:
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


def sign_out_sockets(user_id: UUID) -> None:
    """After the current transaction commits, every open socket of the user closes with 4401
    (in every web process: one message on the bus). New sockets are refused by socket_auth,
    which only accepts active users. Call from inside the action that deactivates."""
    from realtime import bus

    transaction.on_commit(lambda: bus.publish_sync(bus.sign_out_message(str(user_id))))
