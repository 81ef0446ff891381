"""A device as the sync contract (issue 3) describes it: a WebSocket client that keeps a
cursor, resumes from it after every reconnect (failing over to the next server), and
records every change it is sent, so a test can prove "no gap, no duplicate".

It runs its own asyncio loop in a thread, so tests stay ordinary synchronous pytest tests
that can use the Django ORM at the same time.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import websockets


@dataclass
class Record:
    changes: list[dict[str, Any]] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)
    gaps: list[tuple[int, int]] = field(default_factory=list)
    connects: list[str] = field(default_factory=list)
    closes: list[tuple[int | None, str]] = field(default_factory=list)
    frames: list[dict[str, Any]] = field(default_factory=list)
    last_change_at: float = 0.0


class SocketDevice:
    """Connects to `urls[0]`; on any disconnect, reconnects to the next URL in turn and
    resumes from its cursor."""

    def __init__(self, urls: list[str], token: str, *, cursor: int = 0, reconnect: bool = True,
                 origin: str | None = None) -> None:
        self.urls = urls
        self.token = token
        self.cursor = cursor
        self.reconnect = reconnect
        self.origin = origin
        self.record = Record()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._connected = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._ws: Any = None
        self._thread = threading.Thread(target=self._run, daemon=True)

    # --- control (test thread) -----------------------------------------------------------
    def start(self, *, wait: float = 15) -> SocketDevice:
        self._thread.start()
        if wait and not self._connected.wait(wait):
            raise TimeoutError(f"socket did not connect: {self.record.closes[-3:]}")
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._loop is not None and self._ws is not None:
            with contextlib.suppress(Exception):
                asyncio.run_coroutine_threadsafe(self._ws.close(), self._loop).result(2)
        self._thread.join(5)

    def seqs(self) -> list[int]:
        with self._lock:
            return [c["seq"] for c in self.record.changes]

    def wait_for_cursor(self, target: int, timeout: float) -> float:
        """Seconds until the device's cursor reached `target` (AssertionError on timeout)."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.cursor >= target:
                return time.monotonic() - started
            time.sleep(0.02)
        raise AssertionError(
            f"device cursor {self.cursor} < {target} after {timeout}s "
            f"(connects={self.record.connects[-3:]}, closes={self.record.closes[-3:]})"
        )

    # --- the loop (device thread) ----------------------------------------------------------
    def _run(self) -> None:
        self._loop = asyncio.new_event_loop()
        try:
            self._loop.run_until_complete(self._main())
        finally:
            self._loop.close()

    async def _main(self) -> None:
        index = 0
        while not self._stop.is_set():
            url = self.urls[index % len(self.urls)]
            try:
                await self._session(url)
            except (TimeoutError, OSError, websockets.exceptions.WebSocketException) as exc:
                self.record.closes.append((getattr(exc, "code", None), f"{url}: {exc!r}"[:200]))
            if not self.reconnect:
                return
            index += 1
            await asyncio.sleep(0.1)

    async def _session(self, url: str) -> None:
        headers = {"Origin": self.origin} if self.origin else None
        async with websockets.connect(
            f"{url}?token={self.token}", additional_headers=headers, open_timeout=5,
            max_size=2**24, ping_interval=None,
        ) as ws:
            self._ws = ws
            self.record.connects.append(url)
            await ws.send(json.dumps({"type": "resume", "cursor": self.cursor}))
            self._connected.set()
            while not self._stop.is_set():
                try:
                    raw = await asyncio.wait_for(ws.recv(), timeout=0.5)
                except TimeoutError:
                    continue
                self._on_frame(json.loads(raw))
            code = ws.close_code
        self.record.closes.append((code, url))

    def _on_frame(self, frame: dict[str, Any]) -> None:
        if frame.get("type") != "change":
            self.record.frames.append(frame)
            return
        seq = int(frame["seq"])
        with self._lock:
            if seq <= self.cursor:
                self.record.duplicates.append(seq)
                return
            if seq != self.cursor + 1:
                self.record.gaps.append((self.cursor, seq))
            self.cursor = seq
            self.record.changes.append(frame)
            self.record.last_change_at = time.monotonic()


async def ws_close_code(url: str, *, token: str | None = None, origin: str | None = None,
                        subprotocols: list[str] | None = None, timeout: float = 5) -> tuple[int | None, list]:
    """Open a socket and return (close code, frames received before the close). A refused
    handshake returns (HTTP status, [])."""
    target = f"{url}?token={token}" if token else url
    headers = {"Origin": origin} if origin else None
    frames: list = []
    try:
        async with websockets.connect(target, additional_headers=headers, open_timeout=timeout,
                                      subprotocols=subprotocols, ping_interval=None) as ws:
            try:
                while True:
                    frames.append(json.loads(await asyncio.wait_for(ws.recv(), timeout=timeout)))
            except websockets.exceptions.ConnectionClosed:
                return ws.close_code, frames
            except TimeoutError:
                return None, frames
    except websockets.exceptions.InvalidStatus as exc:
        return exc.response.status_code, frames
