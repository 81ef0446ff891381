from __future__ import annotations

import uuid
from datetime import date

import pytest

from ledger.finance.models import Transaction
from realtime.models import Change
from tests.helpers import assert_error, assert_hidden_from, client_for

from .conftest import category

pytestmark = pytest.mark.django_db


def _post(client, **body):
    return client.post("/api/finance/transactions", body, format="json")


def test_expense_with_category_tags_and_payee(alice_client, alice, inr):
    groceries = category(alice, "Groceries")
    r = _post(alice_client, account_id=str(inr.id), direction="expense", amount="250.5", date="2026-02-01",
              category_id=str(groceries.id), payee=" Big Bazaar ", notes="weekly", tags=["food", "food", "home"])
    assert r.status_code == 201, r.json()
    body = r.json()
    assert (body["amount"], body["currency"], body["payee"], body["tags"]) == ("250.50", "INR", "Big Bazaar", ["food", "home"])
    assert body["version"] == 1


def test_offline_create_with_client_id_is_idempotent(alice_client, inr):
    tid = str(uuid.uuid4())
    for _ in range(2):
        r = _post(alice_client, id=tid, account_id=str(inr.id), direction="income", amount="10", date="2026-01-01")
        assert r.status_code == 201
    assert Transaction.objects.filter(pk=tid).count() == 1


def test_transfer_between_currencies_needs_the_arriving_amount(alice_client, inr):
    usd = alice_client.post("/api/finance/accounts", {"name": "US", "kind": "bank", "currency": "USD"}, format="json").json()
    r = _post(alice_client, account_id=str(inr.id), direction="transfer", amount="8300", date="2026-01-01",
              transfer_account_id=usd["id"])
    assert assert_error(r, 400)["fields"] == {"transfer_amount": ["Say how much arrives in USD."]}
    r = _post(alice_client, account_id=str(inr.id), direction="transfer", amount="8300", date="2026-01-01",
              transfer_account_id=usd["id"], transfer_amount="100.00")
    assert r.status_code == 201 and r.json()["transfer_amount"] == "100.00"
    assert alice_client.get(f"/api/finance/accounts/{usd['id']}").json()["balance"] == "100.00"
    assert alice_client.get(f"/api/finance/accounts/{inr.id}").json()["balance"] == "-7300.00"


def test_field_errors_name_each_bad_field(alice_client, alice, inr, bob):
    r = _post(alice_client, account_id="nope", direction="gift", amount="-3", date="2026-13-01", tags=["x"] * 21)
    assert set(assert_error(r, 400, "invalid")["fields"]) == {"account_id", "direction", "amount", "date", "tags"}
    r = _post(alice_client, account_id=str(inr.id), direction="expense", amount="1.001", date="2026-01-01")
    assert assert_error(r, 400)["fields"] == {"amount": ["Too many decimal places for INR."]}
    salary = category(alice, "Salary")
    r = _post(alice_client, account_id=str(inr.id), direction="expense", amount="1", date="2026-01-01", category_id=str(salary.id))
    assert set(assert_error(r, 400)["fields"]) == {"category_id"}
    r = _post(alice_client, account_id=str(inr.id), direction="expense", amount="1", date="2026-01-01", transfer_account_id=str(inr.id))
    assert set(assert_error(r, 400)["fields"]) == {"transfer_account_id"}
    r = _post(client_for(bob), account_id=str(inr.id), direction="expense", amount="1", date="2026-01-01")
    assert assert_error(r, 400)["fields"] == {"account_id": ["No such account."]}
    r = _post(alice_client, account_id=str(inr.id), direction="expense", amount="1", date="9999-12-31")
    assert set(assert_error(r, 400)["fields"]) == {"date"}
    r = _post(alice_client, account_id=str(inr.id), direction="expense", amount="1" + "0" * 30, date="2026-01-01")
    assert set(assert_error(r, 400)["fields"]) == {"amount"}


def test_edit_is_versioned_and_stale_edit_refused(alice_client, inr):
    t = _post(alice_client, account_id=str(inr.id), direction="expense", amount="10", date="2026-01-01").json()
    url = f"/api/finance/transactions/{t['id']}"
    r = alice_client.patch(url, {"amount": "12", "version": 1}, format="json")
    assert r.status_code == 200 and r.json()["version"] == 2 and r.json()["amount"] == "12.00"
    r = alice_client.patch(url, {"amount": "13", "version": 1}, format="json")
    assert assert_error(r, 412)
    assert r.json()["error"]["current"]["amount"] == "12.00"


