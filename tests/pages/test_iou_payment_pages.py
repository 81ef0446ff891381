"""The IOU page: the lender settles; the borrower records a payment that shows as pending
on both sides, with Confirm / Dispute for the lender."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.test import Client

from social import actions
from social.models import IOU, IOUPayment

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def iou(alice, bob):
    actions.befriend(alice, other=bob)
    return actions.record_iou(alice, direction="lent", amount=Decimal("500"), currency="INR",
                              date=datetime.date(2026, 11, 20), friend_id=bob.pk)


def test_the_borrower_records_a_payment_and_the_lender_confirms_it(iou, alice, bob):
    lender, borrower = login(alice), login(bob)
    page = borrower.get("/ious/").content.decode()
    assert f"/ious/{iou.pk}/pay/" in page and f"/ious/{iou.pk}/settle/" not in page
    assert f"/ious/{iou.pk}/settle/" in lender.get("/ious/").content.decode()
    assert borrower.post(f"/ious/{iou.pk}/pay/", {"amount": "200", "note": "cash"}).status_code == 302
    payment = IOUPayment.objects.get()
    for client in (lender, borrower):
        assert "pending ₹200.00" in client.get("/ious/").content.decode()
    assert f"/iou-payments/{payment.pk}/confirm/" not in borrower.get("/ious/").content.decode()
    assert f"/iou-payments/{payment.pk}/confirm/" in lender.get("/ious/").content.decode()
    assert lender.post(f"/iou-payments/{payment.pk}/confirm/").status_code == 302
    iou.refresh_from_db()
    assert (iou.settled, iou.pending) == (Decimal("200.00"), Decimal("0"))


def test_the_lender_disputes_and_the_borrower_cannot_decide(iou, alice, bob):
    lender, borrower = login(alice), login(bob)
    borrower.post(f"/ious/{iou.pk}/pay/", {"amount": ""})
    payment = IOUPayment.objects.get()
    assert payment.amount == Decimal("500.00")
    borrower.post(f"/iou-payments/{payment.pk}/confirm/")
    assert IOUPayment.objects.get().status == "pending"
    assert lender.post(f"/iou-payments/{payment.pk}/dispute/", {"reason": "not received"}).status_code == 302
    iou.refresh_from_db()
    assert (iou.settled, iou.pending, IOUPayment.objects.get().status) == (0, 0, "disputed")
    assert not re.search(r"pending ₹", lender.get("/ious/").content.decode())
    # The borrower's settle form is refused with the reason.
    page = borrower.post(f"/ious/{iou.pk}/settle/", {"amount": "10"}).content.decode()
    assert "Only the lender" in page and IOU.objects.get(pk=iou.pk).settled == 0


def test_the_payment_pages_say_what_happened_in_the_readers_language(iou, alice, bob):
    actions.update_account(bob, changes={"locale": "hi_IN"})
    actions.update_account(alice, changes={"locale": "hi_IN"})
    recorded = login(bob).post(f"/ious/{iou.pk}/pay/", {"amount": "100", "note": ""}, follow=True).content.decode()
    assert "दर्ज" in recorded and "Payment recorded" not in recorded
    payment = IOUPayment.objects.get(iou=iou)
    confirmed = login(alice).post(f"/iou-payments/{payment.pk}/confirm/", follow=True).content.decode()
    assert "Payment confirmed" not in confirmed and "पुष्टि" in confirmed
