"""Hypothesis drives random sequences of create / list / fund / repay / overdue / default /
top-up / withdraw through the actions; after every step the journal balances, cached
balances equal the journal, no wallet is negative, and no invoice is funded beyond its
advance."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)

from config import clock
from config.api.errors import DomainError
from invoicing import actions
from invoicing.models import Invoice, InvoiceStatus
from tests.invoicing.conftest import assert_journal_consistent, invoice_fields

pytestmark = pytest.mark.django_db

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("400000"), places=2)


def machine_for(seller, investors):
    class Marketplace(RuleBasedStateMachine):
        invoices = Bundle("invoices")

        def __init__(self) -> None:
            super().__init__()
            # Each example runs in a savepoint rolled back at teardown.
            self._atomic = transaction.atomic()
            self._atomic.__enter__()
            self.refusals = 0

        def teardown(self) -> None:
            for status in set(Invoice.objects.values_list("status", flat=True)):
                event(f"reached {status}")
            transaction.set_rollback(True)
            self._atomic.__exit__(None, None, None)

        @rule(target=invoices, face=st.decimals(min_value=Decimal("100"), max_value=Decimal("500000"), places=2),
              rate=st.decimals(min_value=Decimal("1"), max_value=Decimal("40"), places=2),
              days=st.integers(min_value=15, max_value=200), list_it=st.sampled_from([True, True, True, False]))
        def create(self, face, rate, days, list_it):
            invoice = actions.create_invoice(seller, **invoice_fields(
                face_amount=face, discount_rate=rate, min_ticket=min(face, Decimal("50.00")),
                due_date=clock.user_today(seller) + timedelta(days=days),  # the seller's day
            ))
            if list_it:
                invoice = actions.list_invoice(seller, invoice_id=invoice.pk)
            return invoice.pk

        def _try(self, fn, **kwargs) -> None:
            try:
                fn(**kwargs)
            except DomainError as exc:
                event(f"refused {fn.__name__} {exc.code}")
                self.refusals += 1

        @rule(invoice=invoices)
        def list_(self, invoice):
            self._try(actions.list_invoice, user=seller, invoice_id=invoice)

        @staticmethod
        def _part(whole: Decimal, percent: int, fallback: Decimal) -> Decimal:
            """`percent` of `whole` to the paisa (0 means `fallback`, any amount at all)."""
            if percent == 0 or whole <= 0:
                return fallback
            return max((whole * percent / 100).quantize(Decimal("0.01")), Decimal("0.01"))

        @rule(invoice=invoices, who=st.sampled_from(range(len(investors))), amount=amounts,
              percent=st.sampled_from([0, 10, 33, 50, 100, 100]))
        def fund(self, invoice, who, amount, percent):
            amount = self._part(Invoice.objects.get(pk=invoice).remaining_amount, percent, amount)
            self._try(actions.fund_invoice, user=investors[who], invoice_id=invoice, amount=amount)

        @rule(invoice=invoices, amount=amounts, percent=st.sampled_from([0, 1, 33, 50, 100, 100]))
        def repay(self, invoice, amount, percent):
            invoice_row = Invoice.objects.get(pk=invoice)
            amount = self._part(invoice_row.outstanding_amount, percent, amount)
            self._try(actions.repay_invoice, user=seller, invoice_id=invoice, amount=amount)

        @rule(invoice=invoices, late=st.integers(min_value=0, max_value=60))
        def clock(self, invoice, late):
            due = Invoice.objects.get(pk=invoice).due_date
            actions.mark_invoice_overdue(invoice_id=invoice, on=due + timedelta(days=late))
            actions.mark_invoice_defaulted(invoice_id=invoice, on=due + timedelta(days=late))
            actions.expire_listing(invoice_id=invoice, on=due + timedelta(days=late))

        @rule(who=st.sampled_from(range(len(investors))), amount=amounts, withdraw=st.booleans())
        def move(self, who, amount, withdraw):
            fn = actions.withdraw_from_wallet if withdraw else actions.top_up_wallet
            self._try(fn, user=investors[who], amount=amount, currency="INR")

        @rule(invoice=invoices, really=st.sampled_from([True, False, False, False]))
        def withdraw(self, invoice, really):
            if really:
                self._try(actions.withdraw_invoice, user=seller, invoice_id=invoice)

        @invariant()
        def books_balance(self):
            assert_journal_consistent()
            for invoice in Invoice.objects.all():
                if invoice.status in (InvoiceStatus.FUNDED, InvoiceStatus.REPAID):
                    assert invoice.funded_amount == invoice.advance_amount
                assert invoice.repaid_amount <= invoice.face_amount

    return Marketplace


def test_marketplace_books_always_balance(alice, bob, carol, dave):
    run_state_machine_as_test(
        machine_for(alice, [bob, carol, dave]),
        settings=settings(max_examples=30, stateful_step_count=30, deadline=None,
                          suppress_health_check=list(HealthCheck)),
    )