def test_delete_is_a_tombstone_and_restorable(alice_client, alice, inr):
    t = _post(alice_client, account_id=str(inr.id), direction="expense", amount="10", date="2026-01-01").json()
    url = f"/api/finance/transactions/{t['id']}"
    assert alice_client.delete(url).status_code == 204
    row = Transaction.objects.get(pk=t["id"])
    assert row.deleted_at is not None and row.version == 2
    assert alice_client.get(f"/api/finance/accounts/{inr.id}").json()["balance"] == "1000.00"
    assert alice_client.get("/api/finance/transactions").json()["count"] == 0
    change = Change.objects.filter(user=alice, object_id=row.id).order_by("-seq").first()
    assert (change.event, change.op) == ("transaction.deleted", "delete")
    r = alice_client.post(f"{url}/restore")
    assert r.status_code == 200 and r.json()["deleted_at"] is None and r.json()["version"] == 3
    assert alice_client.get(f"/api/finance/accounts/{inr.id}").json()["balance"] == "990.00"


def test_list_filters_and_csv_export(alice_client, alice, inr):
    for amt, d, payee in (("10", "2026-01-01", "Tea =1+1"), ("20", "2026-02-01", "Fuel"), ("30", "2026-03-01", "Tea")):
        _post(alice_client, account_id=str(inr.id), direction="expense", amount=amt, date=d, payee=payee)
    r = alice_client.get("/api/finance/transactions?from=2026-01-15&to=2026-03-31&q=tea")
    assert [t["amount"] for t in r.json()["results"]] == ["30.00"]
    assert_error(alice_client.get("/api/finance/transactions?from=yesterday"), 400)
    r = alice_client.get("/api/finance/transactions/export.csv", HTTP_ACCEPT="text/csv")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    lines = b"".join(r.streaming_content).decode().strip().splitlines()
    assert lines[0].startswith("id,date,account,direction,amount")
    assert len(lines) == 4 and "'Tea =1+1" not in lines[1] and ",Tea =1+1," in lines[1]
    assert lines[1].split(",")[1:5] == ["2026-01-01", "Savings", "expense", "10.00"]


def test_csv_export_defuses_formulas(alice_client, inr):
    _post(alice_client, account_id=str(inr.id), direction="expense", amount="1", date="2026-01-01", payee="=HYPERLINK(1)")
    text = b"".join(alice_client.get("/api/finance/transactions/export.csv").streaming_content).decode()
    assert "'=HYPERLINK(1)" in text


def test_transaction_routes_hidden_from_others(alice_client, bob, inr):
    t = _post(alice_client, account_id=str(inr.id), direction="expense", amount="10", date="2026-01-01").json()
    bob_client = client_for(bob)
    assert_hidden_from(bob_client, f"/api/finance/transactions/{t['id']}")
    assert_hidden_from(bob_client, f"/api/finance/transactions/{t['id']}/restore", methods=("post",))
    assert bob_client.get("/api/finance/transactions").json()["count"] == 0
    assert b"10.00" not in b"".join(bob_client.get("/api/finance/transactions/export.csv").streaming_content)
    assert Transaction.objects.get(pk=t["id"]).date == date(2026, 1, 1)


def test_feed_shape_of_a_transaction_equals_the_api_shape(alice_client, alice, inr):
    from ledger.finance.api.serializers import TransactionFeedOut, TransactionOut

    usd = alice_client.post("/api/finance/accounts", {"name": "US", "kind": "bank", "currency": "USD"}, format="json").json()
    t = _post(alice_client, account_id=str(inr.id), direction="transfer", amount="8300", date="2026-01-01",
              transfer_account_id=usd["id"], transfer_amount="100", tags=["a"]).json()
    row = Transaction.objects.get(pk=t["id"])
    assert TransactionFeedOut(row).data == TransactionOut(row).data == t
    change = Change.objects.filter(user=alice, object_id=row.id).get()
    assert change.data == t


def test_snapshot_carries_finance_objects_of_the_owner_only(alice_client, alice, bob, inr):
    t = _post(alice_client, account_id=str(inr.id), direction="expense", amount="10", date="2026-01-01").json()
    snap = alice_client.get("/api/sync/snapshot").json()
    assert json_has(snap, t["id"]) and json_has(snap, str(inr.id))
    assert not json_has(client_for(bob).get("/api/sync/snapshot").json(), t["id"])


def json_has(body, needle: str) -> bool:
    import json

    return needle in json.dumps(body)
