"""Pages follow changes made elsewhere: a live re-render leaves the actions that match the new
state (no Withdraw once an invoice is funded), a change made from another device shows a
toast, and the page where a change happens shows its own toast too."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from invoicing import actions
from ledger.finance import actions as finance
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in, shot, wait_online


def test_funding_updates_the_sellers_actions_and_toasts(new_page, alice, bob):
    today = timezone.localdate()
    inv = actions.create_invoice(
        alice, buyer_name="Tata Steel", number="INV-77", face_amount=Decimal("100000"), currency="INR",
        issue_date=today, due_date=today + datetime.timedelta(days=60), discount_rate=Decimal("12"),
        min_ticket=Decimal("1000"))
    inv = actions.list_invoice(alice, invoice_id=inv.pk)
    actions.top_up_wallet(bob, amount=inv.advance_amount, currency="INR")

    seller = new_page()
    log_in(seller, "alice@example.com", PASSWORD)
    seller.goto(f"/market/invoices/{inv.pk}/")
    wait_online(seller)
    assert seller.is_visible("#invoice-actions button:has-text('Withdraw')")

    # Another device (bob's, here through the action) funds it in full.
    actions.fund_invoice(bob, invoice_id=inv.pk, amount=inv.advance_amount)

    seller.wait_for_selector("#invoice-summary .status:has-text('Funded')", timeout=8000)
    seller.wait_for_selector("#invoice-actions button:has-text('Withdraw')", state="detached", timeout=8000)
    seller.wait_for_selector("#toasts .toast:has-text('fully funded')", timeout=8000)
    shot(seller, "invoice-funded-live")

    # The seller repays from another device: the page offers no repayment once it is repaid.
    seller.wait_for_selector("#invoice-actions button:has-text('Record repayment')", timeout=8000)
    actions.top_up_wallet(alice, amount=inv.face_amount, currency="INR")
    actions.repay_invoice(alice, invoice_id=inv.pk, amount=inv.face_amount)
    seller.wait_for_selector("#invoice-summary .status:has-text('Repaid')", timeout=8000)
    seller.wait_for_selector("#invoice-actions button:has-text('Record repayment')", state="detached", timeout=8000)


def test_the_page_that_crosses_a_budget_shows_the_toast_itself(new_page, alice):
    finance.ensure_finance(alice)
    finance.create_account(alice, name="Savings", kind="bank", currency="INR", opening_balance=Decimal("5000"))
    finance.create_budget(alice, name="Everything", amount=Decimal("1000"), thresholds=[80])

    page = new_page()
    log_in(page, "alice@example.com", PASSWORD)
    page.goto("/finance/transactions/")
    wait_online(page)
    page.fill("#id_amount", "900")
    page.click("form[data-offline] button.primary")
    page.wait_for_selector("#toasts .toast:has-text('80% of budget reached')", timeout=8000)
    shot(page, "budget-toast-on-own-page")


def test_an_iou_payment_and_its_confirmation_reach_both_open_pages(new_page, alice, bob):
    """The borrower records a payment on his page; the lender's open IOU page shows it pending
    with Confirm / Dispute at once (and a toast); her decision reaches the borrower's open page."""
    from social import actions as social

    social.befriend(alice, other=bob)
    social.record_iou(alice, direction="lent", amount=Decimal("750"), currency="INR",
                      date=timezone.localdate(), friend_id=bob.pk)
    lender, borrower = new_page(), new_page()
    log_in(lender, "alice@example.com", PASSWORD)
    log_in(borrower, "bob@example.com", PASSWORD)
    for page in (lender, borrower):
        page.goto("/ious/")
        wait_online(page)
    assert not lender.is_visible("#iou-list .pending-payment")

    borrower.click("#iou-list a:has-text('Record payment')")
    borrower.fill("#id_amount", "300")
    borrower.click("form button.primary")
    borrower.wait_for_url("**/ious/")
    borrower.wait_for_selector("#iou-list .pending-payment:has-text('300')")
    assert not borrower.is_visible("#iou-list .pending-payment button")  # only the lender decides

    pending = lender.wait_for_selector("#iou-list .pending-payment:has-text('300')", timeout=8000)
    assert pending.is_visible() and lender.is_visible("#iou-list .pending-payment button:has-text('Dispute')")
    lender.wait_for_selector("#toasts .toast", timeout=8000)
    shot(lender, "iou-payment-pending-live")
    lender.click("#iou-list .pending-payment button:has-text('Confirm')")
    lender.wait_for_selector("#iou-list .pending-payment", state="detached")
    assert "450" in lender.inner_text("#iou-list tbody tr")

    # The borrower's page follows: nothing pending, 450 outstanding.
    borrower.wait_for_selector("#iou-list .pending-payment", state="detached", timeout=8000)
    borrower.wait_for_function(
        "() => document.querySelector('#iou-list tbody tr').innerText.includes('450')", timeout=8000)

    # A second payment, disputed: the borrower's page drops it and the outstanding stays.
    from social.models import IOU  # bob's other device records it through the same action

    social.record_iou_payment(bob, iou=IOU.objects.get(owner=alice), amount=Decimal("100"), note="")
    borrower.wait_for_selector("#iou-list .pending-payment:has-text('100')", timeout=8000)
    lender.wait_for_selector("#iou-list .pending-payment:has-text('100') button:has-text('Dispute')", timeout=8000)
    lender.click("#iou-list .pending-payment button:has-text('Dispute')")
    lender.wait_for_selector("#iou-list .pending-payment", state="detached")
    borrower.wait_for_selector("#iou-list .pending-payment", state="detached", timeout=8000)
    assert "450" in borrower.inner_text("#iou-list tbody tr")
    shot(borrower, "iou-payment-disputed-live")


def test_a_members_new_avatar_reaches_the_open_group_page(new_page, alice, bob, carol):
    from social import actions as social

    social.befriend(alice, other=bob)
    social.befriend(alice, other=carol)
    trip = social.create_group(alice, name="Goa trip", currency="INR", members=[bob.pk, carol.pk])
    page = new_page()
    log_in(page, "carol@example.com", PASSWORD)
    page.goto(f"/groups/{trip.pk}/")
    wait_online(page)
    assert page.inner_text(f"#group-members li[data-presence='{bob.pk}'] .avatar") == "B"

    # Bob picks a picture on his phone: carol's open page shows it without a reload.
    social.update_account(bob, changes={"avatar_url": "https://img.example/bob.png"})
    page.wait_for_selector(f"#group-members li[data-presence='{bob.pk}'] img.avatar[src='https://img.example/bob.png']",
                           state="attached", timeout=8000)
