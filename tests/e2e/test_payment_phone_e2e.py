"""Recording a payment on a phone (issue 19): one thumb from the group page, the form already
says who pays whom and how much, the page asks once more, and the payment then shows in the
group's list and on the other person's open page."""

from __future__ import annotations

import datetime
from decimal import Decimal

from playwright.sync_api import expect

from social.actions import befriend, create_group, record_expense
from social.models import Settlement
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in, shot, wait_online

PHONE = (360, 740)


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def test_a_payment_is_confirmed_before_it_is_recorded_on_a_phone(new_page, alice, bob):
    befriend(alice, other=bob)
    group = create_group(alice, name="Flat", currency="INR", members=[bob.pk])
    record_expense(bob, group=group, description="Groceries", amount=Decimal("300"), currency="INR",
                   date=datetime.date(2026, 11, 20), paid_by=[{"user": bob.pk, "amount": Decimal("300")}],
                   split={"method": "equal", "between": [alice.pk, bob.pk]})

    bob_page = new_page(*PHONE)
    log_in(bob_page, "bob@example.com", PASSWORD)
    bob_page.goto(f"/groups/{group.pk}/")
    wait_online(bob_page)

    page = new_page(*PHONE)
    log_in(page, "alice@example.com", PASSWORD)
    page.goto(f"/groups/{group.pk}/")
    page.get_by_role("link", name="Record payment").click()
    form = page.locator("#record-payment form")
    expect(form).to_be_in_viewport()
    # From me, to the person I owe, the amount I owe: nothing to type.
    expect(form.locator("select[name=payer]")).to_have_value(str(alice.pk))
    expect(form.locator("select[name=payee]")).to_have_value(str(bob.pk))
    expect(form.locator("input[name=amount]")).to_have_value("150.00")
    form.get_by_role("button", name="Record payment").click()

    page.wait_for_selector("#confirm-payment")
    question = page.inner_text("#confirm-payment")
    assert "Record this payment?" in question and "paid" in question and "₹150.00" in question, question
    _no_sideways_scroll(page)
    shot(page, "payment-confirm-phone")
    assert not Settlement.objects.filter(group=group).exists()  # asking records nothing

    page.get_by_role("button", name="Yes, record it").click()
    page.wait_for_url(f"**/groups/{group.pk}/")
    row = page.locator("#group-expenses .payment-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("₹150.00")
    assert Settlement.objects.filter(group=group, payer=alice, payee=bob, amount=Decimal("150")).count() == 1
    # Bob's open page shows it without a reload, and nobody owes anything now.
    expect(bob_page.locator("#group-expenses .payment-row, #group-expenses .offline-row")).to_contain_text("₹150.00")
    _no_sideways_scroll(bob_page)


def test_going_back_from_the_question_records_nothing(new_page, alice, bob):
    befriend(alice, other=bob)
    group = create_group(alice, name="Flat", currency="INR", members=[bob.pk])
    page = new_page(*PHONE)
    log_in(page, "alice@example.com", PASSWORD)
    page.goto(f"/groups/{group.pk}/")
    form = page.locator("#record-payment form")
    form.locator("select[name=payee]").select_option(str(bob.pk))
    form.locator("input[name=amount]").fill("75")
    form.get_by_role("button", name="Record payment").click()
    page.wait_for_selector("#confirm-payment")
    assert "₹75.00" in page.inner_text("#confirm-payment")
    page.get_by_role("link", name="Back").click()
    page.wait_for_url(f"**/groups/{group.pk}/#record-payment")
    expect(page.locator("#group-expenses .payment-row")).to_have_count(0)
    assert not Settlement.objects.filter(group=group).exists()
