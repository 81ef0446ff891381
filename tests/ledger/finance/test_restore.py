"""Restoring a finance export (`POST /api/finance/restore`, the import page): the ZIP of
`GET /api/finance/export` comes back whole into another account (balances, transactions with
their categories, parts and tags, budgets, bills, recurring items, rules, settings, rates), a
second restore adds nothing, a broken export is refused and changes nothing."""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ledger.finance import actions
from ledger.finance.models import (
    Account,
    Bill,
    Budget,
    Category,
    ExchangeRate,
    FinanceSettings,
    Recurring,
    Rule,
    Transaction,
)
from ledger.finance.selectors import balances
from realtime.models import Change
from tests.helpers import assert_error, client_for
from tests.ledger.finance.conftest import category

pytestmark = pytest.mark.django_db


def _world(user) -> None:
    """Some of everything: accounts (one archived), a sub-category, an expense, an income, a
    transfer, a split, a deleted transaction, a transaction in a category deleted since, an
    imported one with its FITID, a rule, a budget, a bill, a recurring item, settings, a rate."""
    actions.ensure_finance(user)
    bank = actions.create_account(user, name="HDFC", kind="bank", currency="INR", opening_balance=Decimal("5000.00"))
    card = actions.create_account(user, name="Card", kind="card", currency="INR")
    cash = actions.create_account(user, name="Wallet", kind="cash", currency="INR", opening_balance=Decimal("100"))
    food = category(user, "Food & Dining")
    chai = actions.create_category(user, name="Chai", kind="expense", parent_id=food.id)
    old = actions.create_category(user, name="Old hobby", kind="expense")
    on = date(2026, 11, 3)
    actions.record_transaction(user, account_id=bank.id, direction="expense", amount=Decimal("250.50"), date=on,
                               category_id=chai.id, payee="Chaayos", tags=["office"])
    actions.record_transaction(user, account_id=bank.id, direction="income", amount=Decimal("90000.00"), date=on,
                               category_id=category(user, "Salary").id, payee="Acme")
    actions.record_transaction(user, account_id=bank.id, direction="transfer", amount=Decimal("1200.00"), date=on,
                               transfer_account_id=card.id, transfer_amount=Decimal("1200.00"))
    actions.record_transaction(user, account_id=card.id, direction="expense", amount=Decimal("999.00"), date=on,
                               payee="Big Bazaar", parts=[
                                   {"category_id": food.id, "amount": Decimal("600.00"), "note": "groceries"},
                                   {"category_id": category(user, "Shopping").id, "amount": Decimal("399.00")}])
    gone = actions.record_transaction(user, account_id=bank.id, direction="expense", amount=Decimal("1.00"), date=on)
    actions.delete_transaction(user, transaction=gone)
    actions.record_transaction(user, account_id=cash.id, direction="expense", amount=Decimal("40.00"), date=on,
                               category_id=old.id, payee="Paints")
    actions.delete_category(user, category=old)
    actions.record_transaction(user, account_id=bank.id, direction="expense", amount=Decimal("75.00"), date=on,
                               payee="UPI/ZOMATO", source="import", fitid="FIT-0001")
    actions.update_account(user, account=cash, archived=True)
    actions.create_rule(user, name="Zomato is food", payee_contains="zomato", set_category_id=food.id)
    actions.create_budget(user, name="Food", amount=Decimal("8000"), category_id=food.id, thresholds=[50, 90])
    actions.create_bill(user, name="Rent", amount=Decimal("25000"), due_date=date(2027, 1, 5), account_id=bank.id,
                        payee="Landlord", remind_days=5)
    actions.create_recurring(user, account_id=bank.id, direction="expense", amount=Decimal("499"), repeat="monthly",
                             start_date=date(2027, 1, 1), category_id=category(user, "Entertainment").id,
                             payee="Netflix")
    actions.update_settings(user, post_shared_expenses=True, shared_expense_account_id=bank.id)
    actions.set_rate(user, base="USD", quote="INR", rate=Decimal("83.10"), effective_date=date(2026, 1, 1))


