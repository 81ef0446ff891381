"""Refusals whose message carries details (which line, which currencies, which record) read in
the page's language with their details, on a page and for a change a page pushed while
offline; the API keeps its English message and adds the message id and details (`words`).

Each case makes the refusal the way a person meets it (an API request, or the action a page
calls) and reads it as a Hindi page would."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.utils import translation

from config import refusals
from config.api.errors import DomainError, Invalid
from config.phrases import Sentence
from ledger.finance import actions as finance
from ledger.finance.actions.parts import check_parts
from ledger.khata import actions as khata
from social import actions as social
from tests.helpers import assert_error, client_for, page_client

pytestmark = pytest.mark.django_db


def devanagari(text: str) -> bool:
    return any("\u0900" <= c <= "\u097f" for c in text)


def as_a_hindi_page_reads(error: dict) -> str:
    """What a Hindi page shows for a refusal the API answered (a pushed offline change)."""
    with translation.override("hi"):
        return refusals.say_answered(error)


def refused(call) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value


def _inr(user):
    finance.ensure_finance(user)
    return finance.create_account(user, name="Savings", kind="bank", currency="INR", opening_balance=Decimal("0"))


def _usd_ofx() -> str:
    return ("OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD"
            "<BANKTRANLIST><STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260105<TRNAMT>-4.50<FITID>F1<NAME>Coffee</STMTTRN>"
            "</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n")


def test_an_answered_refusal_keeps_its_english_and_carries_its_words(alice):
    account = _inr(alice)
    response = client_for(alice).post("/api/finance/imports", {"account_id": str(account.id), "format": "ofx",
                                                               "content": _usd_ofx()}, format="json")
    error = assert_error(response, 400, "currency_mismatch")
    assert error["message"] == "The statement is in USD, the account in INR."
    assert error["fields"]["account_id"] == ["Choose a USD account."]
    assert error["words"] == {"text": "The statement is in %(statement)s, the account in %(account)s.",
                              "args": {"statement": "USD", "account": "INR"}}
    assert as_a_hindi_page_reads(error) == "स्टेटमेंट USD में है, खाता INR में।"
    with translation.override("en"):
        assert refusals.say_answered(error) == "The statement is in USD, the account in INR."


def test_an_iou_payment_decided_twice(alice, bob):
    social.befriend(alice, other=bob)
    lender = client_for(alice)
    iou = lender.post("/api/ious", {"friend": str(bob.pk), "direction": "lent", "amount": "750.00", "currency": "INR",
                                    "date": "2026-11-01"}, format="json").json()
    payment = client_for(bob).post(f"/api/ious/{iou['id']}/payments", {"amount": "300.00"}, format="json").json()
    assert lender.post(f"/api/iou-payments/{payment['id']}/confirm", {}, format="json").status_code == 200
    error = assert_error(lender.post(f"/api/iou-payments/{payment['id']}/dispute", {}, format="json"), 409,
                         "already_decided")
    assert error["message"] == "This payment is already confirmed."
    assert as_a_hindi_page_reads(error) == "यह भुगतान पहले ही पक्का है।"


def test_a_splitwise_line_an_expense_refuses_names_its_line_and_why(alice, bob, monkeypatch):
    """The import's own checks catch what a file can get wrong; a refusal of the expense
    action itself (here made to happen) is reported with its line."""
    import social.actions.imports as imports

    def refuse(*args, **kwargs):
        raise Invalid("The expense does not add up.", code="invalid_expense")

    monkeypatch.setattr(imports, "record_expense", refuse)
    social.befriend(alice, other=bob)
    group = social.create_group(alice, name="Trip", currency="INR", members=[bob.pk])
    text = ("Date,Description,Category,Cost,Currency,Alice,Bob\n"
            "2026-01-01,Tea,General,10.00,INR,5.00,-5.00\n")
    response = client_for(alice).post(f"/api/groups/{group.pk}/import",
                                      {"csv": text, "members": {"Alice": str(alice.pk), "Bob": str(bob.pk)}},
                                      format="json")
    error = assert_error(response, 400, "bad_csv")
    assert error["message"] == "Line 2: The expense does not add up."
    shown = as_a_hindi_page_reads(error)
    assert shown.startswith("पंक्ति 2: "), shown
    assert devanagari(shown[len("पंक्ति 2: "):]), shown  # the expense's own refusal, in Hindi too


def test_a_finance_restore_of_something_else(alice):
    upload = io.BytesIO(b'{"entities": {"group": []}}')
    upload.name = "export.json"
    error = assert_error(client_for(alice).post("/api/finance/restore", {"file": upload}, format="multipart"), 400,
                         "invalid_backup")
    assert error["message"] == "Unknown kinds of record: group."
    assert as_a_hindi_page_reads(error) == "अनजाने तरह के रिकॉर्ड: group।"


def test_khata_party_imports_too_long_and_unreadable(alice):
    shop = khata.create_business(alice, name="Kirana", state_code="27")
    url = f"/api/khata/businesses/{shop.id}/parties/import"
    rows = "name\n" + "".join(f"P{n}\n" for n in range(5002))
    too_long = assert_error(client_for(alice).post(url, {"csv": rows}, format="json"), 400, "csv_too_long")
    assert as_a_hindi_page_reads(too_long) == "एक बार में ज़्यादा से ज़्यादा 5000 पंक्तियाँ इम्पोर्ट हो सकती हैं।"
    huge = "x" * (csv.field_size_limit() + 10)
    unreadable = assert_error(client_for(alice).post(url, {"csv": f'name\n"{huge}"\n'}, format="json"), 400,
                              "csv_unreadable")
    assert as_a_hindi_page_reads(unreadable).startswith("CSV पढ़ी नहीं जा सकी (")


def test_statement_files_that_cannot_be_read(alice):
    account = _inr(alice)
    api = client_for(alice)
    garbage = assert_error(api.post("/api/finance/imports", {"account_id": str(account.id), "format": "ofx",
                                                             "content": "garbage"}, format="json"),
                           400, "unreadable_file")
    assert as_a_hindi_page_reads(garbage) == "यह OFX/QFX फ़ाइल नहीं है: इसमें <OFX> हिस्सा नहीं है।"
    columns = assert_error(api.post("/api/finance/imports", {"account_id": str(account.id), "format": "csv",
                                                             "content": "a,b\n1,2\n",
                                                             "mapping": {"date": "Date", "amount": "Amt"}},
                                    format="json"), 400, "unreadable_file")
    assert columns["fields"]["mapping"] == ["Columns not in the file's header: Date, Amt."]
    assert as_a_hindi_page_reads(columns) == "ये कॉलम फ़ाइल के हेडर में नहीं हैं: Date, Amt।"


def test_gstin_parts_rules_and_invoice_states_in_hindi(alice):
    cases = [
        (refused(lambda: khata.create_business(alice, name="Sharma", gstin="27AAPFU0939F1Z0")), "invalid_gstin",
         "जाँच का अक्षर (आख़िरी वाला) मेल नहीं खाता: कोई अक्षर ग़लत लिखा गया है।"),
        (refused(lambda: khata.create_business(alice, name="Sharma", gstin="99AAPFU0939F1ZV", state_code="27")),
         "invalid_gstin", None),
        (refused(lambda: check_parts(alice.pk, direction="transfer", amount=Decimal("10"), currency="INR",
                                     category=None, parts=[])), "invalid_parts",
         "सिर्फ़ ख़र्च या आमदनी को बाँटा जा सकता है।"),
        (refused(lambda: finance.create_rule(alice, name="", payee_contains="tea", set_payee="Tea")), "invalid_rule",
         "नियम का नाम लिखें।"),
    ]
    for exc, code, hindi in cases:
        assert exc.code == code and isinstance(exc.message, Sentence), exc.message
        with translation.override("hi"):
            shown = refusals.say(exc)
        assert devanagari(shown), shown
        if hindi is not None:
            assert shown == hindi


def test_an_invoice_in_the_wrong_state_reads_its_state_and_what_was_tried():
    from invoicing.actions.invoices import refuse_transition
    from invoicing.models import Invoice

    exc = refuse_transition(Invoice(status="partially_funded"), "edited")
    assert exc.message == "An invoice that is partly funded cannot be edited."
    with translation.override("hi"):
        assert refusals.say(exc) == "जो इनवॉइस आंशिक फ़ंडेड है, उसे बदलना संभव नहीं।"


def test_the_apis_own_field_messages_read_as_the_fields_to_check():
    """DRF's validation ("A valid number is required.") has no Hindi: a Hindi page names the
    fields in Hindi instead, or says something needs checking."""
    named = {"code": "invalid", "message": "amount: A valid number is required.",
             "fields": {"amount": ["A valid number is required."], "date": ["Date has wrong format."]}}
    assert as_a_hindi_page_reads(named) == "रकम, तारीख जाँचें और फिर भेजें।"
    unnamed = {"code": "invalid", "message": "kind: bad", "fields": {"kind": ["bad"]}}
    assert as_a_hindi_page_reads(unnamed) == "इस बदलाव में कुछ ठीक नहीं है: जाँचें और फिर भेजें।"
    with translation.override("en"):
        assert refusals.say_answered(named) == "amount: A valid number is required."
    assert refusals.say(Invalid("amount: bad", code="invalid")) == "amount: bad"


def test_the_finance_import_page_shows_an_unreadable_file_in_hindi(alice):
    from social.actions import update_account

    account = _inr(alice)
    update_account(alice, changes={"locale": "hi_IN"})
    page = page_client(alice)
    upload = io.BytesIO(b"garbage")
    upload.name = "statement.ofx"
    response = page.post("/finance/import/", {"account_id": str(account.id), "format": "ofx", "file": upload})
    text = response.content.decode()
    assert "यह OFX/QFX फ़ाइल नहीं है" in text, text[:3000]
    assert "Not an OFX/QFX file" not in text
