"""Every refusal an action can give reads in the page's language (config/refusals.py).

The scan below finds each refusal raised with a code in the product's code: one with a fixed
message must be a page message (`FIXED`) or have a sentence for its code (`WORDS`); one whose
message carries details (an f-string) needs a `WORDS` sentence or a place in
`SENTENCES` (a message made as a config.phrases.Sentence), so a new refusal cannot reach a
Hindi page in English unnoticed."""

from __future__ import annotations

import ast
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

from config import refusals
from config.api.errors import Conflict, Invalid
from ledger.khata import actions as khata
from social.actions import update_account

ROOT = Path(__file__).resolve().parents[2]
APPS = ("config", "ledger", "social", "invoicing", "realtime")

# Refusals pages never show (the sync protocol's own): the action's English.
API_ONLY = {"resync_required", "mutation_gap", "unknown_parameter"}
# Refusals raised with a message made earlier (a variable): each of these is a
# config.phrases.Sentence, shown with its details in the page's language; every code here is
# met and read in Hindi by tests/pages/test_refusal_details.py.
SENTENCES = {"invalid_backup", "invalid_gstin", "invalid_parts", "invalid_rule", "unreadable_file"}


def refusals_raised() -> list[tuple[str, str | None, str]]:
    """(code, fixed message or None for one with details, where) for every call with `code=`."""
    found = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if not isinstance(node, ast.Call) or not node.args:
                    continue
                code = next((k.value for k in node.keywords if k.arg == "code"), None)
                if not (isinstance(code, ast.Constant) and isinstance(code.value, str)):
                    continue
                first = node.args[0]
                if isinstance(first, ast.Call):  # _("…"): translated where it is raised
                    continue
                message = first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None
                found.append((code.value, message, f"{path.relative_to(ROOT)}:{node.lineno}"))
    return found


def test_the_scan_finds_the_refusals():
    codes = {code for code, __, __ in refusals_raised()}
    assert {"bill_financed", "credit_limit_exceeded", "seller_cannot_fund", "invite_used"} <= codes
    assert len(codes) > 80


def test_every_refusal_a_page_can_show_has_words_in_the_pages_language():
    missing = []
    for code, message, where in refusals_raised():
        if code in API_ONLY:
            continue
        if code in refusals.FIELD_FIRST:
            continue
        if message is not None and message not in refusals.FIXED and code not in refusals.WORDS:
            missing.append((where, code, message))
        if message is None and code not in refusals.WORDS and code not in SENTENCES:
            missing.append((where, code, "(a message with details)"))
    assert missing == []


def test_each_refusal_made_of_a_sentence_is_read_in_hindi_by_a_test():
    details = (ROOT / "tests" / "pages" / "test_refusal_details.py").read_text()
    assert [code for code in sorted(SENTENCES) if f'"{code}"' not in details] == []


def test_every_message_id_the_code_marks_has_a_hindi_translation():
    """Messages marked with gettext_noop (refusals' sentences, activity lines, notifications)
    are looked up when shown: one missing from the catalogue would show in English."""
    from babel.messages.pofile import read_po

    po = read_po((ROOT / "locale" / "hi" / "LC_MESSAGES" / "django.po").open("rb"))
    translated = {m.id for m in po if isinstance(m.id, str) and m.context is None and m.string}
    missing = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "gettext_noop" and node.args
                        and isinstance(node.args[0], ast.Constant) and node.args[0].value not in translated):
                    missing.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.args[0].value}")
    assert missing == []


def test_every_page_message_is_still_one_an_action_raises():
    """`FIXED` copies the actions' messages: a message reworded in its action (or a refusal
    removed) must not leave a stale copy behind."""
    raised = {message for __, message, __ in refusals_raised() if message is not None}
    assert sorted(refusals.FIXED - raised) == []


def test_every_page_sentence_has_a_hindi_translation():
    untranslated = []
    with translation.override("hi"):
        for message in refusals.FIXED:
            if refusals.in_page_language(Invalid(message, code="any")) == message:
                untranslated.append(message)
        details = {"credit_limit": "₹1.00", "balance_after": "₹2.00", "balance": "₹0.00", "outstanding": "₹3.00"}
        for code, words in refusals.WORDS.items():
            shown = words(Invalid("(English)", code=code, extra=details)) if callable(words) else str(words)
            if not any("\u0900" <= c <= "\u097f" for c in shown):  # no Devanagari: still English
                untranslated.append(code)
    assert untranslated == []


def test_details_are_filled_in_and_a_refusal_without_them_keeps_its_own_words(settings):
    over = Conflict("This takes Tata to ₹1,200.00, over the credit limit of ₹1,000.00.", code="credit_limit_exceeded",
                    extra={"credit_limit": "₹1,000.00", "balance_after": "₹1,200.00", "balance": "₹900.00"})
    settings.INVOICING_MIN_DAYS_TO_DUE = 21
    with translation.override("hi"):
        assert refusals.say(over) == ("इससे बकाया ₹1,200.00 हो जाएगा, जो ₹1,000.00 की उधार सीमा से ज़्यादा है। "
                                      "मैनेजर या मालिक इसे मंज़ूर कर सकते हैं।")
        assert "21 दिन" in refusals.say(Invalid("…", code="due_date_too_soon"))
        bare = Conflict("Over the limit.", code="credit_limit_exceeded")
        assert refusals.say(bare) == "Over the limit."
        # A message with details and no sentence for its code: the action's own words.
        assert refusals.say(Invalid("Line 3: bad date.", code="csv_whatever")) == "Line 3: bad date."
    assert refusals.say(Invalid("This account is archived.", code="account_archived")) == "This account is archived."