def _export(user) -> bytes:
    response = client_for(user).get("/api/finance/export")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _restore(user, content: bytes, name: str = "finance.zip"):
    return client_for(user).post("/api/finance/restore", {"file": SimpleUploadedFile(name, content)},
                                 format="multipart")


def _picture(user) -> dict:
    """Everything a person sees of their finance, without ids."""
    accounts = {a.id: a for a in Account.objects.filter(owner=user, deleted_at=None)}
    cats = {c.id: c for c in Category.objects.filter(owner=user)}

    def cat(pk):
        c = cats.get(pk)
        return None if c is None else (c.name, c.parent.name if c.parent_id else None)

    sums = balances(list(accounts))
    return {
        "accounts": sorted((a.name, a.kind, a.currency, a.archived, str(sums.get(a.id, a.opening_balance)))
                           for a in accounts.values()),
        "transactions": sorted(
            (str(t.date), t.direction, str(t.amount), accounts[t.account_id].name,
             accounts[t.transfer_account_id].name if t.transfer_account_id else None, cat(t.category_id), t.payee,
             tuple(t.tags), t.source, t.fitid,
             tuple(sorted((cat(p.category_id), str(p.amount), p.note) for p in t.parts.all())))
            for t in Transaction.objects.filter(owner=user, deleted_at=None)),
        "budgets": sorted((b.name, str(b.amount), cat(b.category_id), tuple(b.thresholds))
                          for b in Budget.objects.filter(owner=user, deleted_at=None)),
        "bills": sorted((b.name, str(b.amount), str(b.next_due), accounts[b.account_id].name, b.payee, b.remind_days)
                        for b in Bill.objects.filter(owner=user, deleted_at=None)),
        "recurring": sorted((r.payee, str(r.amount), str(r.next_date), r.repeat, cat(r.category_id))
                            for r in Recurring.objects.filter(owner=user, deleted_at=None)),
        "rules": sorted((r.name, r.payee_contains, cat(r.set_category_id))
                        for r in Rule.objects.filter(owner=user, deleted_at=None)),
        "settings": [(f.post_shared_expenses, accounts[f.shared_expense_account_id].name)
                     for f in FinanceSettings.objects.filter(user=user)],
        "rates": sorted((r.base, r.quote, str(r.rate), str(r.effective_date))
                        for r in ExchangeRate.objects.filter(owner=user)),
    }


def test_an_export_restored_into_another_account_is_the_same_finance(alice, bob):
    _world(alice)
    response = _restore(bob, _export(alice))
    assert response.status_code == 201, response.content
    result = response.json()
    assert result["created"]["finance_transaction"] == 6 and result["created"]["finance_account"] == 3
    assert result["skipped"] == {}
    bob.refresh_from_db()
    mine, theirs = _picture(alice), _picture(bob)
    assert {k: v for k, v in theirs.items() if k != "transactions"} == {k: v for k, v in mine.items() if k != "transactions"}
    assert [t for t in theirs["transactions"] if t[6] != "Paints"] == [t for t in mine["transactions"] if t[6] != "Paints"]
    # the deleted category's transaction came back uncategorised (alice's still names the
    # tombstone, so the pictures differ there alone); the deleted transaction did not come back
    paints = [t for t in theirs["transactions"] if t[6] == "Paints"]
    assert len(paints) == 1 and paints[0][5] is None
    assert not Transaction.objects.filter(owner=bob, amount=Decimal("1.00")).exists()
    # new ids: alice keeps hers
    assert not set(Transaction.objects.filter(owner=bob).values_list("id", flat=True)) & set(
        Transaction.objects.filter(owner=alice).values_list("id", flat=True))
    # bob's devices hear of it
    assert Change.objects.filter(user=bob, entity="finance_transaction").count() == 6


