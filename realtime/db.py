"""Database calls from socket code (consumers, the heartbeat, socket auth).

Channels' `database_sync_to_async` is thread-sensitive: outside a request every call in the
process queues for ONE shared thread, so two thousand sockets opening at once wait for each
other's queries. These calls are independent autocommit reads: they run on the event loop's
pool of threads instead (each thread keeps its own connection, tidied before and after every
call as Channels does).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import ParamSpec, TypeVar

from channels.db import DatabaseSyncToAsync

P = ParamSpec("P")
R = TypeVar("R")


def db_call(fn: Callable[P, R]) -> Callable[P, Awaitable[R]]:
    return DatabaseSyncToAsync(fn, thread_sensitive=False)
