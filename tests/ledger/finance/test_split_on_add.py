"""Splitting while adding (issue 21): the "Add transaction" page form sends the transaction and
its parts in one request, recorded by one action call (all or nothing); an offline split is a
push mutation carrying its parts, applied once however often it is pushed."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest

from ledger.finance import actions
from ledger.finance.models import Transaction, TransactionPart
from realtime.models import Change
from social.actions import update_account
from tests.helpers import page_client

from .conftest import category

pytestmark = pytest.mark.django_db
URL = "/finance/transactions/"


@pytest.fixture
def cats(alice):
    return {name: category(alice, name) for name in ("Groceries", "Shopping", "Salary")}


def form(inr, rows, amount="500.00", **over) -> dict[str, str]:
    data = {"direction": "expense", "account_id": str(inr.id), "amount": amount, "date": date.today().isoformat(),
            "payee": "Big Bazaar", "split": "on"}
    for i, (cat, value) in enumerate(rows):
        data[f"part_category_{i}"] = str(cat.id) if cat else ""
        data[f"part_amount_{i}"] = value
    data.update(over)
    return data


def nothing_recorded(user) -> bool:
    return not Transaction.objects.filter(owner=user).exists() and not TransactionPart.objects.exists()


def test_the_add_form_records_a_split_transaction_with_its_parts(alice, inr, cats):
    page = page_client(alice)
    shown = page.get(URL).content.decode()
    assert 'name="split"' in shown and 'id="id_part_category_0"' in shown and 'id="id_part_amount_2"' in shown
    sent = page.post(URL, form(inr, [(cats["Groceries"], "320.50"), (cats["Shopping"], "179.50"), (None, "")],
                               category_id=str(cats["Salary"].id)))  # the form's own category is left out
    assert sent.status_code == 302
    txn = Transaction.objects.get(owner=alice)
    assert txn.split and txn.category_id is None and txn.amount == Decimal("500.00")
    assert [(p.category_id, p.amount) for p in txn.parts.order_by("id")] == [
        (cats["Groceries"].id, Decimal("320.50")), (cats["Shopping"].id, Decimal("179.50"))]
    assert Change.objects.get(user=alice, entity="finance_transaction", object_id=txn.id).data["split"] is True
    listing = page.get(URL).content.decode().split('id="transaction-list"')[1].split("</section>")[0]
    assert "Groceries ₹320.50 · Shopping ₹179.50" in listing


def test_rows_beyond_the_first_three_are_read_and_not_ticking_split_records_one_line(alice, inr, cats):
    page = page_client(alice)
    rows = [(cats["Groceries"], "100"), (cats["Shopping"], "100"), (None, "100"), (cats["Groceries"], "200")]
    assert page.post(URL, form(inr, rows)).status_code == 302
    assert Transaction.objects.get(owner=alice).parts.count() == 4
    unticked = form(inr, rows, amount="75.00", category_id=str(cats["Groceries"].id))
    del unticked["split"]
    assert page.post(URL, unticked).status_code == 302
    plain = Transaction.objects.get(owner=alice, amount=Decimal("75.00"))
    assert not plain.split and plain.category_id == cats["Groceries"].id and not plain.parts.exists()


def test_parts_that_do_not_add_up_change_nothing_and_say_so_at_the_parts(alice, inr, cats):
    page = page_client(alice)
    bad = page.post(URL, form(inr, [(cats["Groceries"], "300"), (cats["Shopping"], "100")]))
    html = bad.content.decode()
    assert bad.status_code == 200 and nothing_recorded(alice)
    assert '<p class="error" id="id_parts_error" role="alert">The parts add up to ₹400.00, not ₹500.00.</p>' in html
    assert 'value="300"' in html  # the rows come back as typed


def test_in_hindi_the_refusal_is_in_hindi_with_the_amounts_formatted(alice, inr, cats):
    update_account(alice, changes={"locale": "hi_IN"})
    page = page_client(alice)
    html = page.post(URL, form(inr, [(cats["Groceries"], "300"), (cats["Shopping"], "100")])).content.decode()
    assert '<html lang="hi">' in html
    assert nothing_recorded(alice)
    error = html.split('id="id_parts_error"')[1].split("</p>")[0]
    assert "₹400.00" in error and "₹500.00" in error and "The parts add up" not in error
    assert "हिस्से 1 की श्रेणी" in html  # the rows' labels


@pytest.mark.parametrize("case", ["unknown", "someone_elses", "income_category", "one_part", "no_amount", "transfer"])
def test_a_refused_split_changes_nothing(alice, bob, inr, cats, case):
    page = page_client(alice)
    rows = [(cats["Groceries"], "250"), (cats["Shopping"], "250")]
    data = form(inr, rows)
    if case == "unknown":
        data["part_category_0"] = str(uuid.uuid4())
    elif case == "someone_elses":
        data["part_category_0"] = str(category(bob, "Groceries").id)
    elif case == "income_category":
        data["part_category_1"] = str(cats["Salary"].id)
    elif case == "one_part":
        data = form(inr, [(cats["Groceries"], "500")])
    elif case == "no_amount":
        data["part_amount_1"] = ""
    elif case == "transfer":
        other = actions.create_account(alice, name="Cash", kind="cash", currency="INR", opening_balance=Decimal(0))
        data.update(direction="transfer", transfer_account_id=str(other.id))
    response = page.post(URL, data)
    assert response.status_code == 200 and nothing_recorded(alice)
    assert 'class="error"' in response.content.decode()


def _push(client, client_id, mutations):
    return client.post("/api/sync/push", {"client_id": str(client_id), "mutations": mutations}, format="json")


def test_an_offline_split_is_pushed_with_its_parts_and_applied_once(alice, alice_client, inr, cats):
    txn_id, cid = uuid.uuid4(), uuid.uuid4()
    body = {"id": str(txn_id), "account_id": str(inr.id), "direction": "expense", "amount": "500.00",
            "date": date.today().isoformat(), "payee": "Big Bazaar",
            "parts": [{"category_id": str(cats["Groceries"].id), "amount": "320.50"},
                      {"category_id": None, "amount": "179.50"}]}
    mutation = {"id": 1, "method": "POST", "path": "/api/finance/transactions", "body": body}
    first = _push(alice_client, cid, [mutation]).json()
    assert first["results"][0]["status"] == 201 and first["last_mutation_id"] == 1
    assert first["results"][0]["body"]["parts"] == [
        {"category_id": str(cats["Groceries"].id), "amount": "320.50", "note": ""},
        {"category_id": None, "amount": "179.50", "note": ""}]
    changes = Change.objects.filter(user=alice).count()
    assert _push(alice_client, cid, [mutation]).json() == first  # a retried push: its recorded answer
    assert Transaction.objects.filter(owner=alice).count() == 1
    assert TransactionPart.objects.filter(transaction_id=txn_id).count() == 2
    assert Change.objects.filter(user=alice).count() == changes


def test_a_pushed_split_that_does_not_add_up_is_refused_and_recorded(alice, alice_client, inr, cats):
    cid = uuid.uuid4()
    body = {"id": str(uuid.uuid4()), "account_id": str(inr.id), "direction": "expense", "amount": "500.00",
            "date": date.today().isoformat(),
            "parts": [{"category_id": str(cats["Groceries"].id), "amount": "300"}, {"amount": "100"}]}
    answer = _push(alice_client, cid, [{"id": 1, "method": "POST", "path": "/api/finance/transactions", "body": body}]).json()
    assert answer["results"][0]["status"] == 400 and answer["last_mutation_id"] == 1
    assert answer["results"][0]["body"]["error"]["code"] == "invalid_parts"
    assert nothing_recorded(alice)