def test_restoring_twice_or_into_the_same_account_adds_nothing(alice, bob):
    _world(alice)
    export = _export(alice)
    assert _restore(bob, export).status_code == 201
    before = _picture(bob)
    again = _restore(bob, export).json()
    assert again["created"].get("finance_transaction", 0) == 0
    assert again["already_there"]["finance_transaction"] == 6 and again["already_there"]["finance_account"] == 3
    assert _picture(bob) == before
    own = _restore(alice, export).json()
    assert own["already_there"]["finance_transaction"] == 6 and own["created"].get("finance_account", 0) == 0


def test_free_ids_are_kept_and_rules_do_not_rewrite_restored_transactions(alice, bob):
    actions.ensure_finance(bob)
    food = category(bob, "Food & Dining")
    actions.create_rule(bob, name="all zomato is food", payee_contains="zomato", set_category_id=food.id)
    account_id, txn_id = uuid.uuid4(), uuid.uuid4()
    document = {"entities": {
        "finance_account": [{"id": str(account_id), "name": "SBI", "kind": "bank", "currency": "INR",
                             "opening_balance": "0.00", "archived": False, "deleted_at": None}],
        "finance_transaction": [{"id": str(txn_id), "account_id": str(account_id), "direction": "expense",
                                 "amount": "75.00", "date": "2026-11-01", "payee": "Zomato", "category_id": None,
                                 "tags": [], "notes": "", "deleted_at": None}],
    }}
    response = _restore(bob, json.dumps(document).encode(), "data.json")
    assert response.status_code == 201, response.content
    restored = Transaction.objects.get(pk=txn_id)
    assert restored.account_id == account_id and restored.owner_id == bob.pk and restored.category_id is None


@pytest.mark.parametrize("content,expected", [
    (b"not json at all", "not a Hisaab finance export"),
    (b'{"entities": {"group": []}}', "Unknown kinds of record: group."),
    (b'{"entities": {"finance_account": {"a": 1}}}', "finance_account is not a list of records."),
])
def test_what_is_not_an_export_is_refused(alice, content, expected):
    error = assert_error(_restore(alice, content, "x.json"), 400, "invalid_backup")
    assert expected in error["message"]


def test_a_zip_without_the_data_is_refused(alice):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("finance/finance_account.csv", "id,name\n")
    error = assert_error(_restore(alice, buffer.getvalue()), 400, "invalid_backup")
    assert "finance/data.json" in error["message"]


def test_a_broken_record_refuses_the_whole_restore_naming_it(alice, bob):
    _world(alice)
    archive = zipfile.ZipFile(io.BytesIO(_export(alice)))
    data = json.loads(archive.read("finance/data.json"))
    data["entities"]["finance_transaction"][-1]["amount"] = "-5"
    data["entities"]["finance_transaction"][0]["account_id"] = str(uuid.uuid4())
    error = assert_error(_restore(bob, json.dumps(data).encode(), "data.json"), 400, "invalid_backup")
    assert list(error["fields"]) == ["finance_transaction[0]"] and "not in the export" in error["message"]
    assert not Account.objects.filter(owner=bob).exists() and not Transaction.objects.filter(owner=bob).exists()
    assert not Change.objects.filter(user=bob, entity__in=("finance_account", "finance_transaction")).exists()


def test_the_import_page_restores_an_export(alice, bob, client):
    _world(alice)
    client.force_login(bob)
    page = client.get("/finance/import/").content.decode()
    assert 'action="/finance/restore/"' in page and 'name="file"' in page
    done = client.post("/finance/restore/", {"file": SimpleUploadedFile("finance.zip", _export(alice))}, follow=True)
    assert "Restored 16 records;" in done.content.decode()
    assert Transaction.objects.filter(owner=bob, deleted_at=None).count() == 6
    refused = client.post("/finance/restore/", {"file": SimpleUploadedFile("x.json", b"[]")}, follow=True)
    assert "not a Hisaab finance export" in refused.content.decode()
    assert Transaction.objects.filter(owner=bob, deleted_at=None).count() == 6
