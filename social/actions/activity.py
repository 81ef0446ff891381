"""The activity history: one row per change, written in the same transaction as the change."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from config.phrases import Phrase
from social.models import Activity, User


def record_activity(
    actor: User, *, verb: str, entity: str, object_id: UUID, summary: str | Phrase,
    group_id: UUID | None = None, changes: dict[str, Any] | None = None,
) -> Activity:
    """Call from inside an action (it joins the action's transaction). A Phrase summary is
    shown in each reader's language (Activity.line); its English words fill `summary`."""
    said = summary if isinstance(summary, Phrase) else None
    return Activity.objects.create(
        actor=actor, verb=verb, entity=entity, object_id=object_id, group_id=group_id,
        summary=(said.english() if said else summary)[:300], changes=changes or {},
        phrase=said.as_json() if said else {},
    )
