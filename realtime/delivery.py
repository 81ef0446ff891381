"""The live fast path: after commit, each change is pushed to its user's channel group.

The channel layer may drop messages (and Redis may be down); that is fine, because the
database is the record and sockets catch up from it on the next heartbeat. Delivery
therefore never raises into the request that made the change.
"""

from __future__ import annotations

import logging
from typing import Any
from uuid import UUID

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)


def group_for(user_id: UUID | str) -> str:
    return f"user.{user_id}"


def deliver(envelopes: list[tuple[UUID, dict[str, Any]]]) -> None:
    layer = get_channel_layer()
    if layer is None or not envelopes:
        return
    try:
        async_to_sync(_send_all)(layer, envelopes)
    except Exception:  # noqa: BLE001 - the feed in the database is the record
        logger.warning("live delivery failed; sockets will catch up from the feed", exc_info=True)


async def _send_all(layer: Any, envelopes: list[tuple[UUID, dict[str, Any]]]) -> None:
    for user_id, envelope in envelopes:
        await layer.group_send(group_for(user_id), {"type": "feed.change", "change": envelope})
