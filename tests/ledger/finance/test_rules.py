"""Rules (Firefly III style): conditions on payee, direction, account and amount; effects on
category, payee and tags; applied to new and imported transactions and, after a preview, to
existing ones; live, owner-only, and kept out of chosen categories."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ledger.finance import actions
from ledger.finance.models import Rule, Transaction
from realtime.models import Change
from tests.helpers import assert_error, assert_hidden_from, client_for

from .conftest import category, expense, ofx

pytestmark = pytest.mark.django_db


def rule_body(**over):
    body = {"name": "Swiggy is food", "payee_contains": "swiggy"}
    body.update(over)
    return body


@pytest.fixture
def groceries(alice):
    return category(alice, "Groceries")


@pytest.fixture
def restaurants(alice):
    return category(alice, "Restaurants")


def test_a_new_transaction_gets_the_category_payee_and_tags_of_matching_rules(alice_client, alice, inr, restaurants):
    made = alice_client.post("/api/finance/rules", rule_body(
        set_category_id=str(restaurants.id), set_payee="Swiggy", add_tags=["food"]), format="json")
    assert made.status_code == 201, made.json()
    txn = expense(alice, inr, "320.00", on=date(2026, 11, 3), payee="SWIGGY*ORDER 8812 BLR")
    assert (txn.category_id, txn.payee, txn.tags) == (restaurants.id, "Swiggy", ["food"])
    other = expense(alice, inr, "99.00", on=date(2026, 11, 3), payee="Metro card")
    assert (other.category_id, other.payee, other.tags) == (None, "Metro card", [])


def test_a_rule_never_replaces_a_chosen_category_and_sets_only_its_kind(alice, inr, restaurants, groceries):
    actions.create_rule(alice, name="food", payee_contains="swiggy", set_category_id=restaurants.id)
    chosen = expense(alice, inr, "50.00", on=date(2026, 11, 3), cat=groceries, payee="Swiggy Instamart")
    assert chosen.category_id == groceries.id
    refund = actions.record_transaction(alice, account_id=inr.id, direction="income", amount=Decimal("50.00"),
                                        date=date(2026, 11, 4), payee="Swiggy refund")
    assert refund.category_id is None  # an expense category is never put on income


def test_conditions_all_hold_and_the_first_rule_to_set_a_field_wins(alice, inr, restaurants, groceries):
    actions.create_rule(alice, name="big", payee_contains="amazon", min_amount=Decimal("1000"), currency="INR",
                        set_category_id=groceries.id, position=1)
    actions.create_rule(alice, name="any", payee_contains="amazon", set_category_id=restaurants.id,
                        add_tags=["online"], position=2)
    small = expense(alice, inr, "999.99", on=date(2026, 11, 3), payee="AMAZON PAY")
    big = expense(alice, inr, "1000.00", on=date(2026, 11, 3), payee="Amazon Pay")
    assert (small.category_id, small.tags) == (restaurants.id, ["online"])
    assert (big.category_id, big.tags) == (groceries.id, ["online"])
    usd = actions.create_account(alice, name="US card", kind="card", currency="USD")
    dollars = expense(alice, usd, "5000.00", on=date(2026, 11, 3), payee="Amazon")
    assert dollars.category_id == restaurants.id  # the INR range does not match USD


def test_imported_lines_are_categorised_and_budgets_count_them(alice_client, alice, inr, restaurants, settings):
    actions.create_rule(alice, name="food", payee_contains="zomato", set_category_id=restaurants.id)
    actions.create_budget(alice, name="Eating out", amount=Decimal("100.00"), category_id=restaurants.id)
    today = date.today().strftime("%Y%m%d")
    batch = alice_client.post("/api/finance/imports", {"account_id": str(inr.id), "format": "ofx", "content": ofx(
        [("Z1", today, "-120.00", "ZOMATO ONLINE"), ("M1", today, "-10.00", "Metro")])}, format="json").json()
    assert alice_client.post(f"/api/finance/imports/{batch['id']}/confirm").status_code == 200
    assert Transaction.objects.get(fitid="Z1").category_id == restaurants.id
    assert Transaction.objects.get(fitid="M1").category_id is None
    assert Change.objects.filter(user=alice, event="budget.threshold_crossed").exists()


def test_preview_shows_what_apply_changes_and_apply_changes_exactly_that(alice_client, alice, inr, restaurants):
    old = expense(alice, inr, "200.00", on=date(2026, 10, 1), payee="Swiggy 1")
    kept = expense(alice, inr, "300.00", on=date(2026, 10, 2), payee="Swiggy 2", cat=category(alice, "Groceries"))
    expense(alice, inr, "40.00", on=date(2026, 10, 3), payee="Bus")
    rule = alice_client.post("/api/finance/rules", rule_body(set_category_id=str(restaurants.id)), format="json").json()
    preview = alice_client.get(f"/api/finance/rules/{rule['id']}/preview").json()
    assert preview["count"] == 1
    [row] = preview["results"]
    assert row["transaction"]["id"] == str(old.id)
    assert row["changes"] == {"category_id": [None, str(restaurants.id)]}
    assert Transaction.objects.get(pk=old.id).category_id is None  # a preview changes nothing
    applied = alice_client.post(f"/api/finance/rules/{rule['id']}/apply").json()
    assert applied == {"changed": 1, "transactions": [str(old.id)]}
    old.refresh_from_db()
    kept.refresh_from_db()
    assert old.category_id == restaurants.id and old.version == 2
    assert kept.category_id != restaurants.id and kept.version == 1
    assert Change.objects.filter(user=alice, event="transaction.updated", object_id=old.id).count() == 1
    assert alice_client.get(f"/api/finance/rules/{rule['id']}/preview").json()["count"] == 0


def test_bad_rules_are_field_errors(alice_client, alice, inr, restaurants):
    salary = category(alice, "Salary")
    cases = [
        (rule_body(), "rule_without_effect"),
        ({"name": "x", "set_payee": "Y"}, "rule_without_condition"),
        (rule_body(set_payee="S", min_amount="10", max_amount="5", currency="INR"), "invalid_rule"),
        (rule_body(set_payee="S", min_amount="10"), "invalid_rule"),  # no currency, no account
        (rule_body(set_payee="S", min_amount="1.001", currency="INR"), "invalid_rule"),
        (rule_body(direction="expense", set_category_id=str(salary.id)), "invalid_rule"),
        (rule_body(set_category_id="00000000-0000-0000-0000-000000000000"), "not_found"),
        (rule_body(set_payee="S", owner="x"), None),
    ]
    for body, code in cases:
        assert_error(alice_client.post("/api/finance/rules", body, format="json"), 400, code)
    assert not Rule.objects.exists()
    ok = alice_client.post("/api/finance/rules", rule_body(set_payee="S", account_id=str(inr.id), min_amount="10"),
                           format="json")
    assert ok.status_code == 201 and ok.json()["currency"] == "INR"  # the account's currency


def test_rules_are_the_owners_alone_and_live_on_their_devices(alice_client, alice, bob, inr, restaurants):
    rule = alice_client.post("/api/finance/rules", rule_body(set_category_id=str(restaurants.id)), format="json").json()
    assert Change.objects.filter(user=alice, entity="finance_rule", event="rule.created").count() == 1
    assert not Change.objects.filter(user=bob, entity="finance_rule").exists()
    bob_client = client_for(bob)
    for url in (f"/api/finance/rules/{rule['id']}", f"/api/finance/rules/{rule['id']}/preview"):
        assert_hidden_from(bob_client, url, methods=("get",))
    assert_hidden_from(bob_client, f"/api/finance/rules/{rule['id']}", methods=("patch", "delete"))
    assert_error(bob_client.post(f"/api/finance/rules/{rule['id']}/apply"), 404, "not_found")
    assert bob_client.get("/api/finance/rules").json()["count"] == 0
    # bob's new transaction with the same payee is not touched by alice's rule
    bob_account = actions.create_account(bob, name="B", kind="bank", currency="INR")
    assert expense(bob, bob_account, "10.00", on=date(2026, 11, 1), payee="Swiggy").category_id is None


def test_edit_turn_off_and_delete(alice_client, alice, inr, restaurants):
    rule = alice_client.post("/api/finance/rules", rule_body(set_category_id=str(restaurants.id)), format="json").json()
    off = alice_client.patch(f"/api/finance/rules/{rule['id']}", {"active": False, "version": 1}, format="json")
    assert off.status_code == 200 and off.json()["active"] is False and off.json()["version"] == 2
    assert expense(alice, inr, "10.00", on=date(2026, 11, 1), payee="Swiggy").category_id is None
    stale = alice_client.patch(f"/api/finance/rules/{rule['id']}", {"active": True}, format="json",
                               HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412
    assert alice_client.delete(f"/api/finance/rules/{rule['id']}").status_code == 204
    assert alice_client.get("/api/finance/rules").json()["count"] == 0
    assert Change.objects.filter(user=alice, entity="finance_rule", op="delete").count() == 1


def test_rules_page_creates_previews_applies_and_deletes(alice, inr, restaurants):
    page = client_for(None)
    page.force_login(alice)
    old = expense(alice, inr, "200.00", on=date(2026, 10, 1), payee="Swiggy order")
    sent = page.post("/finance/rules/", {"name": "Food", "payee_contains": "swiggy",
                                         "set_category_id": str(restaurants.id), "add_tags": "food, online"})
    assert sent.status_code == 302, sent.content.decode()[:2000]
    rule = Rule.objects.get()
    assert rule.add_tags == ["food", "online"]
    listing = page.get("/finance/rules/").content.decode()
    assert "Food" in listing and f"/finance/rules/{rule.pk}/" in listing
    preview = page.get(f"/finance/rules/{rule.pk}/").content.decode()
    assert "Swiggy order" in preview and "Restaurants" in preview
    assert page.post(f"/finance/rules/{rule.pk}/").status_code == 302
    old.refresh_from_db()
    assert old.category_id == restaurants.id and old.tags == ["food", "online"]
    bad = page.post("/finance/rules/", {"name": "Nothing", "payee_contains": "x"})
    assert bad.status_code == 200 and "Set a category, a payee or tags." in bad.content.decode()
    assert page.post(f"/finance/rules/{rule.pk}/", {"delete": "1"}).status_code == 302
    assert Rule.objects.get().deleted_at is not None
