"""Real concurrent transactions: threads with their own database connections."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection

from ledger.khata import actions, selectors
from ledger.khata.models import Bill, Party, Punch, Role
from tests.conftest import make_user
from tests.helpers import client_for

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(workers):
    barrier = threading.Barrier(len(workers))
    errors = []

    def wrap(fn):
        def inner():
            try:
                barrier.wait()
                fn()
            except Exception as exc:  # pragma: no cover - reported below
                errors.append(exc)
            finally:
                connection.close()

        return inner

    threads = [threading.Thread(target=wrap(w)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors


@pytest.fixture
def owner_shop():
    owner = make_user("alice")
    clerk = make_user("carol")
    shop = actions.create_business(owner, name="Shop")
    actions.add_member(owner, business=shop, user=clerk, role=Role.CLERK)
    party = actions.create_party(owner, business=shop, kind="customer", name="Ramesh")
    return owner, clerk, shop, party


def test_bills_created_at_the_same_moment_get_gap_free_unique_numbers(owner_shop):
    owner, _, shop, party = owner_shop
    lines = [{"description": "x", "quantity": Decimal(1), "unit_price": Decimal(10)}]

    def make():
        for _ in range(3):
            actions.create_bill(owner, business=shop, party_id=party.id, lines=lines)

    run_together([make] * 6)
    seqs = sorted(Bill.objects.filter(business=shop).values_list("seq", flat=True))
    assert seqs == list(range(1, 19))
    shop.refresh_from_db()
    assert shop.next_invoice_number == 19
    assert Party.objects.get(pk=party.id).balance == Decimal(180)


def test_a_failed_issue_gives_its_number_back(owner_shop):
    owner, _, shop, party = owner_shop
    lines = [{"description": "x", "quantity": Decimal(1), "unit_price": Decimal(10)}]
    from realtime.feed import action

    @action
    def issue_then_fail():
        assert actions.create_bill(owner, business=shop, party_id=party.id, lines=lines).seq == 1
        raise RuntimeError("printer jammed")

    with pytest.raises(RuntimeError):
        issue_then_fail()
    bill = actions.create_bill(owner, business=shop, party_id=party.id, lines=lines)
    assert bill.seq == 1


def test_entries_from_several_devices_at_once_keep_the_balance_right(owner_shop):
    owner, clerk, shop, party = owner_shop
    devices = [client_for(owner), client_for(clerk), client_for(owner), client_for(clerk)]
    url = f"/api/khata/businesses/{shop.id}/entries"

    def device(client, kind):
        def go():
            for _ in range(8):
                r = client.post(url, {"party": str(party.id), "kind": kind, "amount": "12.34"}, format="json")
                assert r.status_code == 201, r.content

        return go

    run_together([device(devices[0], "gave"), device(devices[1], "gave"), device(devices[2], "got"),
                  device(devices[3], "gave")])
    party.refresh_from_db()
    assert party.balance == Decimal("12.34") * 16
    assert selectors.recomputed_totals(party) == (party.debits, party.credits, party.balance)


def test_the_same_offline_punch_replayed_from_two_devices_lands_once(owner_shop):
    owner, clerk, shop, _ = owner_shop
    staff = actions.create_staff(owner, business=shop, name="Raju")
    import uuid

    punch_id = uuid.uuid4()
    body = {"id": str(punch_id), "kind": "in", "at": "2026-11-02T09:00:00Z"}
    statuses = []

    def replay(client):
        return lambda: statuses.append(client.post(f"/api/khata/staff/{staff.id}/punches", body,
                                                   format="json").status_code)

    run_together([replay(client_for(owner)), replay(client_for(clerk)), replay(client_for(clerk))])
    assert sorted(statuses) == [200, 200, 201]
    assert Punch.objects.filter(staff=staff).count() == 1


def test_two_entries_that_each_fit_cannot_together_pass_the_credit_limit(owner_shop):
    from config.api.errors import Conflict

    owner, clerk, shop, party = owner_shop
    actions.update_party(owner, party=party, credit_limit=Decimal(100))
    refused = []

    def give():
        try:
            actions.record_entry(clerk, business=shop, party_id=party.id, kind="gave", amount=Decimal(60))
        except Conflict as exc:
            refused.append(exc.code)

    run_together([give, give])
    assert refused == ["credit_limit_exceeded"]
    assert Party.objects.get(pk=party.id).balance == Decimal(60)
