from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ledger.finance.models import Category, Transaction
from realtime.models import Change
from tests.helpers import assert_error, assert_hidden_from, client_for

pytestmark = pytest.mark.django_db


def test_first_access_creates_default_categories_once(alice_client, alice):
    assert not Category.objects.filter(owner=alice).exists()
    first = alice_client.get("/api/finance/categories?limit=500").json()
    again = alice_client.get("/api/finance/categories?limit=500").json()
    assert first["count"] == again["count"] == Category.objects.filter(owner=alice).count() > 10
    names = {c["name"] for c in first["results"]}
    assert {"Groceries", "Salary", "Food & Dining"} <= names


def test_categories_nest_one_level_only(alice_client):
    food = alice_client.post("/api/finance/categories", {"name": "Pets"}, format="json").json()
    child = alice_client.post("/api/finance/categories", {"name": "Vet", "parent_id": food["id"]}, format="json")
    assert child.status_code == 201 and child.json()["parent_id"] == food["id"]
    grandchild = alice_client.post("/api/finance/categories", {"name": "X", "parent_id": child.json()["id"]}, format="json")
    assert assert_error(grandchild, 400, "too_deep")["fields"] == {"parent_id": ["That category is itself a sub-category."]}
    dup = alice_client.post("/api/finance/categories", {"name": "pets"}, format="json")
    assert_error(dup, 400, "duplicate")


def test_account_balance_is_derived_from_transactions(alice_client):
    acc = alice_client.post("/api/finance/accounts", {"name": "Wallet", "kind": "cash", "currency": "INR",
                                                     "opening_balance": "500.00"}, format="json").json()
    card = alice_client.post("/api/finance/accounts", {"name": "Card", "kind": "card", "currency": "INR"}, format="json").json()
    for body in (
        {"direction": "expense", "amount": "120.50"},
        {"direction": "income", "amount": "1000"},
        {"direction": "transfer", "amount": "200", "transfer_account_id": card["id"]},
    ):
        r = alice_client.post("/api/finance/transactions", {"account_id": acc["id"], "date": "2026-01-05", **body}, format="json")
        assert r.status_code == 201, r.json()
    assert alice_client.get(f"/api/finance/accounts/{acc['id']}").json()["balance"] == "1179.50"
    assert alice_client.get(f"/api/finance/accounts/{card['id']}").json()["balance"] == "200.00"


def test_account_field_errors(alice_client):
    r = alice_client.post("/api/finance/accounts", {"name": "", "kind": "piggy", "currency": "XYZ",
                                                   "opening_balance": "1.005", "balance": "3"}, format="json")
    assert set(assert_error(r, 400, "invalid")["fields"]) == {"balance"}
    r = alice_client.post("/api/finance/accounts", {"name": "", "kind": "piggy", "currency": "XYZ"}, format="json")
    assert set(assert_error(r, 400)["fields"]) == {"name", "kind", "currency"}
    r = alice_client.post("/api/finance/accounts", {"name": "A", "kind": "bank", "currency": "JPY",
                                                   "opening_balance": "1.5"}, format="json")
    assert assert_error(r, 400)["fields"] == {"opening_balance": ["Too many decimal places for JPY."]}


def test_archived_account_takes_no_new_transactions(alice_client):
    acc = alice_client.post("/api/finance/accounts", {"name": "Old", "kind": "bank", "currency": "INR"}, format="json").json()
    alice_client.patch(f"/api/finance/accounts/{acc['id']}", {"archived": True}, format="json")
    r = alice_client.post("/api/finance/transactions", {"account_id": acc["id"], "direction": "expense",
                                                       "amount": "1", "date": "2026-01-01"}, format="json")
    assert_error(r, 400, "account_archived")


def test_account_with_transactions_cannot_be_deleted(alice_client, alice, inr):
    Transaction.objects.create(owner=alice, account=inr, direction="expense", amount=Decimal(1), currency="INR",
                               date=date(2026, 1, 1))
    assert_error(alice_client.delete(f"/api/finance/accounts/{inr.id}"), 409, "account_in_use")


def test_account_and_category_routes_hidden_from_others(alice_client, bob, inr):
    bob_client = client_for(bob)
    assert_hidden_from(bob_client, f"/api/finance/accounts/{inr.id}")
    cat = alice_client.get("/api/finance/categories").json()["results"][0]
    assert_hidden_from(bob_client, f"/api/finance/categories/{cat['id']}")
    assert bob_client.get("/api/finance/accounts").json()["count"] == 0


def test_stale_version_is_refused_with_current_object(alice_client, inr):
    url = f"/api/finance/accounts/{inr.id}"
    assert alice_client.patch(url, {"name": "A", "version": 1}, format="json").status_code == 200
    r = alice_client.patch(url, {"name": "B"}, format="json", HTTP_IF_MATCH='"1"')
    assert assert_error(r, 412)
    assert r.json()["error"]["current"]["name"] == "A"


def test_account_changes_reach_the_owners_feed_only(alice, bob, alice_client):
    alice_client.post("/api/finance/accounts", {"name": "Feed", "kind": "bank", "currency": "INR"}, format="json")
    assert Change.objects.filter(user=alice, event="account.created", entity="finance_account").count() == 1
    assert not Change.objects.filter(user=bob, entity="finance_account").exists()


def test_an_unknown_kind_is_refused_by_the_action_too(alice):
    """The API's serializer refuses it; pages, admin and a restore go through the action."""
    from config.api.errors import Invalid
    from ledger.finance import actions
    from ledger.finance.models import Account

    with pytest.raises(Invalid) as refused:
        actions.create_account(alice, name="Card", kind="credit", currency="INR")
    assert "kind" in refused.value.fields and not Account.objects.filter(owner=alice).exists()
    bank = actions.create_account(alice, name="Bank", kind="bank", currency="INR")
    with pytest.raises(Invalid):
        actions.update_account(alice, account=bank, kind="loan")
    bank.refresh_from_db()
    assert bank.kind == "bank"
