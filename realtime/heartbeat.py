"""The hub's tick, every REALTIME_HEARTBEAT_SECONDS (25 s by default), for all sockets of
this process at once: one query for the heads of every local user, one Redis round trip to
keep their presence alive, then a heartbeat frame per socket. A socket whose head moved past
what it has sent (a live message was dropped, or Redis is away) pulls from the database:
that is how a lost fast-path message is caught up within one heartbeat.

Without Redis (`make run`: gunicorn, daphne and the Celery worker share no bus) the hub also
follows the feed: every REALTIME_FOLLOW_SECONDS it reads the heads of its users and the
sockets behind theirs catch up, so a write answered by another process still arrives live.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from realtime import presence, selectors
from realtime.db import db_call

if TYPE_CHECKING:
    from realtime.bus import Hub

logger = logging.getLogger(__name__)


async def run(hub: Hub) -> None:
    while True:
        await asyncio.sleep(presence.heartbeat_seconds())
        try:
            await tick(hub)
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001 - one bad tick must not stop the next
            logger.warning("heartbeat tick failed", exc_info=True)


async def follow(hub: Hub) -> None:
    from django.conf import settings

    while True:
        await asyncio.sleep(float(getattr(settings, "REALTIME_FOLLOW_SECONDS", 0.5)))
        try:
            if hub.sockets:
                heads = await db_call(selectors.heads_for)(list(hub.sockets))
                for sock in [sock for group in list(hub.sockets.values()) for sock in list(group)]:
                    await sock.catch_up(heads.get(sock.user_id, 0))
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001 - the next round retries
            logger.warning("following the feed failed", exc_info=True)


async def tick(hub: Hub) -> None:
    sockets = [sock for group in list(hub.sockets.values()) for sock in list(group)]
    if not sockets:
        return
    heads = await db_call(selectors.heads_for)(list(hub.sockets))
    try:
        store = presence.store(hub)
        await asyncio.wait_for(
            store.refresh([(s.user_id, s.conn_id) for s in sockets if s.presence_joined]), timeout=2.0
        )
        gone = await asyncio.wait_for(store.sweep(), timeout=2.0)
    except Exception:  # noqa: BLE001 - Redis away: presence waits, the feed does not
        logger.warning("presence refresh failed", exc_info=True)
        gone = []
    for sock in sockets:
        await sock.heartbeat(heads.get(sock.user_id, 0))
    for user_id in gone:
        await announce(hub, user_id, online=False)


async def announce(hub: Hub, user_id: str, *, online: bool) -> None:
    from realtime import bus

    friends = await db_call(presence.friends_of)(user_id)
    if friends:
        await hub.publish(bus.presence_message(user_id, online, friends))
