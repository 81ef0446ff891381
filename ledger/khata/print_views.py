"""Printable pages: a party statement and a tax invoice, laid out for A4 with print CSS
(the browser's "Save as PDF" makes the PDF). Session login; members of the business only
(others get 404, as in the API)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from config import money
from config.api.errors import NotFound
from ledger.khata import selectors


def _date(raw: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


@login_required
def party_statement(request: HttpRequest, party_id: str) -> HttpResponse:
    try:
        party = selectors.get_party_for(request.user, party_id, include_deleted=True)
    except NotFound:
        raise Http404
    start, end = _date(request.GET.get("start")), _date(request.GET.get("end"))
    if start and end and start > end:
        start, end = end, start
    data = selectors.statement(party, start=start, end=end)
    cur = data["currency"]

    def show(v: str) -> str:
        return money.display(Decimal(v), cur) if v not in ("0", "0.00") else ""

    for row in data["movements"]:
        row["debit_display"], row["credit_display"] = show(row["debit"]), show(row["credit"])
        row["balance_display"] = money.display(Decimal(row["balance"]), cur)
    return render(request, "khata/print/statement.html", {
        "business": party.business, "party": party, "s": data,
        "opening": money.display(Decimal(data["opening"]), cur),
        "closing": money.display(Decimal(data["closing"]), cur),
        "total_debit": money.display(Decimal(data["total_debit"]), cur),
        "total_credit": money.display(Decimal(data["total_credit"]), cur),
        "today": dt.date.today(),
    })


@login_required
def bill_invoice(request: HttpRequest, bill_id: str) -> HttpResponse:
    try:
        bill = selectors.get_bill_for(request.user, bill_id)
    except NotFound:
        raise Http404
    cur = bill.currency
    lines = [
        {"line": x, "rounding": x.tax - x.tax_exact, **{f: money.format_amount(getattr(x, f), cur) for f in (
            "unit_price", "discount", "gross", "bill_discount", "taxable", "cgst", "sgst", "igst", "amount")}}
        for x in bill.lines.all()
    ]
    totals = {f: money.display(getattr(bill, f), cur) for f in (
        "subtotal", "discount", "taxable", "cgst", "sgst", "igst", "tax_total", "total", "paid", "outstanding")}
    totals["round_off"] = money.format_amount(bill.round_off, cur)
    return render(request, "khata/print/invoice.html", {
        "bill": bill, "business": bill.business, "party": bill.party, "lines": lines, "t": totals,
        "status": bill.status.replace("_", " "), "inter": bill.tax_mode == "inter",
    })
