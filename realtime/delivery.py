"""The live fast path: after commit, the batch's changes go to their users' sockets.

One Redis publish per committed batch (see `realtime.bus`), whatever the number of users;
each web process hands the changes to the sockets it holds for those users (the user's
group, named by `group_for`). The channel may drop messages and Redis may be down; that is
fine, because the database is the record and sockets catch up from it on the next
heartbeat. Delivery therefore never raises into the request that made the change, and waits
at most half a second (and skips Redis for a second after a failure).
"""

from __future__ import annotations

import logging
from typing import Any
from uuid import UUID

from realtime import bus

logger = logging.getLogger(__name__)


def group_for(user_id: UUID | str) -> str:
    """The name of a user's group: every socket of that user, in every process."""
    return f"user.{user_id}"


def deliver(live: list[tuple[dict[str, int], dict[str, Any]]]) -> bool:
    """live: per change, {user id: seq} and the envelope without its seq."""
    if not live:
        return True
    try:
        payload = bus.change_message((seqs, bus.dumps(envelope)) for seqs, envelope in live)
    except Exception:  # noqa: BLE001 - the feed in the database is the record
        logger.warning("could not encode live changes", exc_info=True)
        return False
    return bus.publish_sync(payload)
