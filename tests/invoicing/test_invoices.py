"""Invoices: creation, editing, listing (pricing), withdrawal, the state machine, access."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from config import clock
from invoicing import actions, pricing
from invoicing.models import InvoiceStatus
from realtime.models import Change
from tests.helpers import assert_error, assert_hidden_from, client_for
from tests.invoicing.conftest import invoice_fields, make_draft, make_listed

pytestmark = pytest.mark.django_db


def _body(**overrides) -> dict:
    fields = invoice_fields(**overrides)
    return {k: str(v) if not isinstance(v, str) else v for k, v in fields.items()}


def test_seller_creates_a_draft_and_sees_it(alice_client):
    response = alice_client.post("/api/invoicing/invoices", _body(), format="json")
    assert response.status_code == 201, response.content
    invoice = response.json()
    assert invoice["status"] == "draft" and invoice["version"] == 1
    assert invoice["face_amount"] == "100000.00" and invoice["advance_amount"] is None
    listing = alice_client.get("/api/invoicing/invoices").json()
    assert [i["id"] for i in listing["results"]] == [invoice["id"]]


def test_creating_with_a_client_id_twice_makes_one_invoice(alice_client):
    body = _body(number="SAME-1")
    body["id"] = "7b0c6a2e-8c5e-4a43-9a38-5f2f3b0b2f10"
    first = alice_client.post("/api/invoicing/invoices", body, format="json")
    again = alice_client.post("/api/invoicing/invoices", body, format="json")
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert alice_client.get("/api/invoicing/invoices").json()["count"] == 1


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"buyer_gstin": "NOT-A-GSTIN"}, "buyer_gstin"),
        ({"face_amount": "100.001"}, "face_amount"),
        ({"face_amount": "-1"}, "face_amount"),
        ({"discount_rate": "0"}, "discount_rate"),
        ({"discount_rate": "150"}, "discount_rate"),
        ({"currency": "ZZZ"}, "currency"),
        ({"due_date": "not-a-date"}, "due_date"),
        ({"document_url": "javascript:alert(1)"}, "document_url"),
        ({"number": "x" * 65}, "number"),
        ({"status": "funded"}, "status"),
        ({"advance_amount": "1"}, "advance_amount"),
    ],
)
def test_bad_invoice_input_is_a_field_error(alice_client, overrides, field):
    error = assert_error(alice_client.post("/api/invoicing/invoices", _body(**overrides), format="json"), 400)
    assert field in error["fields"], error


def test_domain_rules_are_field_errors(alice_client, alice):
    today = timezone.localdate()
    error = assert_error(alice_client.post(
        "/api/invoicing/invoices", _body(issue_date=str(today), due_date=str(today - timedelta(days=1))), format="json"
    ), 400)
    assert "due_date" in error["fields"]
    error = assert_error(alice_client.post(
        "/api/invoicing/invoices", _body(min_ticket="200000.00"), format="json"), 400)
    assert "min_ticket" in error["fields"]
    make_draft(alice, number="DUP-1")
    error = assert_error(alice_client.post("/api/invoicing/invoices", _body(number="DUP-1"), format="json"),
                         400, "duplicate_number")
    assert "number" in error["fields"]


def test_a_withdrawn_or_expired_invoice_frees_its_number_and_stays_as_history(alice_client, alice):
    live = make_listed(alice, number="DUP-2")
    assert_error(alice_client.post("/api/invoicing/invoices", _body(number="DUP-2"), format="json"),
                 400, "duplicate_number")
    assert actions.expire_listing(invoice_id=live.pk, on=live.due_date)
    response = alice_client.post("/api/invoicing/invoices", _body(number="DUP-2"), format="json")
    assert response.status_code == 201, response.content
    live.refresh_from_db()
    assert live.status == InvoiceStatus.EXPIRED and live.number == "DUP-2"
    assert_error(alice_client.post("/api/invoicing/invoices", _body(number="DUP-2"), format="json"),
                 400, "duplicate_number")


def test_listing_prices_the_advance_exactly_to_the_paisa(alice_client, alice):
    draft = make_draft(alice, face_amount=Decimal("100000.00"), discount_rate=Decimal("12"),
                       due_date=clock.user_today(alice) + timedelta(days=60))  # the seller's day
    response = alice_client.post(f"/api/invoicing/invoices/{draft.pk}/list", {}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    # 100000 x (1 - 0.12 x 60/365) = 98027.3972602… -> 98027.40
    assert body["advance_amount"] == "98027.40"
    assert body["status"] == "listed" and body["priced_days"] == 60 and body["version"] == 2
    assert body["remaining_amount"] == "98027.40" and body["funded_percent"] == "0.00"


def test_pricing_rounds_half_up_on_exact_halves():
    # 1.00 x (1 - 36.5% x 1/365) = 0.999 -> 1.00 ; 0.10 x (1 - 5% x 365/365) = 0.095 -> 0.10
    assert pricing.advance_for(Decimal("1.00"), "INR", Decimal("36.5"), 1) == Decimal("1.00")
    assert pricing.advance_for(Decimal("0.10"), "INR", Decimal("5"), 365) == Decimal("0.10")
    assert pricing.advance_for(Decimal("0.30"), "INR", Decimal("5"), 365) == Decimal("0.29")  # 0.285 -> 0.29
    assert pricing.advance_for(Decimal("1000"), "JPY", Decimal("10"), 73) == Decimal("980")


def test_listing_needs_a_due_date_at_least_15_days_ahead(alice_client, alice):
    draft = make_draft(alice, due_date=clock.user_today(alice) + timedelta(days=14))
    error = assert_error(alice_client.post(f"/api/invoicing/invoices/{draft.pk}/list", {}, format="json"),
                         422, "due_date_too_soon")
    assert "due_date" in error["fields"]
    draft = make_draft(alice, due_date=clock.user_today(alice) + timedelta(days=15))
    assert alice_client.post(f"/api/invoicing/invoices/{draft.pk}/list", {}, format="json").status_code == 200


def test_listing_reaches_every_active_user_live(alice, bob, carol):
    invoice = make_listed(alice)
    audience = set(Change.objects.filter(event="invoice.listed", object_id=invoice.pk).values_list("user_id", flat=True))
    assert audience == {alice.pk, bob.pk, carol.pk}


def test_a_draft_reaches_only_its_seller(alice, bob):
    invoice = make_draft(alice)
    audience = set(Change.objects.filter(object_id=invoice.pk).values_list("user_id", flat=True))
    assert audience == {alice.pk}


def test_only_drafts_can_be_edited(alice_client, alice):
    draft = make_draft(alice)
    response = alice_client.patch(f"/api/invoicing/invoices/{draft.pk}", {"buyer_name": "Infosys"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["buyer_name"] == "Infosys" and response.json()["version"] == 2
    actions.list_invoice(alice, invoice_id=draft.pk)
    assert_error(alice_client.patch(f"/api/invoicing/invoices/{draft.pk}", {"buyer_name": "X"}, format="json"),
                 409, "invalid_transition")


def test_a_stale_edit_is_refused_with_the_current_invoice(alice_client, alice):
    draft = make_draft(alice)
    alice_client.patch(f"/api/invoicing/invoices/{draft.pk}", {"buyer_name": "One"}, format="json")
    response = alice_client.patch(f"/api/invoicing/invoices/{draft.pk}", {"buyer_name": "Two", "version": 1},
                                  format="json")
    assert response.status_code == 412
    assert response.json()["error"]["current"]["buyer_name"] == "One"


def test_withdrawal_only_before_funding_starts(alice_client, alice, bob):
    listed = make_listed(alice)
    response = alice_client.post(f"/api/invoicing/invoices/{listed.pk}/withdraw", {}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    # bob saw the listing; he is told to drop it
    assert Change.objects.filter(user_id=bob.pk, object_id=listed.pk, op="delete").exists()
    assert_error(alice_client.post(f"/api/invoicing/invoices/{listed.pk}/withdraw", {}, format="json"),
                 409, "invalid_transition")
    other = make_listed(alice)
    actions.fund_invoice(bob, invoice_id=other.pk, amount=Decimal("1000.00"))
    assert_error(alice_client.post(f"/api/invoicing/invoices/{other.pk}/withdraw", {}, format="json"),
                 409, "invalid_transition")


def test_illegal_transitions_are_conflicts(alice_client, alice):
    draft = make_draft(alice)
    assert_error(alice_client.post(f"/api/invoicing/invoices/{draft.pk}/repay", {"amount": "1.00"}, format="json"),
                 409, "invalid_transition")
    listed = make_listed(alice)
    assert_error(alice_client.post(f"/api/invoicing/invoices/{listed.pk}/list", {}, format="json"),
                 409, "invalid_transition")


def test_can_predicates_follow_the_state_machine(alice):
    invoice = make_draft(alice)
    assert invoice.can_edit() and invoice.can_list() and invoice.can_withdraw()
    assert not invoice.can_fund() and not invoice.can_repay()
    for status, allowed in {
        InvoiceStatus.LISTED: {"fund", "withdraw", "expire"},
        InvoiceStatus.PARTIALLY_FUNDED: {"fund", "expire"},
        InvoiceStatus.FUNDED: {"repay", "mark_overdue"},
        InvoiceStatus.OVERDUE: {"repay", "default"},
        InvoiceStatus.DEFAULTED: {"repay"},
        InvoiceStatus.REPAID: set(),
        InvoiceStatus.WITHDRAWN: set(),
        InvoiceStatus.EXPIRED: set(),
    }.items():
        invoice.status = status
        invoice.funded_amount = Decimal(0) if status == InvoiceStatus.LISTED else Decimal(1)
        got = {v for v in ("edit", "list", "withdraw", "fund", "expire", "repay", "mark_overdue", "default")
               if getattr(invoice, f"can_{v}")()}
        assert got == allowed, status


def test_someone_elses_invoice_is_hidden(alice, bob):
    draft = make_draft(alice)
    bob_client = client_for(bob)
    assert_hidden_from(bob_client, f"/api/invoicing/invoices/{draft.pk}")
    for verb in ("list", "withdraw", "fund", "repay"):
        assert_hidden_from(bob_client, f"/api/invoicing/invoices/{draft.pk}/{verb}", methods=("post",),
                           body={"amount": "1000.00"})
    assert_hidden_from(bob_client, f"/api/invoicing/invoices/{draft.pk}/investments", methods=("get",))


def test_a_listing_is_visible_but_not_manageable_by_others(alice, bob):
    listed = make_listed(alice)
    bob_client = client_for(bob)
    assert bob_client.get(f"/api/invoicing/invoices/{listed.pk}").status_code == 200
    assert_hidden_from(bob_client, f"/api/invoicing/invoices/{listed.pk}", methods=("patch", "delete"))
    for verb in ("list", "withdraw", "repay"):
        assert_hidden_from(bob_client, f"/api/invoicing/invoices/{listed.pk}/{verb}", methods=("post",),
                           body={"amount": "1.00"})


def test_unknown_invoice_is_404(alice_client):
    assert_error(alice_client.get("/api/invoicing/invoices/7b0c6a2e-8c5e-4a43-9a38-5f2f3b0b2f10"), 404, "not_found")


def test_listing_from_an_unknown_bill_is_404(alice_client):
    response = alice_client.post("/api/invoicing/invoices/from-bill",
                                 {"bill": "7b0c6a2e-8c5e-4a43-9a38-5f2f3b0b2f10", "discount_rate": "12"}, format="json")
    assert_error(response, 404, "not_found")


def test_from_bill_field_errors(alice_client):
    error = assert_error(alice_client.post("/api/invoicing/invoices/from-bill", {"bill": "nope"}, format="json"), 400)
    assert {"bill", "discount_rate"} <= set(error["fields"])
