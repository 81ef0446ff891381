from __future__ import annotations

import pytest

from invoicing import demo
from invoicing.models import Invoice, InvoiceStatus
from tests.invoicing.conftest import assert_journal_consistent

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent_and_balanced(alice, bob, carol, dave):
    users = {"alice": alice, "bob": bob, "carol": carol, "dave": dave}
    demo.seed(users)
    demo.seed(users)
    statuses = sorted(Invoice.objects.filter(seller=alice).values_list("status", flat=True))
    assert statuses == sorted([InvoiceStatus.PARTIALLY_FUNDED, InvoiceStatus.FUNDED, InvoiceStatus.DRAFT])
    assert_journal_consistent()
