"""Fixtures shared by every test: the named users and clients for them.

Tests run against the real PostgreSQL and Redis given by DATABASE_URL / REDIS_URL
(`make test` defaults them to this machine's services)."""

from __future__ import annotations

import uuid

import pytest

from social.actions import register_user
from tests.helpers import client_for

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def _own_cache_namespace(settings):
    """Each test sees an empty cache without flushing the shared Redis: its own key prefix."""
    caches = {name: dict(conf) for name, conf in settings.CACHES.items()}
    caches["default"]["KEY_PREFIX"] = f"test-{uuid.uuid4().hex}"
    settings.CACHES = caches


@pytest.fixture(autouse=True)
def _own_media_root(settings, tmp_path_factory):
    """Uploaded files (receipts) of each test go to a directory of its own, never var/media."""
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))


def make_user(handle: str, **extra):
    return register_user(
        email=f"{handle}@example.com", password=PASSWORD, name=handle.capitalize(), **extra
    )


@pytest.fixture
def alice(db):
    return make_user("alice", phone="+919876500001")


@pytest.fixture
def bob(db):
    return make_user("bob", phone="+919876500002")


@pytest.fixture
def carol(db):
    return make_user("carol")


@pytest.fixture
def dave(db):
    return make_user("dave")


@pytest.fixture
def alice_client(alice):
    return client_for(alice)


@pytest.fixture
def bob_client(bob):
    return client_for(bob)


@pytest.fixture
def anon_client():
    return client_for(None)
