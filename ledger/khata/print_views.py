"""Printable pages: a party statement and a tax invoice, laid out for A4 with print CSS
(the browser's "Save as PDF" makes the PDF). Session login; members of the business only
(others get 404, as in the API)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from config import display
from config.api.errors import NotFound
from ledger.khata import selectors, statement_links
from social.page_tools import page, query_range


@page
def party_statement(request: HttpRequest, party_id: str) -> HttpResponse:
    try:
        party = selectors.get_party_for(request.user, party_id, include_deleted=True)
    except NotFound:
        raise Http404
    start, end = query_range(request)  # impossible, reversed or overlong: a 400 page
    return _statement(request, party, start=start, end=end)


def shared_statement(request: HttpRequest, token: str) -> HttpResponse:
    """The statement a business shared by link (ledger.khata.statement_links): no sign-in, no
    account; a forged, expired, withdrawn or stale link (party or business deleted) is a 404."""
    claim = statement_links.read(token)
    if claim is None:
        raise Http404
    try:
        party = selectors.get_shared_party(*claim)
    except NotFound:
        raise Http404
    response = _statement(request, party, start=None, end=None, shared=True)  # the whole account
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"  # the link is the key: never sent on to another site
    response["Cache-Control"] = "private, no-store"
    return response


def _statement(request: HttpRequest, party, *, start, end, shared: bool = False) -> HttpResponse:
    data = selectors.statement(party, start=start, end=end)
    cur = data["currency"]

    def show(v: str) -> str:
        return display.money(Decimal(v), cur) if v not in ("0", "0.00") else ""

    for row in data["movements"]:
        row["debit_display"], row["credit_display"] = show(row["debit"]), show(row["credit"])
        row["balance_display"] = display.money(Decimal(row["balance"]), cur)
    return render(request, "khata/print/statement.html", {
        "business": party.business, "party": party, "s": data, "shared": shared,
        "opening": display.money(Decimal(data["opening"]), cur),
        "closing": display.money(Decimal(data["closing"]), cur),
        "total_debit": display.money(Decimal(data["total_debit"]), cur),
        "total_credit": display.money(Decimal(data["total_credit"]), cur),
        "today": party.business.today(),
    })


@login_required
def bill_invoice(request: HttpRequest, bill_id: str) -> HttpResponse:
    try:
        bill = selectors.get_bill_for(request.user, bill_id)
    except NotFound:
        raise Http404
    cur = bill.currency
    lines = [
        {"line": x, "rounding": display.number(x.tax - x.tax_exact), **{f: display.amount(getattr(x, f), cur) for f in (
            "unit_price", "discount", "gross", "bill_discount", "taxable", "cgst", "sgst", "igst", "amount")}}
        for x in bill.lines.all()
    ]
    totals = {f: display.money(getattr(bill, f), cur) for f in (
        "subtotal", "discount", "taxable", "cgst", "sgst", "igst", "tax_total", "total", "paid", "outstanding")}
    totals["round_off"] = display.amount(bill.round_off, cur)
    return render(request, "khata/print/invoice.html", {
        "bill": bill, "business": bill.business, "party": bill.party, "lines": lines, "t": totals,
        "status": display.state(bill.status), "currency": cur, "inter": bill.tax_mode == "inter",
    })


@login_required
def credit_note(request: HttpRequest, note_id: str) -> HttpResponse:
    """A credit note laid out as its bill's invoice is (same tax columns)."""
    try:
        note = selectors.get_credit_note_for(request.user, note_id)
    except NotFound:
        raise Http404
    cur = note.currency
    lines = [
        {"line": x, **{f: display.amount(getattr(x, f), cur) for f in ("unit_price", "taxable", "cgst", "sgst", "igst",
                                                                       "amount")}}
        for x in note.lines.all()
    ]
    totals = {f: display.money(getattr(note, f), cur) for f in ("taxable", "cgst", "sgst", "igst", "tax_total", "total")}
    totals["round_off"] = display.amount(note.round_off, cur)
    return render(request, "khata/print/credit_note.html", {
        "note": note, "bill": note.bill, "business": note.business, "party": note.party, "lines": lines, "t": totals,
        "status": display.state(note.state), "currency": cur, "inter": note.tax_mode == "inter",
    })
