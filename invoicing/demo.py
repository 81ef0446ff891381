"""Demo data for invoicing (called by manage.py seed_demo): alice sells, bob, carol and dave
invest. Everything goes through the actions; running it again changes nothing (it skips
when alice's demo invoices exist)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from invoicing import actions
from invoicing.models import Invoice

MARKER = "DEMO-INV-001"


def seed(users: dict) -> None:
    """`users` maps alice, bob, carol, dave to User objects."""
    alice, bob, carol, dave = (users[k] for k in ("alice", "bob", "carol", "dave"))
    if Invoice.objects.filter(seller=alice, number=MARKER).exists():
        return
    for user in (alice, bob, carol, dave):
        actions.ensure_wallet(user, currency="INR")
    today = timezone.localdate()

    def invoice(number: str, buyer: str, gstin: str, face: str, rate: str, days: int, ticket: str) -> Invoice:
        return actions.create_invoice(
            alice, number=number, buyer_name=buyer, buyer_gstin=gstin, face_amount=Decimal(face),
            currency="INR", issue_date=today - timedelta(days=10), due_date=today + timedelta(days=days),
            discount_rate=Decimal(rate), min_ticket=Decimal(ticket),
            document_url="https://example.com/invoices/" + number.lower() + ".pdf",
        )

    # Listed and partly funded by bob and carol.
    open_one = invoice(MARKER, "Reliance Retail Ltd", "27AABCR1718E1ZP", "500000.00", "12.00", 60, "10000.00")
    actions.list_invoice(alice, invoice_id=open_one.pk)
    actions.fund_invoice(bob, invoice_id=open_one.pk, amount=Decimal("150000.00"))
    actions.fund_invoice(carol, invoice_id=open_one.pk, amount=Decimal("100000.00"))

    # Fully funded (and so disbursed to alice) by bob and dave.
    funded = invoice("DEMO-INV-002", "Tata Motors Ltd", "27AAACT2727Q1ZW", "200000.00", "14.00", 45, "5000.00")
    funded = actions.list_invoice(alice, invoice_id=funded.pk)
    actions.fund_invoice(bob, invoice_id=funded.pk, amount=Decimal("80000.00"))
    actions.fund_invoice(dave, invoice_id=funded.pk, amount=funded.advance_amount - Decimal("80000.00"))

    # A draft, not yet listed.
    invoice("DEMO-INV-003", "Infosys Ltd", "29AABCI1681G1ZK", "120000.00", "11.50", 75, "5000.00")
