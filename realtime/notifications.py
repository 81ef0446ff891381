"""Who is told what, and whether they want to be.

Each domain app says in its own `notifications.py` which of its writes notify whom with what
text; they all end here:

- `tell(actor, recipients, kind=…)` notifies everyone concerned except the actor (nobody is
  notified of their own actions), once each, through `realtime.actions.notify` (stored,
  counted in the unread badge, delivered live as `notification.created`);
- every notification, person-to-person or from the system (a budget threshold, a bill due),
  is dropped for a user whose preferences switch its kind off, and is written in each
  recipient's language. realtime knows no domain app, so the app that keeps the profiles
  registers one reader of both (`register_preferences`);
- `register_kind` lists the kinds a person can switch, with a label, for the profile page.

A missing preference means "on": a new kind reaches everyone until they opt out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID


@dataclass(frozen=True)
class Kind:
    key: str
    label: str


@dataclass(frozen=True)
class Recipient:
    """What `tell` needs to know of a person: their {kind: bool} switches and their language
    (a Django code; None: the site's)."""
    preferences: dict[str, Any]
    language: str | None = None

    def wants(self, kind: str) -> bool:
        return self.preferences.get(kind, True) is not False


_kinds: dict[str, Kind] = {}
_reader: Callable[[list[UUID]], dict[UUID, Recipient]] | None = None


def register_kind(key: str, label: str) -> None:
    _kinds[key] = Kind(key, label)


def kinds() -> list[Kind]:
    """The kinds a person can switch off, in the order they were registered."""
    return list(_kinds.values())


def register_preferences(reader: Callable[[list[UUID]], dict[UUID, Recipient]]) -> None:
    """`reader(user_ids)` returns each user's Recipient (one read for all of them; a user left
    out has no preferences and the site's language)."""
    global _reader
    _reader = reader


def _recipients(user_ids: list[UUID]) -> dict[UUID, Recipient]:
    read = _reader(user_ids) if _reader is not None and user_ids else {}
    return {u: read.get(u) or Recipient({}) for u in user_ids}


def wanting(user_ids: list[UUID], kind: str) -> list[UUID]:
    """Those of `user_ids` who have not switched `kind` off."""
    return [u for u, person in _recipients(list(user_ids)).items() if person.wants(kind)]


def wants(user_id: UUID, kind: str) -> bool:
    return bool(wanting([user_id], kind))


def tell(
    actor_id: UUID | None,
    recipients: Iterable[UUID | None],
    *,
    kind: str,
    title: Any,
    body: Any = "",
    data: dict[str, Any] | None = None,
) -> list[UUID]:
    """Notify each recipient but the actor, once; returns whom it notified. Call inside the
    action that made the change, so the notification is part of the same batch. One read of
    the preferences and one INSERT for all recipients (not a `notify` each). `title` and `body`
    are strings or config.phrases.Phrase (written in each recipient's language)."""
    from config.phrases import in_language
    from realtime.feed import action, in_action, publish
    from realtime.models import Notification

    actor = UUID(str(actor_id)) if actor_id is not None else None
    people = sorted({UUID(str(u)) for u in recipients if u is not None} - {actor})

    def notify_all() -> list[UUID]:
        told = {u: person for u, person in _recipients(people).items() if person.wants(kind)}
        notes = Notification.objects.bulk_create([
            Notification(user_id=user_id, kind=kind, title=in_language(title, person.language)[:200],
                         body=in_language(body, person.language), data=data or {})
            for user_id, person in told.items()
        ])
        for note in notes:
            publish(note, "notification.created")
        return list(told)

    if not people:
        return []
    # One INSERT, published after it: inside the caller's action it needs no savepoint.
    return notify_all() if in_action() else action(notify_all)()
