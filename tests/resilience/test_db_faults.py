"""The database connection dropped in the middle of a request (its backend terminated with
pg_terminate_backend while the request waits on a row lock): the request fails cleanly in
the error shape, nothing is half-written, the server keeps serving, and a retry with the
same Idempotency-Key applies once."""

from __future__ import annotations

import threading
import uuid

import psycopg
import pytest
from django.db import connection
from rest_framework_simplejwt.tokens import AccessToken

from social.models import Profile
from tests.resilience.procs import database_url, wait_until
from tests.resilience.workload import http

pytestmark = [pytest.mark.django_db(transaction=True)]


def _request(base: str, method: str, path: str, token: str, body: dict, key: str | None = None):
    return http(base, method, path, token, body, headers={"Idempotency-Key": key} if key else None)


def _drop_mid_request(server_url: str, user, body: dict, key: str | None) -> tuple[int, object]:
    """PATCH /api/me while its row is locked elsewhere; terminate the request's backend
    while it waits; return the answer it got."""
    token = str(AccessToken.for_user(user))
    db = database_url()
    outcome: dict = {}
    with psycopg.connect(db) as locker:
        # Hold the row the request must lock, so it waits inside its transaction.
        locker.execute("SELECT 1 FROM social_user WHERE id = %s FOR UPDATE", [user.id])
        thread = threading.Thread(
            target=lambda: outcome.update(result=_request(server_url, "PATCH", "/api/me", token, body, key))
        )
        thread.start()
        with psycopg.connect(db, autocommit=True) as admin:
            def waiting_pid():
                row = admin.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock' "
                    "AND pid <> %s", [connection.settings_dict["NAME"], locker.info.backend_pid],
                ).fetchone()
                return row and row[0]

            pid = wait_until(waiting_pid, timeout=20, message="the request waiting on the lock")
            admin.execute("SELECT pg_terminate_backend(%s)", [pid])
        thread.join(30)
        locker.rollback()
    return outcome["result"]


def _assert_clean_failure(status: int, error: object, user) -> None:
    assert 500 <= status < 600, (status, error)
    assert isinstance(error, dict) and set(error) == {"error"}, error
    assert {"code", "message", "fields"} <= set(error["error"]), error
    user.refresh_from_db()
    assert user.name == "Alice", "half-written"


def test_a_dropped_connection_fails_cleanly_and_the_server_recovers(daphne_server, alice):
    version_before = Profile.objects.get(user=alice).version
    status, error = _drop_mid_request(daphne_server.url, alice, {"name": "Alice Renamed"}, None)
    _assert_clean_failure(status, error, alice)
    assert Profile.objects.get(user=alice).version == version_before
    # The server still serves (a new connection is made for the next request).
    status, me = _request(daphne_server.url, "PATCH", "/api/me", str(AccessToken.for_user(alice)),
                          {"name": "Alice Later"})
    assert status == 200, me
    alice.refresh_from_db()
    assert alice.name == "Alice Later"


def test_a_dropped_connection_with_an_idempotency_key_fails_cleanly_and_a_retry_applies_once(daphne_server, alice):
    key = str(uuid.uuid4())
    body = {"name": "Alice Renamed", "display_name": "Ally"}
    status, error = _drop_mid_request(daphne_server.url, alice, body, key)
    # Until config/settings.py put ApiErrorMiddleware outside IdempotencyMiddleware, this was
    # Django's HTML 500 page: the middleware's rollback raised on the dead connection.
    _assert_clean_failure(status, error, alice)
    retry = _request(daphne_server.url, "PATCH", "/api/me", str(AccessToken.for_user(alice)), body, key)
    again = _request(daphne_server.url, "PATCH", "/api/me", str(AccessToken.for_user(alice)), body, key)
    assert retry[0] == 200, retry
    assert again == retry, "a replay with the same key must return the recorded result"
    alice.refresh_from_db()
    assert alice.name == "Alice Renamed"
    assert Profile.objects.get(user=alice).display_name == "Ally"
