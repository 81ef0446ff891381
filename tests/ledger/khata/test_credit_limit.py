"""A party's credit limit holds: an entry, an edit or a bill that takes what the party owes
over it is refused (409 credit_limit_exceeded, nothing changes) unless a manager or an owner
overrides it explicitly; a clerk's override is refused; payments are never refused."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from ledger.khata import actions
from ledger.khata.models import Bill, Entry, Party
from realtime.models import Change
from tests.helpers import assert_error
from tests.ledger.khata.conftest import line

pytestmark = pytest.mark.django_db


@pytest.fixture
def limited(shop, alice):
    """Ramesh may owe at most 1,000.00 and owes 900.00."""
    party = actions.create_party(alice, business=shop, kind="customer", name="Ramesh", credit_limit=Decimal(1000))
    actions.record_entry(alice, business=shop, party_id=party.id, kind="gave", amount=Decimal(900))
    return Party.objects.get(pk=party.id)


def entries_url(shop):
    return f"/api/khata/businesses/{shop.id}/entries"


def test_an_entry_over_the_limit_is_refused_and_changes_nothing(clients, shop, limited):
    changes = Change.objects.count()
    r = clients["clerk"].post(entries_url(shop), {"party": str(limited.id), "kind": "gave", "amount": "100.01"},
                              format="json")
    error = assert_error(r, 409, "credit_limit_exceeded")
    assert error["credit_limit"] == "1000.00" and error["balance_after"] == "1000.01" and "amount" in error["fields"]
    assert Party.objects.get(pk=limited.id).balance == Decimal(900)
    assert Entry.objects.filter(party=limited).count() == 1 and Change.objects.count() == changes


def test_up_to_the_limit_is_fine_and_payments_are_never_refused(clients, shop, limited):
    ok = clients["clerk"].post(entries_url(shop), {"party": str(limited.id), "kind": "gave", "amount": "100.00"},
                               format="json")
    assert ok.status_code == 201
    Party.objects.filter(pk=limited.id).update(credit_limit=Decimal(500))  # lowered below what is owed
    got = clients["clerk"].post(entries_url(shop), {"party": str(limited.id), "kind": "got", "amount": "1"},
                                format="json")
    assert got.status_code == 201 and Party.objects.get(pk=limited.id).balance == Decimal(999)


def test_a_manager_may_override_a_clerk_may_not(clients, shop, limited):
    body = {"party": str(limited.id), "kind": "gave", "amount": "500", "override_credit_limit": True}
    assert_error(clients["clerk"].post(entries_url(shop), body, format="json"), 403, "insufficient_role")
    assert Party.objects.get(pk=limited.id).balance == Decimal(900)
    r = clients["manager"].post(entries_url(shop), body, format="json")
    assert r.status_code == 201
    assert Party.objects.get(pk=limited.id).balance == Decimal(1400)


def test_an_edit_that_raises_an_entry_over_the_limit_is_refused(clients, shop, limited):
    entry = Entry.objects.get(party=limited)
    url = f"/api/khata/entries/{entry.id}"
    assert_error(clients["manager"].patch(url, {"amount": "1000.50"}, format="json"), 409, "credit_limit_exceeded")
    assert Entry.objects.get(pk=entry.id).amount == Decimal(900)
    r = clients["manager"].patch(url, {"amount": "1000.50", "override_credit_limit": True}, format="json")
    assert r.status_code == 200 and Party.objects.get(pk=limited.id).balance == Decimal("1000.50")
    # Lowering it again is never refused.
    assert clients["manager"].patch(url, {"amount": "1000.40"}, format="json").status_code == 200


def test_a_bill_over_the_limit_is_refused_without_using_a_number(clients, shop, limited):
    url = f"/api/khata/businesses/{shop.id}/bills"
    body = {"party": str(limited.id), "lines": [line(price="100.00", rate="18")]}  # 118.00
    assert_error(clients["manager"].post(url, body, format="json"), 409, "credit_limit_exceeded")
    assert not Bill.objects.filter(party=limited).exists()
    r = clients["manager"].post(url, {**body, "override_credit_limit": True}, format="json")
    assert r.status_code == 201 and r.json()["number"].endswith("0001")


def test_issuing_a_draft_over_the_limit_needs_the_override(clients, shop, limited):
    draft = clients["manager"].post(f"/api/khata/businesses/{shop.id}/bills",
                                    {"party": str(limited.id), "lines": [line()], "issue": False}, format="json")
    assert draft.status_code == 201  # a draft owes nothing yet
    url = f"/api/khata/bills/{draft.json()['id']}/issue"
    assert_error(clients["manager"].post(url, {}, format="json"), 409, "credit_limit_exceeded")
    assert Bill.objects.get(pk=draft.json()["id"]).state == "draft"
    r = clients["manager"].post(url, {"override_credit_limit": True}, format="json")
    assert r.status_code == 200 and r.json()["state"] == "issued"


def test_the_page_refuses_then_records_with_the_override(shop, limited, bob, carol):
    page = f"/khata/parties/{limited.id}/"
    clerk, manager = Client(), Client()
    clerk.force_login(carol)
    manager.force_login(bob)
    shown = clerk.get(page).content.decode()
    assert 'data-credit-limit="1000.0000"' in shown or 'data-credit-limit="1000' in shown
    assert 'name="override_credit_limit"' not in shown  # a clerk cannot override
    assert 'name="override_credit_limit"' in manager.get(page).content.decode()
    form = {"kind": "gave", "amount": "200", "date": "2026-11-02", "settled": "credit"}
    refused = clerk.post(page, form)
    assert refused.status_code == 200 and "over the credit limit" in refused.content.decode().lower()
    assert Party.objects.get(pk=limited.id).balance == Decimal(900)
    done = manager.post(page, {**form, "override_credit_limit": "on"})
    assert done.status_code == 302 and Party.objects.get(pk=limited.id).balance == Decimal(1100)
