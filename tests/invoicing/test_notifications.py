"""An investor funding part of an invoice tells its seller (investment.placed); the seller,
switched off, hears nothing of it but still of the full funding."""

from __future__ import annotations

import pytest

from realtime.models import Notification
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def _fund(user, invoice, amount: str):
    response = client_for(user).post(f"/api/invoicing/invoices/{invoice.pk}/fund", {"amount": amount}, format="json")
    assert response.status_code == 201, response.content


def test_a_partial_funding_notifies_the_seller_only(alice, bob, listed):
    _fund(bob, listed, "10000.00")
    note = Notification.objects.get(user=alice, kind="investment.placed")
    assert note.title == f"Bob funded ₹10,000.00 of invoice {listed.number}"
    assert not Notification.objects.filter(user=bob, kind="investment.placed").exists()


def test_the_seller_can_switch_partial_fundings_off(alice, bob, listed):
    client_for(alice).patch("/api/me", {"notification_preferences": {"investment.placed": False}}, format="json")
    _fund(bob, listed, str(listed.advance_amount))
    assert not Notification.objects.filter(user=alice, kind="investment.placed").exists()
    assert Notification.objects.filter(user=alice, kind="invoice.funded").exists()
