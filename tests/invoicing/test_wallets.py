"""Wallets and the double-entry journal."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from invoicing import actions
from invoicing.models import Account, AccountKind, Leg, Posting, PostingKind
from tests.helpers import assert_error
from tests.invoicing.conftest import assert_journal_consistent, balance, wallet

pytestmark = pytest.mark.django_db


def test_first_wallet_access_credits_demo_money_once(alice_client, alice):
    first = alice_client.get("/api/wallet")
    assert first.status_code == 200, first.content
    assert first.json()["wallets"][0]["balance"] == "1000000.00"
    assert first.json()["wallets"][0]["currency"] == "INR"
    alice_client.get("/api/wallet")
    actions.ensure_wallet(alice, currency="INR")
    assert Posting.objects.filter(kind=PostingKind.DEMO_CREDIT).count() == 1
    assert balance(alice) == Decimal("1000000.00")
    treasury = Account.objects.get(kind=AccountKind.TREASURY, currency="INR")
    assert treasury.balance == Decimal("-1000000.00")
    assert_journal_consistent()


def test_demo_credit_follows_the_setting(alice, settings):
    settings.INVOICING_DEMO_CREDIT = "250.50"
    assert wallet(alice).balance == Decimal("250.50")


def test_other_currency_wallets_start_empty(alice_client, alice):
    response = alice_client.post("/api/wallet/top-up", {"amount": "10.5", "currency": "USD"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["balance"] == "10.50"
    assert balance(alice, "USD") == Decimal("10.50")
    assert_journal_consistent()


def test_top_up_and_withdraw_move_money_through_the_journal(alice_client, alice):
    alice_client.post("/api/wallet/top-up", {"amount": "500.25"}, format="json")
    response = alice_client.post("/api/wallet/withdraw", {"amount": "1000.25"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["balance"] == "999500.00"
    lines = alice_client.get("/api/wallet/transactions").json()
    assert lines["count"] == 3
    assert [line["kind"] for line in lines["results"]] == ["withdrawal", "top_up", "demo_credit"]
    assert lines["results"][0]["amount"] == "-1000.25"
    assert lines["results"][0]["balance_after"] == "999500.00"
    assert_journal_consistent()


def test_transactions_paginate(alice_client, alice):
    for _ in range(3):
        actions.top_up_wallet(alice, amount=Decimal("1.00"), currency="INR")
    page = alice_client.get("/api/wallet/transactions?limit=2").json()
    assert page["count"] == 4 and len(page["results"]) == 2 and page["next"]


def test_withdrawing_more_than_the_balance_is_refused_and_changes_nothing(alice_client, alice):
    wallet(alice)
    response = alice_client.post("/api/wallet/withdraw", {"amount": "1000000.01"}, format="json")
    assert_error(response, 422, "insufficient_funds")
    assert balance(alice) == Decimal("1000000.00")
    assert Posting.objects.filter(kind=PostingKind.WITHDRAWAL).count() == 0


@pytest.mark.parametrize(
    "body, field",
    [
        ({"amount": "0"}, "amount"),
        ({"amount": "-5"}, "amount"),
        ({"amount": "1.001"}, "amount"),
        ({"amount": "abc"}, "amount"),
        ({"amount": "1" + "0" * 30}, "amount"),
        ({"amount": "5", "currency": "XYZ"}, "currency"),
        ({"amount": "5", "balance": "9"}, "balance"),
    ],
)
def test_wallet_moves_refuse_bad_input_with_field_errors(alice_client, body, field):
    error = assert_error(alice_client.post("/api/wallet/top-up", body, format="json"), 400)
    assert field in error["fields"]


def test_wallet_needs_authentication(anon_client):
    assert_error(anon_client.get("/api/wallet"), 401)


def test_database_refuses_a_negative_wallet_balance(alice):
    account = wallet(alice)
    with pytest.raises(IntegrityError), transaction.atomic():
        Account.objects.filter(pk=account.pk).update(balance=Decimal("-0.01"))


def test_database_refuses_an_unbalanced_posting_at_commit(alice):
    account = wallet(alice)
    posting = Posting.objects.create(kind=PostingKind.TOP_UP)
    with pytest.raises(IntegrityError), transaction.atomic():
        Leg.objects.create(posting=posting, account=account, amount=Decimal("5"), balance_after=Decimal("5"))
        with connection.cursor() as cursor:  # what COMMIT would do: run the deferred check now
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_database_accepts_a_balanced_posting(alice, bob):
    a, b = wallet(alice), wallet(bob)
    posting = Posting.objects.create(kind=PostingKind.TOP_UP)
    Leg.objects.create(posting=posting, account=a, amount=Decimal("5"), balance_after=Decimal("5"))
    Leg.objects.create(posting=posting, account=b, amount=Decimal("-5"), balance_after=Decimal("5"))
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@pytest.mark.django_db(transaction=True)
def test_concurrent_first_accesses_make_one_wallet_and_one_credit(alice):
    barrier = threading.Barrier(6)
    errors: list[BaseException] = []

    def touch() -> None:
        try:
            barrier.wait()
            actions.ensure_wallet(alice, currency="INR")
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=touch) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert Account.objects.filter(kind=AccountKind.WALLET, owner=alice).count() == 1
    assert Posting.objects.filter(kind=PostingKind.DEMO_CREDIT).count() == 1
    assert balance(alice) == Decimal("1000000.00")
    assert_journal_consistent()
