"""Who is online, for friends.

Who counts as a friend is social's knowledge; realtime never imports it. Social registers
`register_audience(fn)`, fn(user_id) -> ids of users who may see that user's presence.
Until something registers, presence is shown to no one.

Counting: each open socket is one member of a Redis sorted set per user, scored by its
expiry; the heartbeat pushes the expiry forward. A user is online while any member is
unexpired, so several tabs and several processes count correctly, and a process that dies
without saying goodbye ages out (the heartbeat's sweep announces it offline).
Transitions are decided inside Redis (Lua), so exactly one socket announces each one.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any
from uuid import UUID

from django.conf import settings

from realtime import bus

_audiences: list[Callable[[Any], Iterable[Any]]] = []


def register_audience(fn: Callable[[Any], Iterable[Any]]) -> Callable[[Any], Iterable[Any]]:
    """fn(user_id) -> iterable of user ids who see this user's presence (their friends)."""
    _audiences.append(fn)
    return fn


def unregister_audience(fn: Callable[[Any], Iterable[Any]]) -> None:
    if fn in _audiences:
        _audiences.remove(fn)


def friends_of(user_id: UUID | str) -> list[str]:
    """Call from sync code (it may query the database)."""
    seen: set[str] = set()
    for fn in list(_audiences):
        seen.update(str(u) for u in fn(user_id))
    seen.discard(str(user_id))
    return sorted(seen)


def heartbeat_seconds() -> float:
    return float(getattr(settings, "REALTIME_HEARTBEAT_SECONDS", 25))


def ttl_seconds() -> float:
    # Two missed heartbeats and a margin: a paused process is not declared offline at once.
    return heartbeat_seconds() * 2.5 + 5


def _key(user_id: str) -> str:
    return f"{bus.key_prefix()}:presence:{user_id}"


def _all_key() -> str:
    return f"{bus.key_prefix()}:presence:all"


_CONNECT = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('ZADD', KEYS[2], 'GT', ARGV[2], ARGV[4])
return redis.call('ZCARD', KEYS[1])
"""

_DISCONNECT = """
local removed = redis.call('ZREM', KEYS[1], ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local left = redis.call('ZCARD', KEYS[1])
if left == 0 then redis.call('ZREM', KEYS[2], ARGV[3]) end
return {removed, left}
"""

_SWEEP = """
local stale = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 200)
local gone = {}
for _, uid in ipairs(stale) do
  local key = ARGV[2] .. uid
  redis.call('ZREMRANGEBYSCORE', key, '-inf', ARGV[1])
  local top = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
  if #top == 0 then
    redis.call('ZREM', KEYS[1], uid)
    table.insert(gone, uid)
  else
    redis.call('ZADD', KEYS[1], top[2], uid)
  end
