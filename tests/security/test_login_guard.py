"""The sign-in guard under attack: parallel guessing, lockout of a whole NAT, spoofed
X-Forwarded-For, guesses replayed through a sync push, timing, registration and invites."""

from __future__ import annotations

import statistics
import threading
import time
import uuid

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from rest_framework.test import APIClient

from tests.conftest import PASSWORD, make_user
from tests.helpers import assert_error, client_for


class ModestPBKDF2(PBKDF2PasswordHasher):
    """Real key stretching, cheap enough for a test on a busy machine (~20-50 ms)."""

    algorithm = "pbkdf2_modest"
    iterations = 60_000


def _address() -> str:
    n = uuid.uuid4().int
    return f"10.{n % 250}.{(n >> 8) % 250}.{(n >> 16) % 250 + 1}"


def _login(address: str, email: str, password: str, **headers):
    client = APIClient(REMOTE_ADDR=address, **headers)
    return client.post("/api/auth/login", {"email": email, "password": password}, format="json")


@pytest.mark.django_db(transaction=True)
def test_sixty_parallel_guesses_get_exactly_the_limit_of_password_checks(alice, settings):
    address, statuses = _address(), []
    barrier = threading.Barrier(20)

    def guess() -> None:
        try:
            barrier.wait()
            for _ in range(3):
                statuses.append(_login(address, "alice@example.com", "wrong").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=guess) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses.count(401) == settings.LOGIN_GUARD_PAIR_LIMIT
    assert statuses.count(429) == 60 - settings.LOGIN_GUARD_PAIR_LIMIT


@pytest.mark.django_db
def test_failures_with_made_up_emails_do_not_lock_out_everyone_behind_the_address(alice):
    office = _address()
    for i in range(40):
        assert _login(office, f"nobody{i}@example.com", "wrong").status_code == 401
    assert _login(office, "alice@example.com", PASSWORD).status_code == 200


@pytest.mark.django_db
def test_the_per_address_ceiling_still_holds(alice, settings):
    settings.LOGIN_GUARD_ADDRESS_LIMIT = 8
    botnet_node = _address()
    statuses = [_login(botnet_node, f"x{i}@example.com", "wrong").status_code for i in range(10)]
    assert statuses == [401] * 8 + [429] * 2


@pytest.mark.django_db
def test_guessing_one_account_from_one_address_does_not_lock_it_elsewhere(alice, settings):
    attacker = _address()
    for _ in range(settings.LOGIN_GUARD_PAIR_LIMIT):
        _login(attacker, "alice@example.com", "wrong")
    assert_error(_login(attacker, "alice@example.com", PASSWORD), 429, "throttled")
    assert _login(_address(), "alice@example.com", PASSWORD).status_code == 200


@pytest.mark.django_db
def test_guessing_one_account_from_many_addresses_hits_the_account_limit(alice, settings):
    settings.LOGIN_GUARD_ACCOUNT_LIMIT = 6
    for _ in range(6):
        assert _login(_address(), "alice@example.com", "wrong").status_code == 401
    assert_error(_login(_address(), "alice@example.com", "wrong"), 429)


@pytest.mark.django_db
def test_successful_sign_ins_do_not_use_up_the_limit(alice, settings):
    home = _address()
    for _ in range(settings.LOGIN_GUARD_PAIR_LIMIT + 3):
        assert _login(home, "alice@example.com", PASSWORD).status_code == 200


@pytest.mark.django_db
def test_x_forwarded_for_from_an_untrusted_peer_is_ignored(alice, settings):
    settings.TRUSTED_PROXIES = []
    attacker = _address()
    for i in range(settings.LOGIN_GUARD_PAIR_LIMIT):
        _login(attacker, "alice@example.com", "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{i + 1}")
    assert_error(_login(attacker, "alice@example.com", "wrong", HTTP_X_FORWARDED_FOR="192.0.2.99"), 429)


@pytest.mark.django_db
def test_behind_a_trusted_proxy_each_client_counts_on_its_own(alice, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.255.0.0/16"]
    for _ in range(settings.LOGIN_GUARD_PAIR_LIMIT):
        _login("127.0.0.1", "alice@example.com", "wrong", HTTP_X_FORWARDED_FOR="203.0.113.7, 10.255.0.3")
    assert_error(_login("127.0.0.1", "alice@example.com", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.7"), 429)
    # Another client behind the same proxy; a spoofed left-most entry does not change who it is.
    ok = _login("127.0.0.1", "alice@example.com", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.7, 198.51.100.2")
    assert ok.status_code == 200


@pytest.mark.django_db
def test_guesses_replayed_through_a_sync_push_count_like_direct_ones(alice, bob, settings):
    address = _address()
    pusher = client_for(bob)
    pusher.defaults["REMOTE_ADDR"] = address
    mutations = [
        {"id": i + 1, "method": "POST", "path": "/api/auth/login",
         "body": {"email": "alice@example.com", "password": f"guess{i}"}}
        for i in range(settings.LOGIN_GUARD_PAIR_LIMIT + 2)
    ]
    body = pusher.post("/api/sync/push", {"client_id": str(uuid.uuid4()), "mutations": mutations},
                       format="json").json()
    statuses = [r["status"] for r in body["results"]]
    assert statuses == [401] * settings.LOGIN_GUARD_PAIR_LIMIT + [429, 429]
    assert_error(_login(address, "alice@example.com", PASSWORD), 429)


@pytest.mark.django_db
def test_an_unknown_account_takes_as_long_as_a_wrong_password(settings):
    settings.PASSWORD_HASHERS = [f"{__name__}.ModestPBKDF2"]
    settings.LOGIN_GUARD_PAIR_LIMIT = settings.LOGIN_GUARD_ACCOUNT_LIMIT = 100
    make_user("erin")

    def timed(email: str) -> float:
        started = time.perf_counter()
        assert _login(_address(), email, "wrong-password").status_code == 401
        return time.perf_counter() - started

    timed("erin@example.com"), timed("nobody@example.com")  # warm both paths
    known, unknown = [], []
    for i in range(9):  # interleaved, so load from elsewhere hits both alike
        known.append(timed("erin@example.com"))
        unknown.append(timed(f"nobody{i}@example.com"))
    # Without the dummy hash an unknown email answers in a fraction of the time.
    assert statistics.median(unknown) > 0.6 * statistics.median(known), (unknown, known)


@pytest.mark.django_db
def test_registrations_from_one_address_are_limited(settings):
    settings.REGISTRATIONS_PER_ADDRESS_HOUR = 3
    client = APIClient(REMOTE_ADDR=_address())
    statuses = [
        client.post("/api/auth/register", {"email": f"new{i}@example.com", "password": PASSWORD, "name": "N"},
                    format="json").status_code
        for i in range(4)
    ]
    assert statuses == [201, 201, 201, 429]


@pytest.mark.django_db
def test_invite_code_guessing_is_limited(alice_client, settings):
    settings.INVITE_ACCEPTS_PER_USER_HOUR = 3
    statuses = [alice_client.post("/api/invites/accept", {"code": f"guess{i}"}, format="json").status_code
                for i in range(4)]
    assert statuses[:3] != [429] * 3 and statuses[3] == 429
