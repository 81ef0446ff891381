"""Split transactions: one bank line across several categories, parts summing exactly;
budgets and reports count each part; edits keep the parts honest."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ledger.finance import actions
from ledger.finance.models import Transaction, TransactionPart
from realtime.models import Change
from tests.helpers import assert_error, client_for

from .conftest import category

pytestmark = pytest.mark.django_db


@pytest.fixture
def cats(alice):
    return {name: category(alice, name) for name in ("Groceries", "Shopping", "Restaurants", "Salary")}


def body(inr, cats, parts, amount="500.00", **over):
    b = {"account_id": str(inr.id), "direction": "expense", "amount": amount, "date": date.today().isoformat(),
         "payee": "Big Bazaar", "parts": [{"category_id": str(cats[n].id) if n else None, "amount": a} for n, a in parts]}
    b.update(over)
    return b


def test_a_supermarket_receipt_split_into_groceries_and_household(alice_client, alice, inr, cats):
    made = alice_client.post("/api/finance/transactions", body(inr, cats, [("Groceries", "320.50"), ("Shopping", "179.50")]),
                             format="json")
    assert made.status_code == 201, made.json()
    data = made.json()
    assert data["split"] is True and data["category_id"] is None
    assert [(p["category_id"], p["amount"]) for p in data["parts"]] == [
        (str(cats["Groceries"].id), "320.50"), (str(cats["Shopping"].id), "179.50")]
    txn = Transaction.objects.get(pk=data["id"])
    assert sum(p.amount for p in txn.parts.all()) == txn.amount  # parts sum exactly
    change = Change.objects.get(user=alice, entity="finance_transaction", object_id=txn.id)
    assert change.data["parts"] == data["parts"]  # the feed carries the parts
    assert alice_client.get(f"/api/finance/transactions/{txn.id}").json()["parts"] == data["parts"]


@pytest.mark.parametrize("parts,amount,over,field", [
    ([("Groceries", "300.00"), ("Shopping", "199.99")], "500.00", {}, "parts"),  # sums to 499.99
    ([("Groceries", "500.00")], "500.00", {}, "parts"),  # one part is not a split
    ([("Groceries", "250.001"), ("Shopping", "249.999")], "500.00", {}, "parts"),  # paise only
    ([("Groceries", "250.00"), ("Salary", "250.00")], "500.00", {}, "parts"),  # an income category
    ([("Groceries", "250.00"), ("Shopping", "250.00")], "500.00", {"direction": "income"}, "parts"),
    ([("Groceries", "250.00"), ("Shopping", "250.00")], "500.00", {"category_id": "CAT"}, "category_id"),
])
def test_parts_that_do_not_add_up_or_do_not_fit_are_field_errors(alice_client, inr, cats, parts, amount, over, field):
    if over.get("category_id") == "CAT":
        over = {"category_id": str(cats["Groceries"].id)}
    error = assert_error(alice_client.post("/api/finance/transactions", body(inr, cats, parts, amount, **over),
                                           format="json"), 400)
    assert field in error["fields"], error
    assert not Transaction.objects.exists() and not TransactionPart.objects.exists()


def test_a_transfer_cannot_be_split(alice_client, alice, inr, cats):
    other = actions.create_account(alice, name="Wallet", kind="wallet", currency="INR")
    b = body(inr, cats, [("Groceries", "250.00"), ("Shopping", "250.00")], direction="transfer",
             transfer_account_id=str(other.id))
    assert "parts" in assert_error(alice_client.post("/api/finance/transactions", b, format="json"), 400)["fields"]


def test_budgets_and_reports_count_each_part(alice_client, alice, inr, cats):
    food = category(alice, "Food & Dining")  # Groceries' parent
    actions.create_budget(alice, name="Food", amount=Decimal("400.00"), category_id=food.id)
    actions.create_budget(alice, name="Shopping", amount=Decimal("1000.00"), category_id=cats["Shopping"].id)
    alice_client.post("/api/finance/transactions", body(inr, cats, [("Groceries", "320.50"), ("Shopping", "179.50")]),
                      format="json")
    budgets = {b["name"]: b["progress"]["spent"] for b in alice_client.get("/api/finance/budgets").json()["results"]}
    assert budgets == {"Food": "320.50", "Shopping": "179.50"}
    today = date.today().isoformat()
    report = alice_client.get(f"/api/finance/reports/spending-by-category?from={today}&to={today}").json()
    assert report["total"] == "500.00"
    assert {c["name"]: c["amount"] for c in report["categories"]} == {"Food & Dining": "320.50", "Shopping": "179.50"}
    month = alice_client.get(f"/api/finance/reports/monthly?month={today[:7]}").json()
    assert month["expense"] == "500.00" and len(month["categories"]) == 2
    # 320.50 of a 400 budget crosses its 80% threshold: the part alone counts towards it
    assert Change.objects.filter(user=alice, event="budget.threshold_crossed").count() == 1


def test_editing_the_amount_needs_new_parts_and_parts_can_be_joined_back(alice_client, inr, cats):
    txn = alice_client.post("/api/finance/transactions", body(inr, cats, [("Groceries", "300.00"), ("Shopping", "200.00")]),
                            format="json").json()
    url = f"/api/finance/transactions/{txn['id']}"
    assert "parts" in assert_error(alice_client.patch(url, {"amount": "600.00"}, format="json"), 400)["fields"]
    assert Transaction.objects.get(pk=txn["id"]).amount == Decimal("500.00")
    resplit = alice_client.patch(url, {"amount": "600.00", "parts": [
        {"category_id": str(cats["Groceries"].id), "amount": "350.00"},
        {"category_id": None, "amount": "250.00", "note": "deposit"}]}, format="json")
    assert resplit.status_code == 200, resplit.json()
    assert [(p["amount"], p["note"]) for p in resplit.json()["parts"]] == [("350.00", ""), ("250.00", "deposit")]
    assert TransactionPart.objects.filter(transaction_id=txn["id"]).count() == 2
    moved = alice_client.patch(url, {"date": "2026-01-05", "payee": "BB"}, format="json").json()
    assert moved["parts"] == resplit.json()["parts"]
    assert set(TransactionPart.objects.filter(transaction_id=txn["id"]).values_list("date", flat=True)) == {date(2026, 1, 5)}
    joined = alice_client.patch(url, {"parts": None, "category_id": str(cats["Groceries"].id)}, format="json").json()
    assert joined["split"] is False and joined["parts"] == [] and joined["category_id"] == str(cats["Groceries"].id)
    assert not TransactionPart.objects.filter(transaction_id=txn["id"]).exists()


def test_a_deleted_split_no_longer_counts(alice_client, alice, inr, cats):
    actions.create_budget(alice, name="Shopping", amount=Decimal("1000.00"), category_id=cats["Shopping"].id)
    txn = alice_client.post("/api/finance/transactions", body(inr, cats, [("Groceries", "300.00"), ("Shopping", "200.00")]),
                            format="json").json()
    alice_client.delete(f"/api/finance/transactions/{txn['id']}")
    assert alice_client.get("/api/finance/budgets").json()["results"][0]["progress"]["spent"] == "0.00"


def test_rules_leave_a_split_transaction_alone(alice_client, alice, inr, cats):
    actions.create_rule(alice, name="bb", payee_contains="bazaar", set_category_id=cats["Groceries"].id)
    txn = alice_client.post("/api/finance/transactions", body(inr, cats, [("Groceries", "300.00"), ("Shopping", "200.00")]),
                            format="json").json()
    assert txn["category_id"] is None and txn["split"] is True


def test_another_users_category_is_not_found_in_a_part(alice_client, bob, inr, cats):
    theirs = category(bob, "Groceries")
    b = body(inr, cats, [("Groceries", "250.00"), ("Shopping", "250.00")])
    b["parts"][0]["category_id"] = str(theirs.id)
    assert_error(alice_client.post("/api/finance/transactions", b, format="json"), 400, "not_found")
    assert client_for(bob).get("/api/finance/transactions").json()["count"] == 0


def test_the_split_page_splits_a_transaction_and_joins_it_back(alice, inr, cats):
    page = client_for(None)
    page.force_login(alice)
    txn = actions.record_transaction(alice, account_id=inr.id, direction="expense", amount=Decimal("500.00"),
                                     date=date(2026, 11, 3), payee="Big Bazaar")
    url = f"/finance/transactions/{txn.id}/split/"
    assert url in page.get("/finance/transactions/").content.decode()
    bad = page.post(url, {"parts": "Groceries = 300\nShopping = 100", "version": "1"})
    assert bad.status_code == 200 and "The parts add up to ₹400.00, not ₹500.00." in bad.content.decode()
    unknown = page.post(url, {"parts": "Toys = 300\nShopping = 200", "version": "1"})
    assert "no category named “Toys”" in unknown.content.decode()
    sent = page.post(url, {"parts": "groceries = 320.50\nShopping=179.50", "version": "1"})
    assert sent.status_code == 302
    txn.refresh_from_db()
    assert txn.split and [(p.category_id, p.amount) for p in txn.parts.order_by("id")] == [
        (cats["Groceries"].id, Decimal("320.50")), (cats["Shopping"].id, Decimal("179.50"))]
    listing = page.get("/finance/transactions/").content.decode()
    assert "Groceries" in listing and "Shopping" in listing
    assert "Groceries = 320.50" in page.get(url).content.decode()
    assert page.post(url, {"join": "1", "version": str(txn.version)}).status_code == 302
    txn.refresh_from_db()
    assert not txn.split and not txn.parts.exists()


def test_the_csv_export_has_a_line_per_part_that_sums_per_category(alice_client, inr, cats):
    import csv
    import io

    alice_client.post("/api/finance/transactions", body(inr, cats, [("Groceries", "320.50"), ("Shopping", "179.50")]),
                      format="json")
    alice_client.post("/api/finance/transactions", {"account_id": str(inr.id), "direction": "expense", "amount": "40.00",
                                                    "date": date.today().isoformat(), "payee": "Chai",
                                                    "category_id": str(cats["Restaurants"].id)}, format="json")
    response = alice_client.get("/api/finance/transactions/export.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    split = [r for r in rows if r["payee"] == "Big Bazaar"]
    assert [(r["category"], r["amount"], r["part"], r["transaction_amount"]) for r in split] == [
        ("Groceries", "320.50", "1/2", "500.00"), ("Shopping", "179.50", "2/2", "500.00")]
    assert len({r["id"] for r in split}) == 1  # one transaction's lines share its id
    whole = next(r for r in rows if r["payee"] == "Chai")
    assert (whole["category"], whole["amount"], whole["part"], whole["transaction_amount"]) == (
        "Restaurants", "40.00", "", "40.00")
    assert sum(Decimal(r["amount"]) for r in rows) == Decimal("540.00")  # nothing counted twice
