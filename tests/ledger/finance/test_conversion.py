from __future__ import annotations

from datetime import date
from decimal import Decimal, localcontext

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.finance import actions
from ledger.finance.conversion import EXACT, Converter, round_money
from ledger.finance.models import ExchangeRate
from tests.helpers import assert_error, assert_hidden_from, client_for

from .conftest import expense

pytestmark = pytest.mark.django_db


def test_rate_of_the_transaction_date_applies(alice_client, alice):
    usd = actions.create_account(alice, name="US", kind="bank", currency="USD")
    for d, rate in (("2026-01-01", "80"), ("2026-02-01", "83.50")):
        r = alice_client.post("/api/finance/rates", {"base": "USD", "quote": "INR", "rate": rate, "effective_date": d}, format="json")
        assert r.status_code == 201, r.json()
    expense(alice, usd, "1.00", on=date(2026, 1, 31))
    expense(alice, usd, "1.00", on=date(2026, 2, 1))
    expense(alice, usd, "1.00", on=date(2025, 12, 31))  # before any rate: reported, not guessed
    body = alice_client.get("/api/finance/reports/income-expense?from=2025-12-01&to=2026-02-28").json()
    assert [m["expense"] for m in body["months"]] == ["0.00", "80.00", "83.50"]
    assert body["missing_rates"] == [{"currency": "USD", "earliest_date": "2025-12-31"}]


def test_own_rate_wins_over_admin_rate_and_inverse_is_used(alice):
    ExchangeRate.objects.create(owner=None, base="EUR", quote="INR", rate=Decimal("90"), effective_date=date(2026, 1, 1))
    actions.set_rate(alice, base="EUR", quote="INR", rate=Decimal("91"), effective_date=date(2026, 1, 1))
    actions.set_rate(alice, base="INR", quote="GBP", rate=Decimal("0.0093"), effective_date=date(2026, 1, 1))
    conv = Converter(alice.id, "INR", {"EUR", "GBP"})
    assert conv.exact(Decimal("2"), "EUR", date(2026, 3, 1)) == Decimal("182")
    # Only INR->GBP is known: GBP->INR divides by it (50 significant digits), rounded at the end.
    assert round_money(conv.exact(Decimal("0.93"), "GBP", date(2026, 3, 1)), "INR") == Decimal("100.00")


def test_rounding_is_once_at_the_end_half_even(alice):
    actions.set_rate(alice, base="USD", quote="INR", rate=Decimal("0.125"), effective_date=date(2026, 1, 1))
    conv = Converter(alice.id, "INR", {"USD"})
    parts = [conv.exact(Decimal("0.20"), "USD", date(2026, 1, 2)) for _ in range(3)]  # 0.025 each
    assert parts == [Decimal("0.025")] * 3
    assert round_money(sum(parts), "INR") == Decimal("0.08")  # 0.075 -> 0.08 (half-even), not 3 x 0.02/0.03
    assert round_money(Decimal("0.025"), "INR") == Decimal("0.02")


@settings(max_examples=60, deadline=None)
@given(
    amount=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999999999.99"), places=2),
    rate=st.decimals(min_value=Decimal("0.0000000001"), max_value=Decimal("99999.9999999999"), places=10),
)
def test_conversion_is_exact_for_any_amount_and_rate(amount, rate):
    conv = Converter.__new__(Converter)
    conv.target, conv.missing = "INR", {}
    conv._timeline = {"USD": ([date(2020, 1, 1)], [rate])}
    exact = conv.exact(amount, "USD", date(2026, 1, 1))
    assert exact == amount * rate  # no rounding happened (Decimal default context would round)
    assert exact / rate == amount


def test_rate_field_errors_and_access(alice_client, bob):
    r = alice_client.post("/api/finance/rates", {"base": "USD", "quote": "USD", "rate": "0", "effective_date": "x"}, format="json")
    assert set(assert_error(r, 400)["fields"]) == {"rate", "effective_date"}
    r = alice_client.post("/api/finance/rates", {"base": "USD", "quote": "USD", "rate": "1", "effective_date": "2026-01-01"}, format="json")
    assert set(assert_error(r, 400)["fields"]) == {"quote"}
    rate = alice_client.post("/api/finance/rates", {"base": "USD", "quote": "INR", "rate": "83", "effective_date": "2026-01-01"},
                             format="json").json()
    assert_hidden_from(client_for(bob), f"/api/finance/rates/{rate['id']}", methods=("get", "delete"))
    assert client_for(bob).get("/api/finance/rates").json()["count"] == 0
    assert alice_client.delete(f"/api/finance/rates/{rate['id']}").status_code == 204


def test_database_conversion_equals_python_conversion_exactly(alice):
    """Reports convert in SQL (numeric arithmetic); it must agree with Decimal to the last digit."""
    from django.db.models import Sum

    from ledger.finance.models import Transaction
    from ledger.finance.reports import converter_for

    usd = actions.create_account(alice, name="US", kind="bank", currency="USD")
    gbp = actions.create_account(alice, name="UK", kind="bank", currency="GBP")
    actions.set_rate(alice, base="USD", quote="INR", rate=Decimal("83.1234567891"), effective_date=date(2026, 1, 1))
    actions.set_rate(alice, base="USD", quote="INR", rate=Decimal("84.0000000007"), effective_date=date(2026, 1, 15))
    actions.set_rate(alice, base="INR", quote="GBP", rate=Decimal("0.0093"), effective_date=date(2026, 1, 1))
    amounts = [("0.01", 2), ("999999.99", 14), ("12.34", 20), ("7.77", 31)]
    for amt, day in amounts:
        for acc in (usd, gbp):
            expense(alice, acc, amt, on=date(2026, 1, day))
    expense(alice, usd, "5", on=date(2025, 12, 31))  # before any rate
    conv = converter_for(alice.id, "INR", date(2026, 1, 31))
    qs = Transaction.objects.filter(owner=alice)
    row = qs.aggregate(s=Sum(conv.sql_amount(date(2025, 12, 1), date(2026, 1, 31))), **conv.sql_missing())
    conv.note_missing(row)
    with localcontext(EXACT):
        python = sum(conv.exact(t.amount, t.currency, t.date) or 0 for t in qs)
    assert row["s"] == python
    assert conv.missing == {"USD": date(2025, 12, 31)}
