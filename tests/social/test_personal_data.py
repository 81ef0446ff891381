"""A person's data: download everything (ZIP of JSON + CSV, all four areas) and delete the
account (shared records keep their amounts under "Former member", personal records go,
sign-ins end, others hear of it; refused while something still ties others to the person)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.db.models import Sum

from realtime.models import Change
from social import actions, balances
from social.models import Expense, User
from tests.conftest import PASSWORD
from tests.helpers import assert_error, client_for

pytestmark = pytest.mark.django_db


def _expense(actor, group, payer, between, amount="90.00", description="Dinner"):
    return actions.record_expense(
        actor, group=group, description=description, amount=Decimal(amount), currency="INR", date="2026-11-21",
        paid_by=[{"user": payer.pk, "amount": Decimal(amount)}],
        split={"method": "equal", "between": [u.pk for u in between]})


@pytest.fixture
def alices_world(friends, trip):
    """alice: a settled group expense with bob, personal finance, a wallet; bob has his own finance."""
    alice, bob, carol, _ = friends
    _expense(alice, trip, alice, [alice, bob], "90.00")
    actions.record_settlement(bob, group=trip, payer_id=bob.pk, payee_id=alice.pk, amount=Decimal("45.00"),
                              currency="INR")
    for who, payee in ((alice, "Alice's chemist"), (bob, "Bob's secret")):
        c = client_for(who)
        account = c.post("/api/finance/accounts", {"name": "Bank", "kind": "bank", "currency": "INR"},
                         format="json").json()["id"]
        assert c.post("/api/finance/transactions", {"account_id": account, "direction": "expense", "amount": "12.00",
                                                    "date": "2026-11-01", "payee": payee}, format="json").status_code == 201
    assert client_for(alice).get("/api/wallet").status_code == 200  # makes the wallet with the demo credit
    assert client_for(alice).post("/api/finance/rates", {"base": "USD", "quote": "INR", "rate": "83.10",
                                                         "effective_date": "2026-01-01"}, format="json").status_code == 201
    return trip


def _zip(response) -> zipfile.ZipFile:
    assert response.status_code == 200, response.getvalue()[:300]
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(response.getvalue()))


def test_the_export_holds_everything_about_me_from_every_area_and_nothing_of_others(friends, alices_world):
    alice = friends[0]
    archive = _zip(client_for(alice).get("/api/me/export"))
    data = json.loads(archive.read("hisaab/data.json"))
    assert data["account"]["email"] == "alice@example.com"
    entities = data["entities"]
    assert [e["description"] for e in entities["expense"]] == ["Dinner"]
    assert {t["payee"] for t in entities["finance_transaction"]} == {"Alice's chemist"}  # not bob's
    assert entities["group"][0]["name"] == "Goa trip"
    assert len(entities["settlement"]) == 1
    assert any(w["currency"] == "INR" for w in entities["wallet"])
    assert [(r["base"], r["quote"], r["rate"]) for r in entities["exchange_rate"]] == [("USD", "INR", "83.1")]
    # one CSV per kind of record, the same rows
    names = set(archive.namelist())
    assert {"hisaab/account.csv", "hisaab/expense.csv", "hisaab/finance_transaction.csv"} <= names
    rows = list(csv.DictReader(io.StringIO(archive.read("hisaab/expense.csv").decode())))
    assert [r["description"] for r in rows] == ["Dinner"] and rows[0]["amount"] == "90.00"


def test_the_export_holds_the_files_of_every_receipt_i_can_see_and_only_those(friends, trip):
    """Receipts from all three areas (a shared expense's, a transaction's, a khata entry's), byte
    for byte; not a removed one, not one on an expense I cannot see."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ledger.finance import actions as finance
    from ledger.khata import actions as khata

    alice, bob, carol, _ = friends
    jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 40 + b"\xff\xd9"
    pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    dinner = _expense(bob, trip, bob, [alice, bob], "90.00")  # bob's upload on an expense alice is in
    shared = actions.attach_receipt(bob, expense=dinner, upload=SimpleUploadedFile("../../etc/dinner bill.jpg", jpeg))
    gone = actions.attach_receipt(alice, expense=dinner, upload=SimpleUploadedFile("old.pdf", pdf))
    actions.remove_receipt(alice, receipt=gone)
    private = _expense(bob, None, bob, [bob, carol], "30.00")  # between bob and carol: not alice's
    actions.attach_receipt(bob, expense=private, upload=SimpleUploadedFile("secret.pdf", pdf))
    account = finance.create_account(alice, name="Bank", kind="bank", currency="INR")
    txn = finance.record_transaction(alice, account_id=account.pk, direction="expense", amount=Decimal("12.00"),
                                     date=dt.date(2026, 11, 1), payee="Chemist")
    bought = finance.attach_transaction_receipt(alice, transaction=txn, upload=SimpleUploadedFile("chemist.pdf", pdf))
    shop = khata.create_business(alice, name="Sharma Kirana", currency="INR")
    ramesh = khata.create_party(alice, business=shop, kind="customer", name="Ramesh")
    entry = khata.record_entry(alice, business=shop, party_id=ramesh.pk, kind="gave", amount=Decimal("300"))
    slip = khata.attach_entry_receipt(alice, entry=entry, upload=SimpleUploadedFile("slip.jpg", jpeg))

    archive = _zip(client_for(alice).get("/api/me/export"))
    files = {name: archive.read(name) for name in archive.namelist() if "/receipts/" in name}
    assert files == {
        f"hisaab/receipts/finance_receipt/{bought.pk}-chemist.pdf": pdf,
        f"hisaab/receipts/khata.receipt/{slip.pk}-slip.jpg": jpeg,
        f"hisaab/receipts/receipt/{shared.pk}-dinner_bill.jpg": jpeg,
    }
    data = json.loads(archive.read("hisaab/data.json"))
    assert sorted(data["receipt_files"]) == sorted(name.removeprefix("hisaab/") for name in files)
    assert {r["id"] for r in data["entities"]["receipt"] if not r.get("deleted")} >= {str(shared.pk)}


def test_the_profile_page_offers_the_download(friends, alices_world, client):
    client.force_login(friends[0])
    assert 'href="/profile/my-data/"' in client.get("/profile/").content.decode()
    archive = _zip(client.get("/profile/my-data/"))
    assert "hisaab/data.json" in archive.namelist()


def test_an_open_balance_blocks_the_deletion_and_nothing_changes(friends, trip):
    alice, bob, *_ = friends
    _expense(alice, trip, alice, [alice, bob], "90.00")
    c = client_for(alice)
    status = c.get("/api/me/delete").json()
    assert status["can_delete"] is False and status["blockers"] == ["Bob owes you ₹45.00: settle up first."]
    error = assert_error(c.post("/api/me/delete", {"password": PASSWORD}, format="json"), 409, "account_in_use")
    assert "settle up first" in error["fields"]["account"][0]
    alice.refresh_from_db()
    assert alice.is_active and alice.email == "alice@example.com"


def test_owning_a_business_or_an_open_invoice_blocks_the_deletion(friends):
    alice = friends[0]
    c = client_for(alice)
    c.post("/api/khata/businesses", {"name": "Sharma Kirana"}, format="json")
    from tests.security.objects import invoice_body

    invoice = c.post("/api/invoicing/invoices", invoice_body(), format="json").json()["id"]
    assert c.get("/api/me/delete").json()["blockers"] == [
        "You own the business “Sharma Kirana”: delete it or hand it over first."]  # a draft ties no one
    assert c.post(f"/api/invoicing/invoices/{invoice}/list", {}, format="json").status_code == 200
    reasons = c.get("/api/me/delete").json()["blockers"]
    assert sorted(reasons) == ["You own the business “Sharma Kirana”: delete it or hand it over first.",
                               "Your invoice INV-00001 is listed: withdraw it or let it be repaid first."]
    assert_error(c.post("/api/me/delete", {"password": PASSWORD}, format="json"), 409, "account_in_use")


def test_a_wrong_password_is_refused(friends, alices_world):
    alice = friends[0]
    error = assert_error(client_for(alice).post("/api/me/delete", {"password": "nope"}, format="json"), 400,
                         "wrong_password")
    assert "password" in error["fields"]
    assert User.objects.get(pk=alice.pk).is_active


def test_deleting_keeps_what_others_need_and_erases_what_is_personal(friends, alices_world):
    alice, bob, carol, _ = friends
    trip = alices_world
    before = balances.group_balances(trip.pk)
    bob_seq = Change.objects.filter(user=bob).count()
    c = client_for(alice)
    assert c.post("/api/me/delete", {"password": PASSWORD}, format="json").status_code == 204

    gone = User.objects.select_related("profile").get(pk=alice.pk)
    assert not gone.is_active and gone.name == "Former member" and gone.phone is None
    assert "alice" not in gone.email and gone.profile.display_name == "Former member" and not gone.has_usable_password()
    # shared records keep their amounts; everyone's balances are as they were
    expense = Expense.objects.get(description="Dinner")
    assert expense.amount == Decimal("90.00") and expense.deleted_at is None
    assert balances.group_balances(trip.pk) == before == balances.recompute_group_balances(trip.pk)
    seen_by_bob = client_for(bob).get(f"/api/expenses/{expense.pk}").json()
    assert seen_by_bob["amount"] == "90.00"
    rows = client_for(bob).get(f"/api/groups/{trip.pk}/stats").json()["currencies"][0]["members"]
    assert {r["user"]: r["name"] for r in rows}[str(alice.pk)] == "Former member"
    # the others hear of it: the person renamed, alice out of the group and the friendships
    news = list(Change.objects.filter(user=bob).order_by("seq")[bob_seq:].values_list("entity", "event"))
    assert ("person", "person.updated") in news
    assert alice.pk not in trip.member_ids()
    # personal records are gone, others' are not
    from ledger.finance.models import Account, Transaction

    assert not Transaction.objects.filter(owner=alice.pk).exists() and not Account.objects.filter(owner=alice.pk).exists()
    assert Transaction.objects.filter(owner=bob.pk, payee="Bob's secret").exists()
    # the wallet was withdrawn: the journal still sums to zero
    from invoicing.models import Account as WalletAccount

    assert WalletAccount.objects.filter(owner=alice.pk).aggregate(s=Sum("balance"))["s"] == 0
    assert WalletAccount.objects.aggregate(s=Sum("balance"))["s"] == 0
    # no way back in
    assert c.get("/api/me").status_code == 401
    login = client_for(None).post("/api/auth/login", {"email": "alice@example.com", "password": PASSWORD},
                                  format="json")
    assert login.status_code in (400, 401)


def test_the_delete_page_lists_what_blocks_and_deletes_with_the_password(friends, trip, client):
    alice, bob, *_ = friends
    client.force_login(alice)
    _expense(alice, trip, alice, [alice, bob], "90.00")
    page = client.get("/profile/delete/").content.decode()
    assert "Bob owes you ₹45.00: settle up first." in page and 'name="password"' not in page
    from social.actions import update_account

    update_account(alice, changes={"locale": "hi_IN"})  # the same reason on a Hindi page
    assert "Bob से आपको ₹45.00 लेने हैं: पहले हिसाब चुकता करें।" in client.get("/profile/delete/").content.decode()
    update_account(alice, changes={"locale": "en_IN"})
    actions.record_settlement(bob, group=trip, payer_id=bob.pk, payee_id=alice.pk, amount=Decimal("45.00"),
                              currency="INR")
    wrong = client.post("/profile/delete/", {"password": "nope"})
    assert wrong.status_code == 200 and "Wrong password." in wrong.content.decode()
    done = client.post("/profile/delete/", {"password": PASSWORD})
    assert done.status_code == 302 and done["Location"].startswith("/login")
    assert not User.objects.get(pk=alice.pk).is_active
