"""500 funding requests on one invoice from 20 concurrent workers, each with its own database
connection: never over-funded, no wallet negative, all money accounted for to the paisa."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum

from invoicing import actions
from invoicing.models import Account, AccountKind, Investment, Invoice, InvoiceStatus
from tests.conftest import make_user
from tests.helpers import client_for
from tests.invoicing.conftest import assert_journal_consistent, make_listed

REQUESTS = 500
WORKERS = 20


def _platform_money() -> Decimal:
    """Everything outside the treasury: wallets, escrows, fees."""
    return Account.objects.exclude(kind=AccountKind.TREASURY).aggregate(t=Sum("balance"))["t"]


@pytest.mark.django_db(transaction=True)
def test_500_concurrent_fundings_never_overfund_and_lose_nothing(alice):
    invoice = make_listed(alice, face_amount=Decimal("300000.00"), min_ticket=Decimal("500.00"))
    investors = [make_user(f"investor{i}") for i in range(WORKERS)]
    for i, investor in enumerate(investors):
        actions.ensure_wallet(investor, currency="INR")
        if i % 4 == 0:  # some investors can afford only a few tickets
            actions.withdraw_from_wallet(investor, amount=Decimal("994000.00"), currency="INR")
    clients = {inv.pk: client_for(inv) for inv in investors}
    before = _platform_money()
    rng = random.Random(7)
    tickets = ["500.00", "1000.00", "2500.00", "3333.33"]
    # "rest" (complete whatever is left) only once two rounds of workers have funded: a "rest"
    # that wins the first lock would complete the invoice in one request and leave nothing to race.
    plan = [(rng.choice(investors), rng.choice(tickets + ["rest"] if i >= 2 * WORKERS else tickets))
            for i in range(REQUESTS)]

    def fund(job) -> tuple[int, int]:
        investor, amount = job
        try:
            if amount == "rest":
                amount = str(Invoice.objects.get(pk=invoice.pk).remaining_amount or "0.01")
            response = clients[investor.pk].post(
                f"/api/invoicing/invoices/{invoice.pk}/fund", {"amount": amount}, format="json"
            )
            return investor.pk, response.status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        answers = list(pool.map(fund, plan))
    statuses = [status for _, status in answers]

    assert 500 not in statuses, statuses
    assert set(statuses) <= {201, 400, 404, 409, 422}, set(statuses)
    # A closed listing is no longer shown to someone with no stake in it: 404 to them only.
    staked = set(Investment.objects.filter(invoice=invoice).values_list("investor_id", flat=True))
    assert not [pk for pk, status in answers if status == 404 and pk in staked]
    assert statuses.count(201) > 10
    invoice.refresh_from_db()
    assert invoice.funded_amount <= invoice.advance_amount
    assert Investment.objects.filter(invoice=invoice).aggregate(t=Sum("amount"))["t"] == invoice.funded_amount
    escrow = Account.objects.get(kind=AccountKind.ESCROW, invoice=invoice)
    # demand far exceeds the advance, and "rest" requests complete it: it ends disbursed
    assert invoice.status == InvoiceStatus.FUNDED, (invoice.funded_amount, invoice.advance_amount)
    assert escrow.balance == 0 and invoice.funded_amount == invoice.advance_amount
    assert statuses.count(409) > 0  # requests that came after it closed
    assert not Account.objects.exclude(kind=AccountKind.TREASURY).filter(balance__lt=0).exists()
    assert _platform_money() == before
    assert_journal_consistent()


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_with_one_idempotency_key_fund_once(alice, bob):
    invoice = make_listed(alice)
    actions.ensure_wallet(bob, currency="INR")
    client_url = f"/api/invoicing/invoices/{invoice.pk}/fund"

    def fund(_: int) -> int:
        try:
            return client_for(bob).post(client_url, {"amount": "2000.00"}, format="json",
                                        HTTP_IDEMPOTENCY_KEY="retry-me").status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(fund, range(16)))
    assert set(statuses) <= {201, 409}, statuses  # 409: the twin is still in flight
    assert statuses.count(201) >= 1
    assert Investment.objects.get(invoice=invoice, investor=bob).amount == Decimal("2000.00")
    assert Account.objects.get(kind=AccountKind.WALLET, owner=bob).balance == Decimal("998000.00")
    assert_journal_consistent()
