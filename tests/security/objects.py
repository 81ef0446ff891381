"""How to make an object for every object route: the table the access sweep and the
mass-assignment tests share. Objects are made through the API, as their owner would."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rest_framework.test import APIClient


@dataclass
class World:
    owner: Any
    owner_client: APIClient
    stranger: Any
    stranger_client: APIClient
    friend: Any
    friend_client: APIClient

    def post(self, path: str, body: dict[str, Any], client: APIClient | None = None) -> dict[str, Any]:
        response = (client or self.owner_client).post(path, body, format="json")
        assert response.status_code in (200, 201), (path, response.status_code, response.content[:800])
        return response.json()


# route name -> make the owner's object; returns the route's path parameters.
Maker = Callable[[World], dict[str, Any]]
ACCESS: dict[str, Maker] = {}


def route_maker(*names: str) -> Callable[[Maker], Maker]:
    def register(fn: Maker) -> Maker:
        for name in names:
            ACCESS[name] = fn
        return fn

    return register


# --- realtime -------------------------------------------------------------------------------
@route_maker("notification", "notification-read")
def _notification(world: World) -> dict[str, Any]:
    # Notifications have no create API: actions make them (as the product does).
    from realtime.actions import notify

    note = notify(world.owner.pk, kind="sweep", title="For the owner only")
    return {"note_id": note.pk}


# --- social ---------------------------------------------------------------------------------
def befriend(world: World) -> None:
    """owner and friend become friends through the invite API (once)."""
    if getattr(world, "_friends", False):
        return
    code = world.post("/api/invites", {})["code"]
    world.post("/api/invites/accept", {"code": code}, client=world.friend_client)
    world._friends = True


@route_maker("invite-detail")
def _invite(world: World) -> dict[str, Any]:
    from social.models import Invite

    code = world.post("/api/invites", {})["code"]
    return {"pk": Invite.objects.get(code=code).pk}


@route_maker("friend-detail")
def _friend(world: World) -> dict[str, Any]:
    befriend(world)
    return {"user_id": world.friend.pk}


def _group(world: World) -> dict[str, Any]:
    befriend(world)
    return world.post("/api/groups", {"name": "Trip", "currency": "INR", "members": [str(world.friend.pk)]})


@route_maker("group-detail", "group-members", "group-leave", "group-balances", "group-settle-qr",
             "group-activity", "group-export-csv", "group-export-json", "group-import", "group-recurring",
             "group-stats")
def _group_route(world: World) -> dict[str, Any]:
    return {"pk": _group(world)["id"]}


@route_maker("group-member")
def _group_member(world: World) -> dict[str, Any]:
    return {"pk": _group(world)["id"], "user_id": world.friend.pk}


def expense_body(world: World, amount: str = "90.00") -> dict[str, Any]:
    owner, friend = str(world.owner.pk), str(world.friend.pk)
    return {"group": None, "description": "Dinner", "amount": amount, "currency": "INR",
            "date": "2026-11-21", "paid_by": [{"user": owner, "amount": amount}],
            "split": {"method": "equal", "between": [owner, friend]}}


@route_maker("expense-detail", "expense-restore", "expense-comments", "expense-activity", "expense-receipts")
def _expense(world: World) -> dict[str, Any]:
    befriend(world)
    return {"pk": world.post("/api/expenses", expense_body(world))["id"]}


@route_maker("receipt-detail", "receipt-file")
def _receipt(world: World) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    expense = _expense(world)["pk"]
    file = SimpleUploadedFile("r.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = world.owner_client.post(f"/api/expenses/{expense}/receipts", {"file": file}, format="multipart")
    assert response.status_code == 201, response.content[:500]
    return {"pk": response.json()["id"]}


@route_maker("recurring-expense")
def _recurring_expense(world: World) -> dict[str, Any]:
    group = _group(world)
    owner, friend = str(world.owner.pk), str(world.friend.pk)
    body = {"description": "Rent", "amount": "3000.00", "repeat": "monthly", "start_date": "2026-11-01",
            "paid_by": [{"user": owner, "amount": "3000.00"}], "split": {"method": "equal", "between": [owner, friend]}}
    return {"pk": world.post(f"/api/groups/{group['id']}/recurring", body)["id"]}


@route_maker("settlement-detail")
def _settlement(world: World) -> dict[str, Any]:
    befriend(world)
    body = {"from": str(world.owner.pk), "to": str(world.friend.pk), "amount": "12.50", "currency": "INR"}
    return {"pk": world.post("/api/settlements", body)["id"]}


@route_maker("iou-detail", "iou-settle", "iou-payments")
def _iou(world: World) -> dict[str, Any]:
    befriend(world)
    body = {"friend": str(world.friend.pk), "direction": "lent", "amount": "100.00", "currency": "INR",
            "date": "2026-11-01", "note": "cab"}
    return {"pk": world.post("/api/ious", body)["id"]}


@route_maker("iou-payment-confirm", "iou-payment-dispute")
def _iou_payment(world: World) -> dict[str, Any]:
    """The owner borrowed from the friend and says they repaid part."""
    befriend(world)
    body = {"friend": str(world.friend.pk), "direction": "borrowed", "amount": "100.00", "currency": "INR",
            "date": "2026-11-01"}
    iou = world.post("/api/ious", body)["id"]
    return {"pk": world.post(f"/api/ious/{iou}/payments", {"amount": "10.00"})["id"]}


# --- khata ----------------------------------------------------------------------------------
KHATA_LINE = {"description": "Rice 5kg", "hsn": "1006", "quantity": "1", "unit": "bag",
              "unit_price": "100.00", "tax_rate": "18"}


def khata(world: World) -> dict[str, Any]:
    """A business of the owner with one of everything in it, made once per test."""
    cached = getattr(world, "_khata", None)
    if cached:
        return cached
    biz = world.post("/api/khata/businesses", {"name": "Sharma Kirana"})["id"]
    base = f"/api/khata/businesses/{biz}"
    party = world.post(f"{base}/parties", {"kind": "customer", "name": "Ramesh"})["id"]
    entry = world.post(f"{base}/entries", {"party": party, "kind": "gave", "amount": "10"})["id"]
    bill = world.post(f"{base}/bills", {"party": party, "lines": [KHATA_LINE]})["id"]
    payment = world.post(f"/api/khata/bills/{bill}/payments", {"amount": "2"})
    credit_note = world.post(f"/api/khata/bills/{bill}/credit-notes",
                             {"reason": "Returned", "lines": [{**KHATA_LINE, "unit_price": "10.00"}]})["id"]
    cash = world.post(f"{base}/cashbook", {"direction": "in", "amount": "5", "category": "Sales"})["id"]
    staff = world.post(f"{base}/staff", {"name": "Raju", "salary_amount": "12000"})["id"]
    # A clerk: the friend, added by the owner (the action; staff invites need a second user's login).
    from ledger.khata import actions as khata_actions
    from ledger.khata.models import Business, Role

    member = khata_actions.add_member(world.owner, business=Business.objects.get(pk=biz), user=world.friend,
                                      role=Role.CLERK)
    from tests.conftest import make_user

    other = khata_actions.add_member(world.owner, business=Business.objects.get(pk=biz),
                                     user=make_user(f"staff{uuid.uuid4().hex[:8]}"), role=Role.CLERK)
    payment_id = payment.get("id") or payment.get("payment", {}).get("id")
    from django.core.files.uploadedfile import SimpleUploadedFile

    chit = SimpleUploadedFile("chit.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    receipt = world.owner_client.post(f"/api/khata/entries/{entry}/receipts", {"file": chit}, format="multipart")
    assert receipt.status_code == 201, receipt.content[:500]
    world._khata = {"business_id": biz, "party_id": party, "entry_id": entry, "bill_id": bill,
                    "note_id": credit_note,
                    "receipt_id": receipt.json()["id"],
                    "payment_id": payment_id, "cash_id": cash, "staff_id": staff, "member_id": member.pk,
                    "other_member_id": other.pk,
                    "day": "2026-11-02"}
    return world._khata


def _khata_keys(*keys: str) -> Maker:
    return lambda world: {k: khata(world)[k] for k in keys}


for _names, _keys in [
    (("khata-business", "khata-members", "khata-invites", "khata-parties", "khata-party-import",
      "khata-entries", "khata-bills", "khata-cashbook", "khata-cash-day", "khata-cash-report",
      "khata-staff-list", "khata-reminders", "khata-gstr1", "khata-gstr1-csv", "khata-export", "khata-export-zip",
      "khata-purchase-bills", "khata-input-tax", "khata-credit-notes"),
     ("business_id",)),
    (("khata-member",), ("member_id",)),
    (("khata-party", "khata-party-restore", "khata-party-statement"), ("party_id",)),
    (("khata-entry", "khata-entry-restore", "khata-entry-revisions", "khata-entry-receipts"), ("entry_id",)),
    (("khata-receipt", "khata-receipt-file"), ("receipt_id",)),
    (("khata-bill", "khata-bill-issue", "khata-bill-cancel", "khata-bill-payments", "khata-bill-receipts",
      "khata-bill-credit-notes"), ("bill_id",)),
    (("khata-credit-note", "khata-credit-note-cancel"), ("note_id",)),
    (("khata-payment",), ("payment_id",)),
    (("khata-cash-entry",), ("cash_id",)),
    (("khata-staff", "khata-punches", "khata-attendance", "khata-month-sheet"), ("staff_id",)),
    (("khata-day-status",), ("staff_id", "day")),
]:
    route_maker(*_names)(_khata_keys(*_keys))

# Owner-only khata operations: a clerk of the business gets 403 (route name, method, body).
KHATA_OWNER_ONLY: list[tuple[str, str, dict[str, Any] | None]] = [
    ("khata-business", "patch", {"name": "Mine now"}),
    ("khata-business", "delete", None),
    ("khata-invites", "post", {"role": "clerk"}),
    ("khata-member", "patch", {"role": "manager"}),
    ("khata-member", "delete", None),
]


# --- finance --------------------------------------------------------------------------------
def finance(world: World) -> dict[str, Any]:
    cached = getattr(world, "_finance", None)
    if cached:
        return cached
    account = world.post("/api/finance/accounts", {"name": "Bank", "kind": "bank", "currency": "INR"})["id"]
    category = world.post("/api/finance/categories", {"name": "Pets"})["id"]
    tx = world.post("/api/finance/transactions", {"account_id": account, "direction": "expense", "amount": "250.50",
                                                  "date": "2026-02-01", "category_id": category})["id"]
    budget = world.post("/api/finance/budgets", {"name": "Pets", "amount": "1000", "category_id": category})["id"]
    bill = world.post("/api/finance/bills", {"name": "Electricity", "amount": "1200", "due_date": "2026-12-31",
                                             "account_id": account, "repeat": "monthly", "remind_days": 5})["id"]
    recurring = world.post("/api/finance/recurring", {"account_id": account, "direction": "expense", "amount": "10",
                                                      "repeat": "weekly", "start_date": "2026-12-01"})["id"]
    rate = world.post("/api/finance/rates", {"base": "USD", "quote": "INR", "rate": "83.10",
                                             "effective_date": "2026-01-01"})["id"]
    qif = "!Type:Bank\nD01/15/2026\nT-45.50\nPCoffee Shop\n^\n"
    imported = world.post("/api/finance/imports", {"account_id": account, "format": "qif", "content": qif})["id"]
    rule = world.post("/api/finance/rules", {"name": "Coffee", "payee_contains": "coffee", "set_category_id": category})["id"]
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = SimpleUploadedFile("r.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    receipt = world.owner_client.post(f"/api/finance/transactions/{tx}/receipts", {"file": file}, format="multipart")
    assert receipt.status_code == 201, receipt.content[:500]
    world._finance = {"account": account, "category": category, "tx": tx, "budget": budget, "bill": bill,
                      "recurring": recurring, "rate": rate, "import": imported, "rule": rule,
                      "receipt": receipt.json()["id"]}
    return world._finance


for _names, _key in [
    (("finance-account",), "account"), (("finance-category",), "category"),
    (("finance-transaction", "finance-transaction-restore", "finance-transaction-receipts"), "tx"),
    (("finance-receipt", "finance-receipt-file"), "receipt"), (("finance-budget",), "budget"),
    (("finance-bill", "finance-bill-pay"), "bill"), (("finance-recurring",), "recurring"),
    (("finance-rate",), "rate"), (("finance-rule", "finance-rule-preview", "finance-rule-apply"), "rule"), (("finance-import", "finance-import-confirm", "finance-import-reread"), "import"),
]:
    route_maker(*_names)(lambda world, key=_key: {"pk": finance(world)[key]})


# --- invoicing ------------------------------------------------------------------------------
def invoice_body(number: str = "INV-00001") -> dict[str, Any]:
    import datetime as dt

    today = dt.date.today()
    return {"buyer_name": "Tata Steel Ltd", "buyer_gstin": "27AAPFU0939F1ZV", "number": number,
            "face_amount": "100000.00", "currency": "INR", "issue_date": str(today - dt.timedelta(days=5)),
            "due_date": str(today + dt.timedelta(days=60)), "discount_rate": "12", "min_ticket": "1000.00"}


@route_maker("invoice", "invoice-list", "invoice-withdraw", "invoice-fund", "invoice-repay", "invoice-investments")
def _invoice(world: World) -> dict[str, Any]:
    if not getattr(world, "_invoice", None):
        world._invoice = world.post("/api/invoicing/invoices", invoice_body())["id"]
    return {"invoice_id": world._invoice}
