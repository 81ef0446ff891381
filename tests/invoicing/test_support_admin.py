"""Support in the admin for invoices: declare an overdue invoice defaulted, record a seller's
repayment, each with a note, through the domain actions (audited, live, journal balanced)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from invoicing import actions
from invoicing.models import Invoice, InvoiceStatus
from realtime.models import Change
from social.models import Activity, User

from .conftest import assert_journal_consistent, balance, make_listed

pytestmark = pytest.mark.django_db


@pytest.fixture
def support(db):
    return User.objects.create_superuser(email="support@example.com", password="x-support-9", name="Support")


@pytest.fixture
def admin_client(support) -> Client:
    client = Client()
    client.force_login(support)
    return client


def funded(alice, bob) -> Invoice:
    invoice = make_listed(alice)
    actions.fund_invoice(bob, invoice_id=invoice.pk, amount=invoice.advance_amount)
    return Invoice.objects.get(pk=invoice.pk)


def _post(client, action, invoice, **fields):
    return client.post("/admin/invoicing/invoice/", {"action": action, "_selected_action": [str(invoice.pk)], **fields})


def test_declare_an_overdue_invoice_defaulted_with_a_note(admin_client, support, alice, bob):
    invoice = funded(alice, bob)
    page = _post(admin_client, "declare_defaulted", invoice)
    assert page.status_code == 200 and b"note" in page.content
    refused = _post(admin_client, "declare_defaulted", invoice, apply="1", note="buyer is insolvent")
    assert refused.status_code == 200 and b"cannot be defaulted" in refused.content  # funded, not yet overdue
    assert Invoice.objects.get(pk=invoice.pk).status == InvoiceStatus.FUNDED
    assert actions.mark_invoice_overdue(invoice_id=invoice.pk, on=invoice.due_date + timedelta(days=1))
    done = _post(admin_client, "declare_defaulted", invoice, apply="1", note="buyer is insolvent")
    assert done.status_code == 302
    assert Invoice.objects.get(pk=invoice.pk).status == InvoiceStatus.DEFAULTED
    audit = Activity.objects.get(verb="invoice.defaulted", object_id=invoice.pk)
    assert audit.actor_id == support.pk and "buyer is insolvent" in audit.summary
    for user in (alice, bob):
        assert Change.objects.filter(user=user, event="invoice.defaulted", object_id=invoice.pk).exists()


def test_record_the_sellers_repayment_with_a_note(admin_client, support, alice, bob):
    invoice = funded(alice, bob)
    before = balance(bob)
    page = _post(admin_client, "record_repayment", invoice)
    assert page.status_code == 200 and b"100000" in page.content  # the outstanding amount, pre-filled
    too_much = _post(admin_client, "record_repayment", invoice, apply="1", amount="200000", note="x")
    assert too_much.status_code == 200 and b"more than is outstanding" in too_much.content
    done = _post(admin_client, "record_repayment", invoice, apply="1", amount="100000.00",
                 note="buyer paid the seller by cheque")
    assert done.status_code == 302
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.REPAID and invoice.repaid_amount == invoice.face_amount
    assert balance(bob) == before + invoice.face_amount  # the only investor gets the whole face
    audit = Activity.objects.get(verb="invoice.repayment_recorded", object_id=invoice.pk)
    assert audit.actor_id == support.pk and "by cheque" in audit.summary
    assert Change.objects.filter(user=bob, event="invoice.repaid", object_id=invoice.pk).exists()
    assert_journal_consistent()


def test_one_invoice_at_a_time(admin_client, alice, bob):
    a, b = make_listed(alice), make_listed(alice)
    response = admin_client.post("/admin/invoicing/invoice/", {"action": "declare_defaulted",
                                                                "_selected_action": [str(a.pk), str(b.pk)]})
    assert response.status_code == 302
    assert set(Invoice.objects.values_list("status", flat=True)) == {InvoiceStatus.LISTED}
