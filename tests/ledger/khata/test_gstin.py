"""GSTINs are checked (structure, state code, check character) on businesses and parties,
on the API, the pages and CSV imports, with a field error; the demo data's GSTINs pass."""

from __future__ import annotations

import pytest
from django.test import Client

from ledger.khata import demo, gstin
from ledger.khata.models import Business, Party
from tests.conftest import make_user
from tests.helpers import assert_error

pytestmark = pytest.mark.django_db

VALID = "27AAPFU0939F1ZV"  # the GSTN's published example


def test_the_check_character_of_a_known_gstin():
    assert gstin.check_character(VALID[:14]) == "V" and gstin.problem(VALID) is None


@pytest.mark.parametrize("bad, says", [
    ("27AAPFU0939F1ZW", "check character"),   # last character mistyped
    ("27AAPFU0939F1VZ", "check character"),   # two characters swapped
    ("40AAPFU0939F1ZV", "state code"),        # no state 40
    ("27AAPF00939F1ZV", "Not a GSTIN"),       # a digit inside the PAN's letters
    ("27AAPFU0939F1Z", "15 characters"),
])
def test_wrong_gstins_are_named_for_what_is_wrong(bad, says):
    assert says in gstin.problem(bad)


def test_every_single_mistyped_character_is_caught():
    for i in range(15):
        for c in gstin.CHARS:
            candidate = VALID[:i] + c + VALID[i + 1:]
            if candidate != VALID and gstin.SHAPE.match(candidate) and candidate[:2] in gstin.STATE_CODES:
                assert gstin.problem(candidate), candidate



def test_api_refuses_a_bad_gstin_on_parties_and_businesses(clients, shop):
    url = f"/api/khata/businesses/{shop.id}/parties"
    error = assert_error(clients["owner"].post(url, {"kind": "customer", "name": "X", "gstin": "27AAPFU0939F1ZW"},
                                               format="json"), 400)
    assert "check character" in error["fields"]["gstin"][0]
    assert not Party.objects.filter(name="X").exists()
    r = clients["owner"].post(url, {"kind": "customer", "name": "Y", "gstin": VALID.lower()}, format="json")
    assert r.status_code == 201 and r.json()["gstin"] == VALID and r.json()["state_code"] == "27"
    assert_error(clients["owner"].post(url, {"kind": "customer", "name": "Z", "gstin": VALID, "state_code": "29"},
                                       format="json"), 400)
    assert_error(clients["owner"].post("/api/khata/businesses", {"name": "B", "gstin": "99AAPFU0939F1ZV"},
                                       format="json"), 400)
    assert_error(clients["owner"].patch(f"/api/khata/businesses/{shop.id}", {"gstin": "27AAPFU0939F1Z0"},
                                        format="json"), 400)
    assert clients["owner"].patch(f"/api/khata/businesses/{shop.id}", {"gstin": VALID}, format="json").status_code == 200


def test_page_shows_the_gstin_error_next_to_the_field(shop, alice):
    browser = Client()
    browser.force_login(alice)
    r = browser.post(f"/khata/{shop.id}/", {"kind": "customer", "name": "Kulkarni", "gstin": "29AAGCK1234L1Z2"})
    assert r.status_code == 200 and "check character" in r.content.decode()
    assert not Party.objects.filter(name="Kulkarni").exists()


def test_csv_import_reports_the_row_with_a_bad_gstin(clients, shop):
    text = f"name,gstin\nGood,{VALID}\nBad,27AAPFU0939F1ZW\n"
    report = clients["owner"].post(f"/api/khata/businesses/{shop.id}/parties/import", {"csv": text},
                                   format="json").json()
    assert report["created"] == 1 and report["rows"][1]["row"] == 3 and "gstin" in report["rows"][1]["errors"]


def test_demo_gstins_are_valid(alice, bob):
    from invoicing import demo as market_demo
    from invoicing.models import Invoice

    users = {"alice": alice, "bob": bob, "carol": make_user("carol"), "dave": make_user("dave")}
    demo.seed(users)
    market_demo.seed(users)
    found = [*Business.objects.exclude(gstin="").values_list("gstin", flat=True),
             *Party.objects.exclude(gstin="").values_list("gstin", flat=True),
             *Invoice.objects.exclude(buyer_gstin="").values_list("buyer_gstin", flat=True)]
    assert len(found) >= 5 and [g for g in found if gstin.problem(g)] == []
