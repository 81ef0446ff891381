"""The activity history: one row per change, written in the same transaction as the change."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from social.models import Activity, User


def record_activity(
    actor: User, *, verb: str, entity: str, object_id: UUID, summary: str,
    group_id: UUID | None = None, changes: dict[str, Any] | None = None,
) -> Activity:
    """Call from inside an action (it joins the action's transaction)."""
    return Activity.objects.create(
        actor=actor, verb=verb, entity=entity, object_id=object_id, group_id=group_id,
        summary=summary[:300], changes=changes or {},
    )
