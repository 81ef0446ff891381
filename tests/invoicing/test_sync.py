"""invoicing's objects on the change feed and in the sync snapshot."""

from __future__ import annotations

from decimal import Decimal

import pytest

from invoicing import actions
from realtime.models import Change
from tests.helpers import client_for
from tests.invoicing.conftest import make_draft, make_listed

pytestmark = pytest.mark.django_db


def test_snapshot_holds_wallet_listings_and_positions(alice, bob, carol):
    listed = make_listed(alice)
    draft = make_draft(alice)
    actions.fund_invoice(bob, invoice_id=listed.pk, amount=Decimal("5000.00"))
    response = client_for(bob).get("/api/sync/snapshot")
    assert response.status_code == 200, response.content
    entities = response.json()["entities"]
    assert [w["balance"] for w in entities["wallet"]] == ["995000.00"]
    assert {i["id"] for i in entities["invoice"]} == {str(listed.pk)}  # not alice's draft
    assert [i["amount"] for i in entities["investment"]] == ["5000.00"]
    seller_view = client_for(alice).get("/api/sync/snapshot").json()["entities"]
    assert {i["id"] for i in seller_view["invoice"]} == {str(listed.pk), str(draft.pk)}
    assert [i["investor"] for i in seller_view["investment"]] == [str(bob.pk)]


def test_wallet_changes_reach_only_their_owner(alice, bob):
    actions.top_up_wallet(bob, amount=Decimal("10.00"), currency="INR")
    owners = set(Change.objects.filter(entity="wallet").values_list("user_id", flat=True))
    assert owners == {bob.pk}
    last = Change.objects.filter(entity="wallet", user_id=bob.pk).order_by("-seq").first()
    assert last.event == "wallet.balance_changed" and last.data["balance"] == "1000010.00"


def test_funding_progress_reaches_the_seller_and_investors_not_every_user(alice, bob, carol, dave):
    listed = make_listed(alice)
    listed_to = set(Change.objects.filter(event="invoice.listed").values_list("user_id", flat=True))
    assert {alice.pk, bob.pk, carol.pk, dave.pk} <= listed_to
    actions.fund_invoice(bob, invoice_id=listed.pk, amount=Decimal("5000.00"))
    seen = set(Change.objects.filter(event="invoice.funding_received").values_list("user_id", flat=True))
    # Partial progress is not fanned out to every user on the platform (each would lock a
    # feed head); bystanders read it from the marketplace.
    assert seen == {alice.pk, bob.pk}
    placed = set(Change.objects.filter(event="investment.placed").values_list("user_id", flat=True))
    assert placed == {alice.pk, bob.pk}
