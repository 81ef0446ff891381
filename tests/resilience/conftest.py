"""Fixtures for fault and socket tests: servers in child processes on loopback.

Child processes read the test database, so tests using them must commit what they set up:
mark them `pytest.mark.django_db(transaction=True)`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.resilience.procs import Daphne, RedisServer, child_env


@pytest.fixture(scope="module")
def shared_redis_url() -> str:
    """The machine's Redis (this session's db); never stopped by a test."""
    return os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture(scope="module")
def daphne_server(django_db_setup, django_db_blocker, shared_redis_url) -> Iterator[Daphne]:
    """One daphne process serving config.asgi against the test database and Redis."""
    with django_db_blocker.unblock():
        server = Daphne(child_env(shared_redis_url))
    try:
        yield server.start()
    finally:
        server.cleanup()


@pytest.fixture
def private_redis() -> Iterator[RedisServer]:
    """A redis-server of this test's own, which the test may stop and start."""
    server = RedisServer()
    try:
        yield server.start()
    finally:
        server.cleanup()
