"""Demo data for the khata (called by manage.py seed_demo): alice's "Sharma Kirana Store"
with customers and suppliers, gave/got entries, a bill with a payment, cashbook entries,
bob as clerk and two staff members with a few days of attendance. Idempotent: skipped
when alice already owns the store. Everything goes through actions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from ledger.khata import actions
from ledger.khata.models import Business, Role

STORE = "Sharma Kirana Store"


def seed(users: dict) -> None:
    alice, bob = users["alice"], users["bob"]
    if Business.objects.filter(owner=alice, name=STORE, deleted_at=None).exists():
        return
    today = timezone.localdate()
    shop = actions.create_business(
        alice, name=STORE, address="12 MG Road, Pune", phone="+919876500001", gstin="27AAPFS1234K1ZW",
        upi_id="sharmakirana@upi", default_tax_rate=Decimal(5), invoice_prefix="SKS-",
    )
    actions.add_member(alice, business=shop, user=bob, role=Role.CLERK)
    parties = {
        name: actions.create_party(alice, business=shop, kind=kind, name=name, phone=phone, **extra)
        for name, kind, phone, extra in [
            ("Ramesh Patil", "customer", "+919822000001", {"credit_limit": Decimal(5000)}),
            ("Sunita Joshi", "customer", "+919822000002", {}),
            ("Kulkarni Caterers", "customer", "+919822000003", {"gstin": "29AAGCK1234L1ZD"}),
            ("Metro Wholesale", "supplier", "+919822000004", {"opening_balance": Decimal("-12000")}),
            ("Amul Distributor", "supplier", "+919822000005", {}),
        ]
    }
    for name, kind, amount, days_ago, mode in [
        ("Ramesh Patil", "gave", "1850.00", 20, None),  # None: on credit
        ("Ramesh Patil", "got", "500.00", 12, "cash"),
        ("Sunita Joshi", "gave", "640.50", 9, None),
        ("Sunita Joshi", "got", "640.50", 2, "upi"),
        ("Metro Wholesale", "gave", "8000.00", 5, "bank"),
        ("Amul Distributor", "got", "3200.00", 3, None),
    ]:
        actions.record_entry(
            bob if kind == "gave" and name != "Metro Wholesale" else alice, business=shop,
            party_id=parties[name].id, kind=kind, amount=Decimal(amount), date=today - dt.timedelta(days=days_ago),
            mode=mode, note="Monthly groceries" if kind == "gave" else "",
        )
    bill = actions.create_bill(
        alice, business=shop, party_id=parties["Kulkarni Caterers"].id, issue_date=today - dt.timedelta(days=4),
        lines=[
            {"description": "Basmati rice 25kg", "hsn": "1006", "quantity": Decimal(4), "unit": "bag",
             "unit_price": Decimal("2150.00"), "tax_rate": Decimal(5)},
            {"description": "Refined oil 15L", "hsn": "1512", "quantity": Decimal(2), "unit": "tin",
             "unit_price": Decimal("2399.00"), "tax_rate": Decimal(5)},
            {"description": "Cashew 1kg", "hsn": "0801", "quantity": Decimal("2.5"), "unit": "kg",
             "unit_price": Decimal("899.00"), "discount": Decimal("50.00"), "tax_rate": Decimal(5)},
        ],
    )
    actions.record_payment(alice, bill=bill, amount=Decimal("5000.00"), mode="upi", date=today - dt.timedelta(days=1))
    for direction, amount, category, days_ago in [
        ("in", "15000.00", "Opening cash", 7), ("out", "450.00", "Tea & snacks", 6), ("in", "3280.00", "Counter sales", 1),
        ("out", "1200.00", "Electricity", 1),
    ]:
        actions.record_cash(alice, business=shop, direction=direction, amount=Decimal(amount), category=category,
                            date=today - dt.timedelta(days=days_ago))
    raju = actions.create_staff(alice, business=shop, name="Raju Kamble", role="Helper", phone="+919822000010",
                                salary_type="monthly", salary_amount=Decimal(12000), joining_date=today.replace(day=1))
    meena = actions.create_staff(alice, business=shop, name="Meena Pawar", role="Cashier", salary_type="daily",
                                 salary_amount=Decimal(600), joining_date=today.replace(day=1))
    for days_ago in (3, 2, 1):
        day = today - dt.timedelta(days=days_ago)
        start = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))
        for staff, hours in ((raju, 9), (meena, 5)):
            actions.punch(bob, staff=staff, kind="in", at=start, device="counter-phone")
            actions.punch(bob, staff=staff, kind="out", at=start + dt.timedelta(hours=hours), device="counter-phone")
    actions.set_day_status(alice, staff=meena, date=today - dt.timedelta(days=4), status="leave")
