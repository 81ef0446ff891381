"""The device socket (`/ws/`).

Protocol (JSON text frames):
  server  {"type": "hello", "head": N}                      once, after the socket opens
  client  {"type": "resume", "cursor": N}                   "I have everything up to N"
  server  {"type": "change", "seq": …, …}                   backlog after N from the database,
                                                            then live changes, in seq order
  server  {"type": "heartbeat", "head": N}                  every REALTIME_HEARTBEAT_SECONDS
  server  {"type": "presence", "user": id, "online": bool}  for friends
  server  {"type": "error", "code": …, "message": …}        a bad frame; the socket stays open
  client  {"type": "ping"} -> server {"type": "pong"}
  server  {"type": "auth_expiring", "expires_at": T}         REALTIME_AUTH_WARNING_SECONDS (60)
                                                            before a token socket's token expires
  client  {"type": "auth", "token": "<access token>"}       a fresh access token for the same user
  server  {"type": "auth_ok", "expires_at": T}              (T: Unix seconds) the socket goes on;
                                                            an invalid token or another user's
                                                            gets an error "auth_invalid" + 4401
No change is sent before the first resume (a client that wants only live changes resumes
from the hello's head). A cursor below the floor or beyond the head gets an error frame
with code "resync_required": load a snapshot, then resume from its cursor.

Exactly once, in order: the socket remembers the last seq it sent. A live change at or below
it is dropped; one that skips ahead makes the socket fetch the gap from the database first.
The heartbeat does the same when the head has moved past the socket (a dropped message).

Closes: 4401 no/bad credentials (nothing is sent), a token that expired with no fresh one
sent in-band, an invalid `auth` frame, or the account deactivated or deleted meanwhile; handshake refused (403) for a
browser origin not allowed, 4009 a frame too big, 4008 a flood of frames.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
import uuid
from typing import Any

from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings

from realtime import bus, heartbeat, presence, selectors
from realtime.db import db_call

logger = logging.getLogger(__name__)

CLOSE_UNAUTHORIZED = 4401
CLOSE_TOO_BIG = 4009  # 1009 in spirit; servers may only send 1000 or 3000-4999
CLOSE_POLICY = 4008  # 1008 in spirit (policy violation: a flood)
FILL_PAGE = 500
GAP_WAIT = 0.25  # seconds a socket waits for an overtaken change before reading the feed
MAX_CURSOR = 2**62


def _setting(name: str, default: float) -> float:
    return float(getattr(settings, name, default))


class SyncConsumer(AsyncWebsocketConsumer):
    # The socket never uses the channel layer: changes come through the process's hub
    # (realtime.bus), so a Redis outage cannot take sockets down.
    channel_layer_alias = "realtime-no-channel-layer"

    user_id: str
    conn_id: str
    hub: bus.Hub | None = None
    closed = False
    presence_joined = False
    presence_seen: dict[str, bool] | None = None
    fill_task: asyncio.Task | None = None
    gap_timer: asyncio.TimerHandle | None = None
    auth_timer: asyncio.TimerHandle | None = None

    # --- lifecycle -------------------------------------------------------------------
    async def connect(self) -> None:
        user = self.scope.get("user")
        if self.scope.get("ws_auth_error") == "origin_not_allowed":
            await self.close()  # before accept: the handshake is refused (HTTP 403)
            self.closed = True
            return
        if user is None or not user.is_authenticated:
            await self.accept(self.scope.get("ws_subprotocol"))
            await self.close(code=CLOSE_UNAUTHORIZED)
            self.closed = True
            return
        self.user_id = str(user.pk)
        self.conn_id = uuid.uuid4().hex
        self.token_exp: float | None = self.scope.get("ws_token_exp")
        self.cursor = 0
        self.live = False
        self.filling = False
        self.pending: list[tuple[int, str]] = []
        self.tokens = _setting("REALTIME_FLOOD_BURST", 30)
        self.tokens_at = time.monotonic()
        await self.accept(self.scope.get("ws_subprotocol"))
        _, head = await db_call(selectors.bounds)(self.user_id)
        await self._send_json({"type": "hello", "head": head})
        # Joined (and subscribed) before any resume is read: frames are handled in order,
        # so the backlog read by a resume cannot miss a change published before it.
        self.hub = bus.Hub.current()
        await self.hub.add(self)
        await self._join_presence()
        self._arm_auth_timer()

    async def disconnect(self, code: int) -> None:
        self.closed = True
        if self.fill_task is not None:
            self.fill_task.cancel()
        if self.gap_timer is not None:
            self.gap_timer.cancel()
            self.gap_timer = None
        if self.auth_timer is not None:
            self.auth_timer.cancel()
            self.auth_timer = None
        if self.hub is None:
            return
        hub, self.hub = self.hub, None
        if self.presence_joined:
            self.presence_joined = False
            try:
                went_offline = await asyncio.wait_for(
                    presence.store(hub).disconnect(self.user_id, self.conn_id), timeout=1.0
                )
                if went_offline:
                    await heartbeat.announce(hub, self.user_id, online=False)
            except Exception:  # noqa: BLE001 - the entry expires on its own
                logger.warning("presence leave failed", exc_info=True)
        await hub.remove(self)

    async def _join_presence(self) -> None:
        assert self.hub is not None
        try:
            store = presence.store(self.hub)
            came_online = await asyncio.wait_for(store.connect(self.user_id, self.conn_id), timeout=1.0)
            self.presence_joined = True
            if came_online:
                await heartbeat.announce(self.hub, self.user_id, online=True)
            friends = await db_call(presence.friends_of)(self.user_id)
            for friend in await asyncio.wait_for(store.online(friends), timeout=1.0):
                await self.send_presence(friend, True)
        except Exception:  # noqa: BLE001 - presence is a courtesy; the feed goes on
            logger.warning("presence join failed", exc_info=True)

    # --- frames from the client ------------------------------------------------------
    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self.closed:
            return
        size = len(text_data or "") + len(bytes_data or b"")
        if size > _setting("REALTIME_MAX_FRAME_BYTES", 8192):
            await self._close(CLOSE_TOO_BIG)
            return
        if not self._take_token():
            await self._close(CLOSE_POLICY)
            return
        if text_data is None:
            await self._error("bad_frame", "Frames are JSON text.")
            return
        try:
            frame = json.loads(text_data)
        except ValueError:
            await self._error("bad_frame", "Frames are JSON objects.")
            return
        if not isinstance(frame, dict):
            await self._error("bad_frame", "Frames are JSON objects.")
            return
        kind = frame.get("type")
        if kind == "resume":
            await self._resume(frame.get("cursor"))
        elif kind == "ping":
            await self._send_json({"type": "pong"})
        elif kind == "auth":
            await self._renew(frame.get("token"))
        else:
            await self._error("unknown_type", "Unknown frame type.")

    def _take_token(self) -> bool:
        """Token bucket: a burst of REALTIME_FLOOD_BURST frames, refilled at
        REALTIME_FLOOD_RATE per second. Clients send a few frames a minute."""
        now = time.monotonic()
        rate = _setting("REALTIME_FLOOD_RATE", 10)
        burst = _setting("REALTIME_FLOOD_BURST", 30)
        self.tokens = min(burst, self.tokens + (now - self.tokens_at) * rate)
        self.tokens_at = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True

    async def _resume(self, cursor: Any) -> None:
        if isinstance(cursor, bool) or not isinstance(cursor, int) or not 0 <= cursor <= MAX_CURSOR:
            await self._error("bad_cursor", "cursor must be a whole number >= 0.")
            return
        floor, head = await db_call(selectors.bounds)(self.user_id)
        if cursor < floor or cursor > head:
            await self._error(
                "resync_required", "This cursor can no longer be continued; load a snapshot.",
                floor=floor, head=head,
            )
            return
        if self.fill_task is not None and not self.fill_task.done():
            with contextlib.suppress(asyncio.CancelledError):
                await self.fill_task
        self.cursor = cursor
        self.live = True
        self._start_fill()

    # --- in-band token renewal ---------------------------------------------------------
    async def _renew(self, raw: Any) -> None:
        """Swap in a fresh access token for the same user; anything else closes 4401 (a
        socket must not outlive its owner's right to it, nor change hands)."""
        user, expires = (None, None)
        if isinstance(raw, str) and raw:
            from realtime.socket_auth import user_for_token

            user, expires = await user_for_token(raw)
        if user is None or str(user.pk) != self.user_id:
            await self._error("auth_invalid", "This token is not valid for this socket.")
            await self._close(CLOSE_UNAUTHORIZED)
            return
        if self.token_exp is not None:  # a session socket stays a session socket
            self.token_exp = expires
            self._arm_auth_timer()
        await self._send_json({"type": "auth_ok", "expires_at": int(expires) if expires else None})

    def _arm_auth_timer(self) -> None:
        """One timer per token socket: first the warning, then the expiry check."""
        if self.auth_timer is not None:
            self.auth_timer.cancel()
            self.auth_timer = None
        if self.token_exp is None or self.closed:
            return
        warn_at = self.token_exp - _setting("REALTIME_AUTH_WARNING_SECONDS", 60)
        now = time.time()
        loop = asyncio.get_running_loop()
        if now < warn_at:
            self.auth_timer = loop.call_later(warn_at - now, self._auth_tick, True)
        else:
            self.auth_timer = loop.call_later(max(0.0, self.token_exp - now), self._auth_tick, False)

    def _auth_tick(self, warn: bool) -> None:
        self.auth_timer = None
        if self.closed or self.token_exp is None:
            return
        now = time.time()
        if now >= self.token_exp:
            asyncio.ensure_future(self._close(CLOSE_UNAUTHORIZED))
            return
        if warn:
            asyncio.ensure_future(self._send_json({"type": "auth_expiring", "expires_at": int(self.token_exp)}))
        self.auth_timer = asyncio.get_running_loop().call_later(self.token_exp - now, self._auth_tick, False)

    # --- changes to the client -------------------------------------------------------
    async def offer(self, seq: int, frame: str) -> None:
        """A live change from the hub, in publish order (which may skip or repeat)."""
        if not self.live or self.closed or seq <= self.cursor:
            return
        if self.filling:
            self.pending.append((seq, frame))
        elif seq == self.cursor + 1:
            self.cursor = seq
            await self._send_text(frame)
            if self.pending:
                await self._send_pending()
        else:
            # Two writers' publishes can overtake each other on the way from their
            # commits: the missing one is usually a few milliseconds behind. Wait for it
            # briefly before asking the database (which every socket of the user would do).
            self.pending.append((seq, frame))
            if self.gap_timer is None:
                self.gap_timer = asyncio.get_running_loop().call_later(
                    _setting("REALTIME_GAP_WAIT_SECONDS", GAP_WAIT), self._gap_expired
                )

    def _gap_expired(self) -> None:
        self.gap_timer = None
        if self.pending and not self.closed:
            self._start_fill()

    async def _send_pending(self) -> bool:
        """Send what queued up that now follows the cursor; True when nothing is missing."""
        while self.pending:
            self.pending.sort(key=lambda item: item[0])
            seq, frame = self.pending[0]
            if seq <= self.cursor:
                self.pending.pop(0)
            elif seq == self.cursor + 1:
                self.pending.pop(0)
                self.cursor = seq
                await self._send_text(frame)
            else:
                return False
        if self.gap_timer is not None:
            self.gap_timer.cancel()
            self.gap_timer = None
        return True

    def _start_fill(self) -> None:
        if self.filling or self.closed:
            return
        self.filling = True
        self.fill_task = asyncio.ensure_future(self._fill())

    async def _fill(self) -> None:
        """Send from the database everything after the cursor, then what queued up live
        meanwhile; stops when the queue is drained and nothing is missing. The sockets of
        one user share each read (the hub reads once for all of them)."""
        try:
            for _attempt in range(5):
                while self.hub is not None:
                    rows = await self.hub.changes_after(self.user_id, self.cursor, FILL_PAGE)
                    for seq, frame in rows:
                        if seq == self.cursor + 1:
                            self.cursor = seq
                            await self._send_text(frame)
                    if len(rows) < FILL_PAGE:
                        break
                if await self._send_pending():
                    return
            # Still a gap the database does not show yet: the next heartbeat retries.
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001 - the heartbeat retries
            logger.warning("catch-up from the feed failed", exc_info=True)
        finally:
            self.filling = False

    async def heartbeat(self, head: int) -> None:
        if self.closed:
            return
        if self.token_exp is not None and time.time() >= self.token_exp:
            await self._close(CLOSE_UNAUTHORIZED)
            return
        await self._send_json({"type": "heartbeat", "head": head})
        await self.catch_up(head)

    async def catch_up(self, head: int) -> None:
        """The user's feed reached `head`: send what this socket has not sent yet."""
        if not self.closed and self.live and head > self.cursor:
            self._start_fill()

    async def send_presence(self, user_id: str, online: bool) -> None:
        """Only changes: the initial list and a live announcement may say the same thing."""
        if self.closed:
            return
        if self.presence_seen is None:
            self.presence_seen = {}
        if self.presence_seen.get(user_id) is online:
            return
        self.presence_seen[user_id] = online
        await self._send_json({"type": "presence", "user": user_id, "online": online})

    # --- plumbing ----------------------------------------------------------------------
    async def _error(self, code: str, message: str, **extra: Any) -> None:
        await self._send_json({"type": "error", "code": code, "message": message, **extra})

    async def _send_json(self, frame: dict[str, Any]) -> None:
        await self._send_text(bus.dumps(frame))

    async def _send_text(self, text: str) -> None:
        if self.closed:
            return
        await self.send(text_data=text)

    async def sign_out(self) -> None:
        """The account was deactivated or deleted (realtime.actions.sign_out_sockets)."""
        await self._close(CLOSE_UNAUTHORIZED)

    async def _close(self, code: int) -> None:
        if not self.closed:
            self.closed = True
            await self.close(code=code)
