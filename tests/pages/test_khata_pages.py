"""Khata pages: business switcher, parties and search, gave/got, bills, cashbook, staff, settings."""

from __future__ import annotations

import pytest

pytest.importorskip("ledger.khata.actions", reason="the area has not landed yet")

from decimal import Decimal

from django.test import Client

from ledger.khata import actions, selectors

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def shop(alice):
    return actions.create_business(alice, name="Sharma Kirana", currency="INR")


@pytest.fixture
def ramesh(alice, shop):
    return actions.create_party(alice, business=shop, kind="customer", name="Ramesh", phone="+919876511111")


def test_create_business_then_single_business_goes_straight_to_parties(alice):
    client = login(alice)
    response = client.post("/khata/", {"name": "Sharma Kirana", "currency": "INR"})
    assert response.status_code == 302
    business = selectors.businesses_for(alice).get()
    assert client.get("/khata/")["Location"] == f"/khata/{business.pk}/"


def test_add_party_and_search(alice, shop, ramesh):
    client = login(alice)
    response = client.post(f"/khata/{shop.pk}/", {"kind": "supplier", "name": "Gupta Traders", "phone": ""})
    assert response.status_code == 302
    html = client.get(f"/khata/{shop.pk}/?q=gupta").content.decode()
    assert "Gupta Traders" in html and "Ramesh" not in html.split('id="party-list"')[1]


def test_gave_and_got_move_the_party_balance(alice, shop, ramesh):
    client = login(alice)
    client.post(f"/khata/parties/{ramesh.pk}/", {"kind": "gave", "amount": "150000", "date": "2026-11-20"})
    client.post(f"/khata/parties/{ramesh.pk}/", {"kind": "got", "amount": "25000.50", "date": "2026-11-21"})
    ramesh.refresh_from_db()
    assert ramesh.balance == Decimal("124999.50")
    html = client.get(f"/khata/parties/{ramesh.pk}/").content.decode()
    assert "you&#x27;ll get ₹1,24,999.50" in html or "you'll get ₹1,24,999.50" in html
    bad = client.post(f"/khata/parties/{ramesh.pk}/", {"kind": "gave", "amount": "1.234", "date": "2026-11-21"})
    assert 'id="id_amount_error"' in bad.content.decode()


def test_bill_with_lines_and_tax_then_payment(alice, shop, ramesh):
    client = login(alice)
    form = {"party": str(ramesh.pk), "issue_date": "2026-11-21", "due_date": "2026-12-06", "discount": "",
            "notes": "", "issue": "1",
            "lines-TOTAL_FORMS": "2", "lines-INITIAL_FORMS": "0", "lines-MIN_NUM_FORMS": "0", "lines-MAX_NUM_FORMS": "50",
            "lines-0-description": "Rice 25kg", "lines-0-quantity": "2", "lines-0-unit_price": "1000",
            "lines-0-tax_rate": "5", "lines-0-hsn": "1006", "lines-0-unit": "bag"}
    response = client.post(f"/khata/{shop.pk}/bills/new/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    bill = selectors.bills_of(shop).get()
    assert bill.total == Decimal("2100.00")
    page = client.get(f"/khata/bills/{bill.pk}/").content.decode()
    assert "₹2,100.00" in page and "CGST" in page and f"/khata/print/bills/{bill.pk}" in page
    assert client.post(f"/khata/bills/{bill.pk}/", {"amount": "100", "date": "2026-11-21", "mode": "cash"}).status_code == 302
    bill.refresh_from_db()
    assert bill.paid == Decimal("100")


def test_cashbook_day_summary(alice, shop):
    client = login(alice)
    client.post(f"/khata/{shop.pk}/cashbook/", {"direction": "in", "amount": "500", "date": "2026-11-21",
                                                "category": "sales", "mode": "cash"})
    html = client.get(f"/khata/{shop.pk}/cashbook/?day=2026-11-21").content.decode()
    assert "₹500.00" in html and "Closing" in html


def test_staff_month_sheet_and_settings(alice, shop):
    client = login(alice)
    client.post(f"/khata/{shop.pk}/staff/", {"name": "Raju", "salary_type": "monthly", "salary_amount": "15000"})
    staff = selectors.staff_of(shop).get()
    client.post(f"/khata/staff/{staff.pk}/", {"date": "2026-11-03", "status": "present"})
    html = client.get(f"/khata/staff/{staff.pk}/?month=2026-11").content.decode()
    assert "Month sheet Nov 2026" in html and "Salary for the month" in html
    s = {"name": "Sharma Kirana & Sons", "invoice_prefix": "SK-", "next_invoice_number": "1", "default_tax_rate": "5",
         "default_payment_terms_days": "15", "reminder_after_days": "7", "reminder_every_days": "7",
         "shift_minutes": "480", "half_day_minutes": "240", "grace_minutes": "15"}
    assert client.post(f"/khata/{shop.pk}/settings/", s).status_code == 302
    shop.refresh_from_db()
    assert shop.name == "Sharma Kirana & Sons"


def test_outsider_gets_404(bob, shop, ramesh):
    client = login(bob)
    assert client.get(f"/khata/{shop.pk}/").status_code == 404
    assert client.get(f"/khata/parties/{ramesh.pk}/").status_code == 404


def test_a_party_who_owes_has_whatsapp_and_sms_reminders_with_the_amount_and_upi_link(alice, shop, ramesh):
    from urllib.parse import unquote

    client = login(alice)
    assert 'id="remind"' not in client.get(f"/khata/parties/{ramesh.pk}/").content.decode()  # owes nothing
    actions.update_settings(alice, business=shop, upi_id="sharma@okhdfc")
    actions.record_entry(alice, business=shop, party_id=ramesh.pk, kind="gave", amount=Decimal("1250.50"))
    html = client.get(f"/khata/parties/{ramesh.pk}/").content.decode()
    assert 'href="https://wa.me/919876511111?text=' in html and 'href="sms:+919876511111?body=' in html
    text = unquote(html.split("https://wa.me/919876511111?text=")[1].split('"')[0])
    assert "₹1,250.50 is due to Sharma Kirana" in text and "upi://pay?pa=sharma%40okhdfc" in text