def _hindi(user) -> Client:
    update_account(user, changes={"locale": "hi_IN"})
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_a_khata_refusal_on_the_bill_page_reads_in_hindi(alice):
    shop = khata.create_business(alice, name="Sharma Traders", state_code="27")
    party = khata.create_party(alice, business=shop, kind="customer", name="Tata Steel Ltd")
    today = shop.today()
    bill = khata.create_bill(alice, business=shop, party_id=party.id, issue_date=today,
                             due_date=today + dt.timedelta(days=5),
                             lines=[{"description": "Steel", "quantity": Decimal(1), "unit_price": Decimal("100.00")}])
    client = _hindi(alice)
    # Listing a bill due in five days: the marketplace's term, in Hindi, on the bill's page.
    html = client.post(f"/market/bills/{bill.pk}/list/", {"discount_rate": "12"}, follow=True).content.decode()
    assert "लिस्ट करने के लिए देय तारीख कम से कम 15 दिन आगे होनी चाहिए।" in html
    assert "days ahead" not in html
    # Cancelling an issued bill that has a payment: refused, in Hindi.
    khata.record_payment(alice, bill=bill, amount=Decimal("10.00"))
    html = client.post(f"/khata/bills/{bill.pk}/cancel/", follow=True).content.decode()
    assert "सिर्फ़ बिना भुगतान वाला जारी बिल रद्द हो सकता है" in html and "can be cancelled" not in html


@pytest.mark.django_db
def test_a_clerks_refusal_page_reads_in_hindi(alice, carol):
    from ledger.khata.models import Role

    shop = khata.create_business(alice, name="Sharma Traders", state_code="27")
    khata.add_member(alice, business=shop, user=carol, role=Role.CLERK)
    response = _hindi(carol).get(f"/khata/{shop.pk}/cashbook/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "इस व्यापार में आपकी भूमिका इसकी अनुमति नहीं देती।" in html and "cannot do this" not in html
    # In English the action's own words, which say who may.
    carol.profile.locale = "en_IN"
    carol.profile.save()
    english = Client()
    english.force_login(carol)
    assert "only a manager or owner may" in english.get(f"/khata/{shop.pk}/cashbook/").content.decode()


@pytest.mark.django_db
def test_a_missing_page_reads_in_hindi(alice):
    response = _hindi(alice).get("/khata/bills/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>नहीं मिला</h1>" in html and "Not Found" not in html


@pytest.mark.django_db
def test_signing_up_with_a_taken_address_says_so_in_hindi(alice):
    from tests.conftest import PASSWORD

    client = Client(headers={"accept-language": "hi"})
    html = client.post("/signup/", {"name": "A", "email": "alice@example.com", "password": PASSWORD}).content.decode()
    assert 'id="id_email_error"' in html and "इस ईमेल से खाता पहले से मौजूद है।" in html
    assert "An account with this email exists." not in html


@pytest.mark.django_db
def test_sums_that_do_not_add_up_are_money_in_the_pages_language(alice, bob):
    """'Payers add up to …': both sums through the money formatter, in Hindi on a Hindi page and
    in English in the API's error shape (the same refusal)."""
    from social.actions import befriend, create_group
    from tests.helpers import client_for

    befriend(alice, other=bob)
    group = create_group(alice, name="Goa", currency="INR", members=[bob.pk])
    form = {"description": "Villa", "amount": "1800", "currency": "INR", "date": "2026-12-01", "method": "equal",
            f"paid_{alice.pk.hex}": "1000", f"paid_{bob.pk.hex}": "500",
            f"in_{alice.pk.hex}": "on", f"in_{bob.pk.hex}": "on"}
    html = _hindi(alice).post(f"/groups/{group.pk}/expenses/new/", form).content.decode()
    assert "भुगतान करने वालों की रकम का जोड़ ₹1,500.00 है, ₹1,800.00 नहीं।" in html and "Payers" not in html

    answer = client_for(alice).post("/api/expenses", {
        "group": str(group.pk), "description": "Villa", "amount": "1800.00", "currency": "INR", "date": "2026-12-01",
        "paid_by": [{"user": str(alice.pk), "amount": "1000.00"}, {"user": str(bob.pk), "amount": "500.00"}],
        "split": {"method": "exact", "amounts": {str(alice.pk): "900.00", str(bob.pk): "800.00"}},
    }, format="json")
    assert answer.status_code == 400, answer.content
    assert answer.json()["error"]["fields"] == {"paid_by": ["Payers add up to ₹1,500.00, not ₹1,800.00."],
                                                "split": ["Exact amounts add up to ₹1,700.00, not ₹1,800.00."]}
