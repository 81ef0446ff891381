"""Text frames straight onto a daphne socket: the hot path of live delivery.

A change for a group of 200 devices is the same bytes 200 times. Sent the ordinary way,
each copy goes through Channels' send, daphne's reply dispatch, autobahn's message and frame
builders (which format coloured debug strings for every write, logged or not) and Twisted's
write buffer, which registers and unregisters the socket with the event loop for every
frame. On this 2-core machine that was ~60 µs of event-loop time per frame: at 10,000 frames
a second the loop was saturated and HTTP requests queued behind the sends.

Here a frame is encoded once (RFC 6455 server frames are unmasked, so one encoding serves
every socket) and written with one `send()` when nothing is queued on the connection, which
is the usual case; what the kernel does not take, and every frame while something is queued,
goes through Twisted's own buffer, so order is kept. Anything that is not a plain, open,
uncompressed daphne socket (tests' in-memory communicators, another server) gets None and
the consumer falls back to the ordinary send.
"""

from __future__ import annotations

import errno
import struct
from typing import Any

_FIN_TEXT = 0x81


def text_frame(payload: bytes) -> bytes:
    """One final, unmasked text frame (server to client) carrying `payload`."""
    size = len(payload)
    if size <= 125:
        return bytes((_FIN_TEXT, size)) + payload
    if size <= 0xFFFF:
        return struct.pack("!BBH", _FIN_TEXT, 126, size) + payload
    return struct.pack("!BBQ", _FIN_TEXT, 127, size) + payload


class Wire:
    """Direct writes to one daphne WebSocket connection."""

    __slots__ = ("protocol", "transport", "open_state")

    def __init__(self, protocol: Any) -> None:
        self.protocol = protocol
        self.transport = protocol.transport
        self.open_state = protocol.STATE_OPEN

    @classmethod
    def of(cls, base_send: Any) -> Wire | None:
        """The wire under a consumer's `base_send`, when it is daphne's and usable."""
        try:
            from daphne.ws_protocol import WebSocketProtocol
        except ImportError:  # pragma: no cover - daphne is a dependency
            return None
        protocol = (getattr(base_send, "args", None) or (None,))[0]
        if not isinstance(protocol, WebSocketProtocol):
            return None
        transport = getattr(protocol, "transport", None)
        if (
            transport is None
            or getattr(transport, "TLS", False)
            or getattr(protocol, "_perMessageCompress", None) is not None
            or protocol.state != protocol.STATE_OPEN
            or not hasattr(transport, "_tempDataBuffer")
            or not hasattr(transport, "socket")
        ):
            return None
        return cls(protocol)

    def send(self, frame: bytes) -> bool:
        """Write an encoded frame; False if this connection can no longer take frames
        this way (the caller then uses the ordinary path, which knows how to close)."""
        protocol, transport = self.protocol, self.transport
        if protocol.state != self.open_state or protocol.send_queue or not transport.connected:
            return False
        if transport.disconnecting or transport._writeDisconnected:
            return False
        if transport._tempDataBuffer or transport.offset < len(transport.dataBuffer):
            transport.write(frame)  # queued behind what is already waiting
            return True
        try:
            sent = transport.socket.send(frame)
        except BlockingIOError:
            sent = 0
        except InterruptedError:
            sent = 0
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.ENOBUFS):
                sent = 0
            else:
                # Let Twisted find the broken connection on its own path.
                transport.write(frame)
                return True
        if sent < len(frame):
            transport.write(frame[sent:])
        return True
