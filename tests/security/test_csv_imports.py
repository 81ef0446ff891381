"""CSV imports with a field longer than Python's csv limit answer 400 naming the row, not 500."""

from __future__ import annotations

import csv

import pytest

from ledger.khata import actions as khata
from social import actions as social
from tests.helpers import assert_error, client_for

pytestmark = pytest.mark.django_db

HUGE = "x" * (csv.field_size_limit() + 10)


def test_a_huge_field_in_a_splitwise_import_is_a_400_with_its_line(alice, bob):
    social.befriend(alice, other=bob)
    group = social.create_group(alice, name="Trip", currency="INR", members=[bob.pk])
    text = ("Date,Description,Category,Cost,Currency,Alice,Bob\n"
            "2026-01-01,Tea,General,10.00,INR,5.00,-5.00\n"
            f'2026-01-02,"{HUGE}",General,10.00,INR,5.00,-5.00\n')
    response = client_for(alice).post(f"/api/groups/{group.pk}/import",
                                      {"csv": text, "members": {"Alice": str(alice.pk), "Bob": str(bob.pk)}},
                                      format="json")
    error = assert_error(response, 400)
    assert "Line 3" in str(error["fields"]), error


def test_a_huge_field_in_a_khata_party_import_is_a_400_with_its_row(alice):
    shop = khata.create_business(alice, name="Kirana", state_code="27")
    text = f'name,phone\nRamesh,\n"{HUGE}",\n'
    response = client_for(alice).post(f"/api/khata/businesses/{shop.id}/parties/import", {"csv": text}, format="json")
    error = assert_error(response, 400, "csv_unreadable")
    assert "Row 3" in str(error["fields"]), error
