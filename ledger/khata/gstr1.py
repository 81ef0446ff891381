"""A GSTR-1 summary of a business's sales for one month, from its issued sale bills and
credit notes: in the layout of the GST portal's offline tool JSON (`b2b`, `b2cl`, `b2cs`,
`cdnr`, `cdnur`, `hsn`) and as CSV.

Rules (the portal's): a bill to a party with a GSTIN is B2B, grouped by the buyer's GSTIN;
to an unregistered buyer in another state with an invoice value above B2CL_LIMIT it is
B2C large, per invoice, grouped by place of supply; every other unregistered sale is B2C
small, summed per supply type, place of supply and rate. The HSN summary sums every line
per HSN, unit and rate. Invoice items are per tax rate. Amounts are the stored Decimals of
the bills and their lines (tax already rounded per line, as printed), summed exactly and
written as JSON numbers with their exact decimal digits (never through a float).
Drafts and cancelled bills are left out, and so are purchase bills (their tax is input
tax: selectors.input_tax).

Credit notes count in the month of their own date, cancelled ones not at all: one to a
registered buyer goes in `cdnr`, grouped by the buyer's GSTIN, note type "C"; one against a
B2C large invoice (unregistered, inter-state, invoice value above B2CL_LIMIT) in `cdnur`
(type B2CL); any other unregistered one is netted off its `b2cs` row, as the portal expects.
Every credit note line is taken off the HSN summary (quantity, value, taxable value, tax).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from collections import defaultdict
from decimal import Decimal
from typing import Any

from config.csv_export import SafeWriter
from ledger.khata.models import (
    Bill,
    BillKind,
    BillState,
    Business,
    CreditNote,
    CreditNoteState,
    TaxMode,
)

B2CL_LIMIT = Decimal("100000")  # invoice value above which an inter-state B2C sale is "large" (from Aug 2024)
ZERO = Decimal(0)


def _d(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))


def _rate(value: Decimal) -> Decimal:
    return value.normalize() if value == value.to_integral() else value


def _items(lines) -> list[dict[str, Any]]:
    by_rate: dict[Decimal, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for line in lines:
        acc = by_rate[line.tax_rate]
        acc["txval"] += line.taxable
        acc["iamt"] += line.igst
        acc["camt"] += line.cgst
        acc["samt"] += line.sgst
    return [{"num": n, "itm_det": {"rt": _rate(rate), "txval": _d(a["txval"]), "iamt": _d(a["iamt"]),
                                   "camt": _d(a["camt"]), "samt": _d(a["samt"]), "csamt": _d(ZERO)}}
            for n, (rate, a) in enumerate(sorted(by_rate.items()), start=1)]


def _pos(bill: Bill, business: Business) -> str:
    return bill.party.state_code or business.state_code


def _span(month: dt.date) -> tuple[dt.date, dt.date]:
    start = month.replace(day=1)
    return start, (start + dt.timedelta(days=32)).replace(day=1)


def month_bills(business: Business, month: dt.date):
    start, end = _span(month)
    return (Bill.objects.filter(business=business, kind=BillKind.SALE, state=BillState.ISSUED, deleted_at=None,
                                issue_date__gte=start, issue_date__lt=end)
            .select_related("party").prefetch_related("lines").order_by("issue_date", "seq", "id"))


def month_credit_notes(business: Business, month: dt.date):
    start, end = _span(month)
    return (CreditNote.objects.filter(business=business, state=CreditNoteState.ISSUED, deleted_at=None,
                                      date__gte=start, date__lt=end)
            .select_related("party", "bill").prefetch_related("lines").order_by("date", "seq", "id"))


def _is_b2cl(bill: Bill) -> bool:
    return not bill.party.gstin and bill.tax_mode == TaxMode.INTER and bill.total > B2CL_LIMIT


def _add_hsn(hsn: dict, lines, sign: int) -> None:
    for line in lines:
        acc = hsn[(line.hsn or "", (line.unit or "OTH").upper()[:3], line.tax_rate)]
        acc["qty"] += sign * line.quantity
        acc["val"] += sign * line.amount
        acc["txval"] += sign * line.taxable
        acc["iamt"] += sign * line.igst
        acc["camt"] += sign * line.cgst
        acc["samt"] += sign * line.sgst


def _add_b2cs(b2cs: dict, bill: Bill, pos: str, lines, sign: int) -> None:
    supply = "INTER" if bill.tax_mode == TaxMode.INTER else "INTRA"
    for line in lines:
        acc = b2cs[(supply, pos, line.tax_rate)]
        for key, value in (("txval", line.taxable), ("iamt", line.igst), ("camt", line.cgst), ("samt", line.sgst)):
            acc[key] += sign * value


def summary(business: Business, month: dt.date) -> dict[str, Any]:
    """The month's GSTR-1 as the offline tool's JSON (Decimals where the tool has numbers)."""
    b2b: dict[str, list] = defaultdict(list)
    b2cl: dict[str, list] = defaultdict(list)
    b2cs: dict[tuple, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    hsn: dict[tuple, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    cdnr: dict[str, list] = defaultdict(list)
    cdnur: list[dict[str, Any]] = []
    for bill in month_bills(business, month):
        lines = list(bill.lines.all())
        pos = _pos(bill, business)
        invoice = {"inum": bill.number, "idt": bill.issue_date.strftime("%d-%m-%Y"), "val": _d(bill.total),
                   "pos": pos, "itms": _items(lines)}
        if bill.party.gstin:
            b2b[bill.party.gstin.upper()].append({**invoice, "rchrg": "N", "inv_typ": "R"})
        elif _is_b2cl(bill):
            b2cl[pos].append({k: v for k, v in invoice.items() if k != "pos"})
        else:
            _add_b2cs(b2cs, bill, pos, lines, 1)
        _add_hsn(hsn, lines, 1)
    for note in month_credit_notes(business, month):
        lines = list(note.lines.all())
        pos = _pos(note.bill, business)
        entry = {"nt_num": note.number, "nt_dt": note.date.strftime("%d-%m-%Y"), "ntty": "C", "val": _d(note.total),
                 "pos": pos}
        if note.party.gstin:
            cdnr[note.party.gstin.upper()].append({**entry, "rchrg": "N", "inv_typ": "R", "itms": _items(lines)})
        elif _is_b2cl(note.bill):
            cdnur.append({"typ": "B2CL", **entry, "itms": _items(lines)})
        else:
            _add_b2cs(b2cs, note.bill, pos, lines, -1)
        _add_hsn(hsn, lines, -1)
    return {
        "gstin": business.gstin,
        "fp": month.strftime("%m%Y"),
        "b2b": [{"ctin": ctin, "inv": invs} for ctin, invs in sorted(b2b.items())],
        "b2cl": [{"pos": pos, "inv": invs} for pos, invs in sorted(b2cl.items())],
        "b2cs": [{"sply_ty": supply, "pos": pos, "typ": "OE", "rt": _rate(rate), "txval": _d(a["txval"]),
                  "iamt": _d(a["iamt"]), "camt": _d(a["camt"]), "samt": _d(a["samt"]), "csamt": _d(ZERO)}
                 for (supply, pos, rate), a in sorted(b2cs.items())],
        "cdnr": [{"ctin": ctin, "nt": notes} for ctin, notes in sorted(cdnr.items())],
        "cdnur": cdnur,
        "hsn": {"data": [{"num": n, "hsn_sc": code, "uqc": unit, "rt": _rate(rate), "qty": a["qty"].normalize(),
                          "val": _d(a["val"]), "txval": _d(a["txval"]), "iamt": _d(a["iamt"]),
                          "camt": _d(a["camt"]), "samt": _d(a["samt"]), "csamt": _d(ZERO)}
                         for n, ((code, unit, rate), a) in enumerate(sorted(hsn.items()), start=1)]},
    }


_NUMBER = "\u0000n:"


def to_json(data: dict[str, Any]) -> str:
    """JSON with every Decimal written as a number with exactly its digits."""
    def mark(value: Any) -> Any:
        if isinstance(value, Decimal):
            return f"{_NUMBER}{value:f}"
        if isinstance(value, dict):
            return {k: mark(v) for k, v in value.items()}
        if isinstance(value, list):
            return [mark(v) for v in value]
        return value

    text = json.dumps(mark(data), ensure_ascii=False)
    return re.sub(r'"\\u0000n:(-?[0-9]+(?:\.[0-9]+)?)"', r"\1", text)


def to_csv_zip(data: dict[str, Any]) -> bytes:
    """One CSV per section, a row per invoice or note item (B2B, B2CL, CDNR, CDNUR) or per summed row."""
    tables: dict[str, tuple[list[str], list[list[Any]]]] = {
        "b2b": (["ctin", "inum", "idt", "val", "pos", "rt", "txval", "iamt", "camt", "samt"],
                [[g["ctin"], i["inum"], i["idt"], i["val"], i["pos"], *_item(it)]
                 for g in data["b2b"] for i in g["inv"] for it in i["itms"]]),
        "b2cl": (["pos", "inum", "idt", "val", "rt", "txval", "iamt", "camt", "samt"],
                 [[g["pos"], i["inum"], i["idt"], i["val"], *_item(it)]
                  for g in data["b2cl"] for i in g["inv"] for it in i["itms"]]),
        "b2cs": (["sply_ty", "pos", "rt", "txval", "iamt", "camt", "samt"],
                 [[r["sply_ty"], r["pos"], r["rt"], r["txval"], r["iamt"], r["camt"], r["samt"]] for r in data["b2cs"]]),
        "cdnr": (["ctin", "nt_num", "nt_dt", "ntty", "val", "pos", "rt", "txval", "iamt", "camt", "samt"],
                 [[g["ctin"], n["nt_num"], n["nt_dt"], n["ntty"], n["val"], n["pos"], *_item(it)]
                  for g in data["cdnr"] for n in g["nt"] for it in n["itms"]]),
        "cdnur": (["typ", "nt_num", "nt_dt", "ntty", "val", "pos", "rt", "txval", "iamt", "camt", "samt"],
                  [[n["typ"], n["nt_num"], n["nt_dt"], n["ntty"], n["val"], n["pos"], *_item(it)]
                   for n in data["cdnur"] for it in n["itms"]]),
        "hsn": (["hsn_sc", "uqc", "rt", "qty", "val", "txval", "iamt", "camt", "samt"],
                [[r["hsn_sc"], r["uqc"], r["rt"], r["qty"], r["val"], r["txval"], r["iamt"], r["camt"], r["samt"]]
                 for r in data["hsn"]["data"]]),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, (header, rows) in tables.items():
            text = io.StringIO()
            writer = SafeWriter(text)
            writer.writerow(header)
            writer.writerows([[f"{c:f}" if isinstance(c, Decimal) else c for c in row] for row in rows])
            archive.writestr(f"gstr1-{data['fp']}/{name}.csv", text.getvalue())
    return buffer.getvalue()


def _item(item: dict[str, Any]) -> list[Any]:
    d = item["itm_det"]
    return [d["rt"], d["txval"], d["iamt"], d["camt"], d["samt"]]
