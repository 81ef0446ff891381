"""Writes over real HTTP that put changes on users' feeds, using whatever synced objects
exist: the fault tests drive them while servers and Redis fail under them."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from typing import Any

from realtime.actions import notify
from realtime.models import Notification, Stream


def http(base: str, method: str, path: str, token: str | None = None, body: Any = None,
         headers: dict[str, str] | None = None, timeout: float = 30) -> tuple[int, Any]:
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    if token:
        all_headers["Authorization"] = f"Bearer {token}"
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(f"{base}{path}", data=data, method=method, headers=all_headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
            return response.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as exc:
        raw = exc.read()
        try:
            return exc.code, json.loads(raw) if raw else None
        except ValueError:
            return exc.code, raw[:300]


def head_of(user: Any) -> int:
    stream = Stream.objects.filter(user=user).first()
    return stream.head if stream else 0


class NotificationWrites:
    """Each write marks one unread notification read through the API: one change for its
    owner. (Notifications are made by actions only; the stock is made up front.)"""

    def __init__(self, user: Any, stock: int) -> None:
        self.user = user
        ids = [notify(user.pk, kind="resilience.stock", title=f"n{i}", dedupe_key=f"stock:{uuid.uuid4()}").pk
               for i in range(stock)]
        self.queue = list(ids)

    def next_write(self) -> tuple[str, str, dict]:
        note_id = self.queue.pop(0)
        return "POST", f"/api/notifications/{note_id}/read", {}

    def applied(self) -> int:
        return Notification.objects.filter(user=self.user, kind="resilience.stock").exclude(read_at=None).count()
