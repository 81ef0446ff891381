"""The live fast path between processes: one Redis pub/sub channel, one subscriber per process.

A write publishes ONE message per committed batch (not one per user): for each change, the
users it went to with their seq, and the envelope encoded once. Every web process runs one
`Hub` (per event loop) that listens to the channel and hands each change to the sockets it
holds for those users (the per-user "group" is `Hub.sockets[user_id]`). Sockets never touch
the channel layer, so a Redis outage cannot close them: they keep their heartbeat, which
reads the head from the database and catches up.

Everything here is best effort with bounded timeouts: the database is the record.
Without REDIS_URL (`make run`), the bus is in-process: a change written in the socket process
reaches its sockets at once, and one written elsewhere (gunicorn's requests, the Celery
worker) is found by the hub following the feed's heads (heartbeat.follow, twice a second).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
import time
from collections.abc import Iterable
from typing import Any, Protocol
from urllib.parse import urlparse

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder

logger = logging.getLogger(__name__)

PUBLISH_TIMEOUT = 0.5  # seconds a request may spend on the fast path, at most
BREAKER_SECONDS = 1.0  # after a failure, skip Redis for this long (sockets catch up anyway)


def redis_url() -> str:
    return getattr(settings, "REALTIME_REDIS_URL", None) or settings.REDIS_URL


def key_prefix() -> str:
    url = redis_url()
    db = (urlparse(url).path or "/0").lstrip("/") or "0"
    # Pub/sub ignores the db number: put it in the name so two databases never cross-talk.
    return f"{getattr(settings, 'REALTIME_REDIS_PREFIX', 'hisaab')}:{db}:rt"


def channel_name() -> str:
    return f"{key_prefix()}:feed"


def dumps(value: Any) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, separators=(",", ":"))


# --- publishing (sync side: on_commit of a request thread) ---------------------------------

_sync_clients: dict[str, Any] = {}
_breaker_until = 0.0
_lock = threading.Lock()


def _sync_client(url: str) -> Any:
    client = _sync_clients.get(url)
    if client is None:
        import redis

        with _lock:
            client = _sync_clients.get(url) or redis.Redis.from_url(
                url,
                socket_timeout=PUBLISH_TIMEOUT,
                socket_connect_timeout=PUBLISH_TIMEOUT,
                retry_on_timeout=False,
            )
            _sync_clients[url] = client
    return client


def publish_sync(payload: str) -> bool:
    """Publish from synchronous code. Never raises, never waits longer than the timeout."""
    global _breaker_until
    url = redis_url()
    if not url:
        _local_publish(payload)
        return True
    if time.monotonic() < _breaker_until:
        return False
    try:
        _sync_client(url).publish(channel_name(), payload)
        return True
    except Exception:  # noqa: BLE001 - the feed in the database is the record
        _breaker_until = time.monotonic() + BREAKER_SECONDS
        logger.warning("live publish failed; sockets catch up from the feed", exc_info=True)
        return False


def change_message(items: Iterable[tuple[dict[str, int], str]]) -> str:
    """items: (user id -> seq, envelope without seq encoded as JSON)."""
    return dumps({"k": "c", "i": [{"u": users, "b": body} for users, body in items]})


def presence_message(user_id: str, online: bool, to: Iterable[str]) -> str:
    return dumps({"k": "p", "u": user_id, "o": online, "to": list(to)})


def sign_out_message(user_id: str) -> str:
    """Every socket of the user, in every process, closes (deactivated or deleted account)."""
    return dumps({"k": "x", "u": user_id})


# --- receiving (async side: one hub per event loop of a web process) ----------------------


class Socket(Protocol):
    user_id: str

    async def offer(self, seq: int, frame: str) -> None: ...

    async def send_presence(self, user_id: str, online: bool) -> None: ...

    async def heartbeat(self, head: int) -> None: ...

    async def catch_up(self, head: int) -> None: ...

    async def sign_out(self) -> None: ...


_hubs: dict[asyncio.AbstractEventLoop, Hub] = {}


def _local_publish(payload: str) -> None:
    for loop, hub in list(_hubs.items()):
        with contextlib.suppress(RuntimeError):  # loop closed meanwhile
            loop.call_soon_threadsafe(lambda h=hub: asyncio.ensure_future(h.dispatch(payload)))


class Hub:
    """This process's sockets by user, the Redis subscription, and the heartbeat tick."""

    def __init__(self) -> None:
        self.loop = asyncio.get_running_loop()
        self.sockets: dict[str, set[Socket]] = {}
        self.ready = asyncio.Event()
        self._tasks: list[asyncio.Task] = []
        self._redis: Any = None
        self._reads: dict[tuple[str, int, int], asyncio.Future] = {}

    # lifecycle
    @classmethod
    def current(cls) -> Hub:
        loop = asyncio.get_running_loop()
        hub = _hubs.get(loop)
        if hub is None:
            hub = _hubs[loop] = cls()
            hub._start()
        return hub

    def _start(self) -> None:
        from realtime import heartbeat

        if redis_url():
            self._tasks.append(asyncio.ensure_future(self._listen()))
        else:
            self.ready.set()
            self._tasks.append(asyncio.ensure_future(heartbeat.follow(self)))
        self._tasks.append(asyncio.ensure_future(heartbeat.run(self)))

    async def _stop(self) -> None:
        if _hubs.get(self.loop) is self:
            del _hubs[self.loop]
        me = asyncio.current_task()
        others = [task for task in self._tasks if task is not me]
        for task in others:
            task.cancel()
        for task in others:
            with contextlib.suppress(BaseException):
                await task
        if self._redis is not None:
            with contextlib.suppress(Exception):
                await self._redis.aclose(close_connection_pool=True)

    def redis(self) -> Any:
        """A command client with short timeouts (presence, publishing from sockets)."""
        if self._redis is None and redis_url():
            import redis.asyncio as aredis

            # A bounded pool that waits for a free connection (a thousand sockets closing at
            # once must queue, not fail with "too many connections").
            pool = aredis.BlockingConnectionPool.from_url(
                redis_url(), max_connections=32, timeout=2.0,
                socket_timeout=1.0, socket_connect_timeout=1.0, decode_responses=True,
            )
            self._redis = aredis.Redis(connection_pool=pool)
        return self._redis

    async def add(self, sock: Socket) -> None:
        self.sockets.setdefault(sock.user_id, set()).add(sock)
        # Subscribed before the caller reads the backlog, so nothing falls in between
        # (bounded: with Redis down, the heartbeat is the path).
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self.ready.wait(), timeout=1.0)

    async def remove(self, sock: Socket) -> None:
        group = self.sockets.get(sock.user_id)
        if group is not None:
            group.discard(sock)
            if not group:
                del self.sockets[sock.user_id]
        if not self.sockets:
            await self._stop()

    async def changes_after(self, user_id: str, after: int, limit: int) -> list[tuple[int, str]]:
        """The user's changes after `after` as (seq, frame), read from the
        database once for all the sockets asking the same thing at the same time."""
        key = (user_id, after, limit)
        read = self._reads.get(key)
        if read is None:
            read = self._reads[key] = asyncio.ensure_future(self._read_changes(user_id, after, limit))
            read.add_done_callback(lambda _: self._reads.pop(key, None))
        return await asyncio.shield(read)

    @staticmethod
    async def _read_changes(user_id: str, after: int, limit: int) -> list[tuple[int, str]]:
        from realtime import selectors
        from realtime.db import db_call

        rows = await db_call(selectors.changes_after)(user_id, after, limit)
        frames = []
        for envelope in rows:
            frames.append((envelope["seq"], dumps({"type": "change", **envelope})))
        return frames

    # publishing from async code
    async def publish(self, payload: str) -> None:
        if not redis_url():
            _local_publish(payload)
            return
        try:
            await asyncio.wait_for(self.redis().publish(channel_name(), payload), timeout=1.0)
        except Exception:  # noqa: BLE001
            logger.warning("live publish from a socket failed", exc_info=True)

    # receiving
    async def _listen(self) -> None:
        import redis.asyncio as aredis

        backoff = 0.2
        while True:
            client = aredis.Redis.from_url(redis_url(), socket_connect_timeout=1.0)
            pubsub = client.pubsub()
            try:
                await asyncio.wait_for(pubsub.subscribe(channel_name()), timeout=2.0)
                first = not self.ready.is_set()
                self.ready.set()
                backoff = 0.2
                if not first:
                    # Whatever was published while we were away is only in the database.
                    from realtime import heartbeat

                    asyncio.ensure_future(heartbeat.tick(self))
                while True:
                    message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=5.0)
                    if message is not None and message.get("type") == "message":
                        try:
                            await self.dispatch(message["data"])
                        except Exception:  # noqa: BLE001 - a delivery fault is not a lost subscription
                            logger.warning("dispatching a live message failed", exc_info=True)
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - Redis away: retry, sockets keep heartbeating
                logger.warning("feed subscription lost; retrying", exc_info=True)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)
            finally:
                with contextlib.suppress(Exception):
                    await pubsub.aclose()
                with contextlib.suppress(Exception):
                    await client.aclose()

    async def dispatch(self, raw: str | bytes) -> None:
        try:
            message = json.loads(raw)
            kind = message["k"]
        except (ValueError, KeyError, TypeError):
            logger.warning("ignoring a malformed bus message")
            return
        if kind == "c":
            for item in message["i"]:
                body: str = item["b"]
                rest = body[1:]
                for user_id, seq in item["u"].items():
                    group = self.sockets.get(user_id)
                    if not group:
                        continue
                    frame = f'{{"type":"change","seq":{seq},{rest}'  # once for the user's sockets
                    for sock in list(group):
                        await _guarded(sock.offer(seq, frame))
        elif kind == "p":
            for user_id in message["to"]:
                for sock in list(self.sockets.get(user_id, ())):
                    await _guarded(sock.send_presence(message["u"], message["o"]))
        elif kind == "x":
            for sock in list(self.sockets.get(message["u"], ())):
                await _guarded(sock.sign_out())


async def _guarded(send: Any) -> None:
    """One socket's send. A socket whose client has just gone (its disconnect not handled
    yet) raises from the server's send: that must neither stop the message for the other
    sockets nor reach the subscription loop, which would drop the subscription and leave
    every socket of the process to catch up at the heartbeat."""
    try:
        await send
    except asyncio.CancelledError:
        raise
    except Exception:  # noqa: BLE001 - the closing socket's disconnect cleans up
        logger.debug("a live send to a closing socket failed", exc_info=True)