end
return gone
"""


class _LocalStore:
    """Single-process development without Redis."""

    def __init__(self) -> None:
        self.conns: dict[str, dict[str, float]] = {}

    def _live(self, user_id: str, now: float) -> dict[str, float]:
        conns = self.conns.get(user_id, {})
        for conn in [c for c, exp in conns.items() if exp <= now]:
            del conns[conn]
        return conns

    async def connect(self, user_id: str, conn: str) -> bool:
        now = time.time()
        conns = self._live(user_id, now)
        conns[conn] = now + ttl_seconds()
        self.conns[user_id] = conns
        return len(conns) == 1

    async def disconnect(self, user_id: str, conn: str) -> bool:
        conns = self._live(user_id, time.time())
        removed = conns.pop(conn, None) is not None
        return removed and not conns

    async def refresh(self, pairs: list[tuple[str, str]]) -> None:
        exp = time.time() + ttl_seconds()
        for user_id, conn in pairs:
            self.conns.setdefault(user_id, {})[conn] = exp

    async def online(self, user_ids: list[str]) -> list[str]:
        now = time.time()
        return [u for u in user_ids if self._live(u, now)]

    async def sweep(self) -> list[str]:
        now = time.time()
        gone = []
        for user_id in list(self.conns):
            if not self._live(user_id, now):
                del self.conns[user_id]
                gone.append(user_id)
        return gone


_local = _LocalStore()


class _RedisStore:
    def __init__(self, client: Any) -> None:
        self.r = client

    async def connect(self, user_id: str, conn: str) -> bool:
        now = time.time()
        count = await self.r.eval(
            _CONNECT, 2, _key(user_id), _all_key(),
            now, now + ttl_seconds(), conn, user_id, int(ttl_seconds() * 1000),
        )
        return int(count) == 1

    async def disconnect(self, user_id: str, conn: str) -> bool:
        removed, left = await self.r.eval(
            _DISCONNECT, 2, _key(user_id), _all_key(), time.time(), conn, user_id
        )
        return int(removed) == 1 and int(left) == 0

    async def refresh(self, pairs: list[tuple[str, str]]) -> None:
        if not pairs:
            return
        exp = time.time() + ttl_seconds()
        ttl_ms = int(ttl_seconds() * 1000)
        pipe = self.r.pipeline(transaction=False)
        for user_id, conn in pairs:
            pipe.zadd(_key(user_id), {conn: exp})
            pipe.pexpire(_key(user_id), ttl_ms)
            pipe.zadd(_all_key(), {user_id: exp}, gt=True)
        await pipe.execute()

    async def online(self, user_ids: list[str]) -> list[str]:
        if not user_ids:
            return []
        now = time.time()
        pipe = self.r.pipeline(transaction=False)
        for user_id in user_ids:
            pipe.zcount(_key(user_id), f"({now}", "+inf")
        counts = await pipe.execute()
        return [u for u, n in zip(user_ids, counts, strict=True) if int(n) > 0]

    async def sweep(self) -> list[str]:
        return list(await self.r.eval(_SWEEP, 1, _all_key(), time.time(), f"{bus.key_prefix()}:presence:"))


def store(hub: bus.Hub) -> _LocalStore | _RedisStore:
    if not bus.redis_url():
        return _local
    return _RedisStore(hub.redis())


def online_sync(user_ids: list[str]) -> list[str]:
    """Which of `user_ids` are online, from sync code (the presence API). Redis down -> []."""
    if not user_ids:
        return []
    url = bus.redis_url()
    if not url:
        from asgiref.sync import async_to_sync

        return async_to_sync(_local.online)(user_ids)
    import redis

    client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5, decode_responses=True)
    try:
        now = time.time()
        pipe = client.pipeline(transaction=False)
        for user_id in user_ids:
            pipe.zcount(_key(user_id), f"({now}", "+inf")
        counts = pipe.execute()
    except Exception:  # noqa: BLE001 - presence is a courtesy; never fail the request
        return []
    finally:
        client.close()
    return [u for u, n in zip(user_ids, counts, strict=True) if int(n) > 0]


def introduce(a: Any, b: Any) -> None:
    """Two users just became able to see each other's presence (a new friendship): after
    commit, each one that is online is announced to the other at once, not at a reconnect.
    Call inside the action that links them."""
    from django.db import transaction

    def announce() -> None:
        pair = [str(a), str(b)]
        for user_id in online_sync(pair):
            other = pair[1] if user_id == pair[0] else pair[0]
            bus.publish_sync(bus.presence_message(user_id, True, [other]))

    transaction.on_commit(announce, robust=True)


def separate(a: Any, b: Any) -> None:
    """The two may no longer see each other's presence: after commit each one's sockets are
    told the other is offline (whatever the truth), so nothing stale stays shown."""
    from django.db import transaction

    def announce() -> None:
        bus.publish_sync(bus.presence_message(str(a), False, [str(b)]))
        bus.publish_sync(bus.presence_message(str(b), False, [str(a)]))

    transaction.on_commit(announce, robust=True)
