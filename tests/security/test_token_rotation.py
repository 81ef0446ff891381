"""Refresh tokens under attack: the same token raced, a spent token replayed, sign-out."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from tests.conftest import PASSWORD
from tests.helpers import assert_error


def _login(email: str) -> dict:
    response = APIClient().post("/api/auth/login", {"email": email, "password": PASSWORD}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def _refresh(token: str):
    return APIClient().post("/api/auth/refresh", {"refresh": token}, format="json")


@pytest.mark.django_db(transaction=True)
def test_one_refresh_token_sent_ten_times_at_once_is_spent_exactly_once(alice):
    token = _login("alice@example.com")["refresh"]
    barrier = threading.Barrier(10)
    results: list = []

    def race() -> None:
        try:
            barrier.wait()
            response = _refresh(token)
            results.append((response.status_code, response.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=race) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    statuses = sorted(status for status, _ in results)
    assert statuses == [200] + [401] * 9, statuses
    winner = next(body for status, body in results if status == 200)
    # The nine losers were reuses of a spent token: the family is revoked, so even the token
    # the winner got is refused (the thief and the owner both have to sign in again).
    assert_error(_refresh(winner["refresh"]), 401)


@pytest.mark.django_db
def test_a_replayed_spent_token_revokes_every_token_rotated_from_the_same_sign_in(alice):
    first = _login("alice@example.com")["refresh"]
    second = _refresh(first).json()["refresh"]
    third = _refresh(second).json()["refresh"]
    assert_error(_refresh(first), 401)  # the attacker's stolen copy
    assert_error(_refresh(third), 401)  # the owner's newest token died with it


@pytest.mark.django_db
def test_a_reuse_does_not_touch_other_sign_ins_of_the_same_user(alice):
    phone = _login("alice@example.com")["refresh"]
    laptop = _login("alice@example.com")["refresh"]
    _refresh(phone)
    assert_error(_refresh(phone), 401)
    assert _refresh(laptop).status_code == 200


@pytest.mark.django_db
def test_signing_out_revokes_the_tokens_rotated_from_that_sign_in(alice):
    first = _login("alice@example.com")["refresh"]
    second = _refresh(first).json()["refresh"]
    assert APIClient().post("/api/auth/logout", {"refresh": second}, format="json").status_code == 204
    assert_error(_refresh(second), 401)
