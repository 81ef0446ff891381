"""Hypothesis: after any sequence of entries, edits, deletes, restores, bills, payments and
cancellations, every party's stored balance equals the one recomputed from the records."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from config.api.errors import DomainError
from ledger.khata import actions, selectors
from ledger.khata.models import Party

pytestmark = pytest.mark.django_db

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2)
rates = st.sampled_from([Decimal(0), Decimal(5), Decimal(12), Decimal(18), Decimal(28)])


def test_stored_balances_always_equal_recomputed(alice):
    class Ledger(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            self.shop = actions.create_business(alice, name="Prop shop", state_code="27")
            self.parties = [
                actions.create_party(alice, business=self.shop, kind=k, name=f"{k}{i}", state_code=s,
                                     opening_balance=Decimal(ob))
                for i, (k, s, ob) in enumerate([("customer", "27", "0"), ("customer", "29", "150.50"),
                                                 ("supplier", "", "-75")])
            ]
            self.entries, self.bills, self.payments = [], [], []

        @rule(p=st.integers(0, 2), kind=st.sampled_from(["gave", "got"]), amount=amounts,
              mode=st.sampled_from(["cash", "upi"]))
        def record(self, p, kind, amount, mode):
            self.entries.append(actions.record_entry(alice, business=self.shop, party_id=self.parties[p].id,
                                                     kind=kind, amount=amount, mode=mode))

        @rule(i=st.integers(0, 50), amount=amounts, kind=st.sampled_from(["gave", "got"]))
        def edit(self, i, amount, kind):
            if self.entries:
                try:
                    actions.edit_entry(alice, entry=self.entries[i % len(self.entries)], amount=amount, kind=kind)
                except DomainError:
                    pass  # a deleted entry refuses edits

        @rule(i=st.integers(0, 50))
        def delete(self, i):
            if self.entries:
                actions.delete_entry(alice, entry=self.entries[i % len(self.entries)])

        @rule(i=st.integers(0, 50))
        def restore(self, i):
            if self.entries:
                actions.restore_entry(alice, entry=self.entries[i % len(self.entries)])

        @rule(p=st.integers(0, 2), prices=st.lists(st.tuples(amounts, rates), min_size=1, max_size=3),
              issue=st.booleans())
        def bill(self, p, prices, issue):
            lines = [{"description": "x", "quantity": Decimal("1.5"), "unit_price": price, "tax_rate": rate}
                     for price, rate in prices]
            self.bills.append(actions.create_bill(alice, business=self.shop, party_id=self.parties[p].id,
                                                  lines=lines, issue=issue))

        @rule(i=st.integers(0, 50), share=st.integers(1, 100))
        def pay(self, i, share):
            if self.bills:
                bill = self.bills[i % len(self.bills)]
                bill.refresh_from_db()
                amount = (bill.outstanding * share / 100).quantize(Decimal("0.01"))
                if amount > 0 and bill.state == "issued":
                    self.payments.append(actions.record_payment(alice, bill=bill, amount=amount))

        @rule(i=st.integers(0, 50))
        def unpay(self, i):
            if self.payments:
                actions.delete_payment(alice, payment=self.payments[i % len(self.payments)])

        @rule(i=st.integers(0, 50))
        def cancel_or_issue(self, i):
            if self.bills:
                bill = self.bills[i % len(self.bills)]
                bill.refresh_from_db()
                try:
                    if bill.state == "draft":
                        actions.issue_bill(alice, bill=bill)
                    else:
                        actions.cancel_bill(alice, bill=bill)
                except DomainError:
                    pass  # paid bills cannot be cancelled; cancelled ones stay so

        @invariant()
        def balances_match(self):
            for party in Party.objects.filter(business=self.shop):
                assert selectors.recomputed_totals(party) == (party.debits, party.credits, party.balance)

    run_state_machine_as_test(
        Ledger,
        settings=settings(max_examples=20, stateful_step_count=15, deadline=None,
                          suppress_health_check=list(HealthCheck)),
    )
