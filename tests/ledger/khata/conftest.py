"""A shop with every role: alice owns it, bob manages, carol is a clerk, dave is outside."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ledger.khata import actions
from ledger.khata.models import Role
from tests.helpers import client_for


@pytest.fixture
def shop(alice, bob, carol):
    business = actions.create_business(alice, name="Sharma Kirana", state_code="27", upi_id="sharma@upi",
                                       phone="+919876500001")
    actions.add_member(alice, business=business, user=bob, role=Role.MANAGER)
    actions.add_member(alice, business=business, user=carol, role=Role.CLERK)
    return business


@pytest.fixture
def customer(shop, alice):
    return actions.create_party(alice, business=shop, kind="customer", name="Ramesh", phone="9876543210",
                                state_code="27")


@pytest.fixture
def clients(alice, bob, carol, dave):
    return {"owner": client_for(alice), "manager": client_for(bob), "clerk": client_for(carol),
            "outsider": client_for(dave)}


def line(price="100.00", qty="1", rate="18", **extra):
    return {"description": "Rice 5kg", "hsn": "1006", "quantity": qty, "unit": "bag", "unit_price": price,
            "tax_rate": rate, **extra}


D = Decimal
