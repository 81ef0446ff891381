"""Statements per request on the load mix's heaviest invoicing endpoints (bench/bench_load.py):
a funding and the marketplace page. The limits are today's counts; a new query per request
(or per invoice listed) fails here."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from invoicing import actions
from invoicing.models import Investment, Invoice
from tests.helpers import client_for
from tests.invoicing.conftest import assert_journal_consistent, balance, make_listed, wallet

pytestmark = pytest.mark.django_db


def test_a_partial_funding_over_http_takes_at_most_16_statements_and_answers_in_full(alice, bob):
    invoice = make_listed(alice)
    wallet(bob)
    client = client_for(bob)
    first = client.post(f"/api/invoicing/invoices/{invoice.pk}/fund", {"amount": "1000.00"}, format="json")
    assert first.status_code == 201, first.content
    before = balance(bob)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"/api/invoicing/invoices/{invoice.pk}/fund", {"amount": "2000.00"}, format="json")
    assert response.status_code == 201, response.content
    # (auth: the bearer user is cached) BEGIN, visibility with the wallet, invoice lock, wallet+escrow
    # lock, posting, legs, balances, investment lock, investment, invoice, participants, the
    # seller's notification (their preferences and language, insert: no savepoint of its
    # own), feed (2), COMMIT
    assert len(queries.captured_queries) <= 16, [q["sql"][:120] for q in queries.captured_queries]
    body = response.json()
    stored = Investment.objects.get(pk=body["id"])
    assert body["amount"] == "3000.00" and stored.amount == Decimal("3000.00")
    assert body["version"] == stored.version == 2 and body["status"] == "partially_funded"
    assert body["updated_at"].startswith(stored.updated_at.isoformat()[:19])
    assert balance(bob) == before - Decimal("2000.00")
    refreshed = Invoice.objects.get(pk=invoice.pk)
    assert refreshed.funded_amount == Decimal("3000.00") and refreshed.status == "partially_funded"
    assert_journal_consistent()


def test_the_funding_that_completes_an_invoice_answers_with_its_confirmed_share(alice, bob):
    invoice = make_listed(alice, face_amount=Decimal("10000.00"), min_ticket=Decimal("100.00"))
    wallet(bob)
    response = client_for(bob).post(
        f"/api/invoicing/invoices/{invoice.pk}/fund", {"amount": str(invoice.advance_amount)}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "funded" and body["face_share"] == "10000.00" and body["confirmed_at"]
    assert_journal_consistent()


def test_the_marketplace_page_takes_the_same_statements_for_3_and_for_20_listings(alice, bob):
    client = client_for(bob)

    def statements() -> int:
        client.get("/api/invoicing/marketplace?limit=20")  # the bearer user is then cached
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/api/invoicing/marketplace?limit=20")
        assert response.status_code == 200
        return len(queries.captured_queries), len(response.json()["results"])

    for _ in range(3):
        make_listed(alice)
    few = statements()
    for _ in range(17):
        make_listed(alice)
    actions.fund_invoice(bob, invoice_id=Invoice.objects.filter(seller=alice).first().pk, amount=Decimal("1000"))
    many = statements()
    assert few[1] == 3 and many[1] == 20
    assert many[0] == few[0] <= 3  # (user), count, page


def test_a_bad_amount_for_someone_elses_draft_is_still_a_404(alice, bob):
    from tests.helpers import assert_error
    from tests.invoicing.conftest import make_draft

    draft = make_draft(alice)
    client = client_for(bob)
    assert_error(client.post(f"/api/invoicing/invoices/{draft.pk}/fund", {"amount": "x"}, format="json"), 404)
    assert_error(client.post(f"/api/invoicing/invoices/{draft.pk}/fund", {"amount": "10.00"}, format="json"), 404)
    listed = make_listed(alice)
    assert_error(client.post(f"/api/invoicing/invoices/{listed.pk}/fund", {"amount": "x"}, format="json"), 400)
