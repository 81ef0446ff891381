"""The data migration from "every entry is cash" to credit vs cash, on rows of the old shape."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.conftest import make_user

BEFORE = [("khata", "0001_initial")]
AFTER = [("khata", "0002_credit_settlement_series_time_zone")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_old_default_cash_postings_are_removed_and_explicit_ones_kept():
    from realtime.models import Change, Stream

    owner, clerk = make_user("mig_owner"), make_user("mig_clerk")
    old = _migrate(BEFORE)
    try:
        Business, Membership, Party, Entry, CashEntry, Bill, Payment = (
            old.get_model("khata", m) for m in ("Business", "Membership", "Party", "Entry", "CashEntry", "Bill",
                                                "Payment"))
        shop = Business.objects.create(owner_id=owner.pk, name="Old shop", invoice_prefix="SK/25-26/",
                                       next_invoice_number=3)
        Membership.objects.create(business=shop, user_id=owner.pk, role="owner")
        Membership.objects.create(business=shop, user_id=clerk.pk, role="clerk")
        party = Party.objects.create(business=shop, kind="customer", name="Ramesh", debits=Decimal("2500.50"),
                                     credits=Decimal("600"), balance=Decimal("1900.50"))

        def entry(kind, amount, mode):
            e = Entry.objects.create(business=shop, party=party, kind=kind, amount=Decimal(amount),
                                     date="2026-11-01", mode=mode, created_by_id=owner.pk)
            if mode == "cash":  # what the old auto-posting made
                CashEntry.objects.create(business=shop, direction="out" if kind == "gave" else "in",
                                         amount=Decimal(amount), date="2026-11-01", source="entry", source_id=e.id,
                                         created_by_id=owner.pk, category="Khata entry")
            return e

        rice = entry("gave", "2500.50", "cash")
        paid_upi = entry("got", "100", "upi")
        paid_default = entry("got", "500", "cash")
        bill = Bill.objects.create(business=shop, party=party, state="issued", seq=2, number="SK/25-26/0002",
                                   currency="INR", issue_date="2026-11-01", due_date="2026-11-15", tax_mode="intra")
        payment = Payment.objects.create(business=shop, bill=bill, party=party, amount=Decimal(50),
                                         date="2026-11-02", mode="cash")
        bill_cash = CashEntry.objects.create(business=shop, direction="in", amount=Decimal(50), date="2026-11-02",
                                             source="payment", source_id=payment.id, created_by_id=owner.pk)
        by_hand = CashEntry.objects.create(business=shop, direction="in", amount=Decimal(1000), date="2026-11-01",
                                           created_by_id=owner.pk)
        removed = set(CashEntry.objects.filter(source="entry").values_list("id", flat=True))
        assert len(removed) == 2
    finally:
        new = _migrate(AFTER)
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    Entry, CashEntry, Bill = (new.get_model("khata", m) for m in ("Entry", "CashEntry", "Bill"))
    settled = {e.id: (e.settlement, e.mode) for e in Entry.objects.all()}
    assert settled == {rice.id: ("credit", ""), paid_default.id: ("credit", ""), paid_upi.id: ("payment", "upi")}
    live = set(CashEntry.objects.filter(deleted_at=None).values_list("id", flat=True))
    assert live == {bill_cash.id, by_hand.id}
    gone = CashEntry.objects.filter(id__in=removed)
    assert all(c.deleted_at is not None and c.version == 2 for c in gone)
    # Every member's devices are told, in their own gap-free stream.
    for user in (owner, clerk):
        changes = list(Change.objects.filter(user_id=user.pk, entity="khata.cash_entry").order_by("seq"))
        head = Stream.objects.get(user_id=user.pk).head
        assert [c.seq for c in changes] == [head - 1, head]
        assert {(c.entity, c.op, c.object_id) for c in changes} == {("khata.cash_entry", "delete", i) for i in removed}
    assert Bill.objects.get(pk=bill.id).series == "SK/25-26/"
