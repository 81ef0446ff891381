"""Column presets for CSV exports of real services.

Each preset lists, per field, the header names it accepts (compared ignoring case, spaces
around and inside runs, a BOM); the first present wins. `auto` tries them in order and takes
the first whose required fields are all in the header.

- PayPal (Activity download): Date, Name, Gross/Net, Currency, Status, Transaction ID.
  The amount is Net (what reached or left the balance, fees included); rows whose Status is
  not Completed (pending, denied, reversed holds) are skipped with that reason.
- Venmo (statement CSV): a title line before the header; Datetime, Amount (total) written
  `- $10.00` / `+ $25.00`, From / To (the other party is To for money out, From for money
  in), Status; the balance lines without an ID are skipped.
- Bank with separate debit and credit columns (Withdrawal / Deposit, Money out / Money in,
  Debit / Credit, Indian banks' Withdrawal Amt. / Deposit Amt.).
- Date and amount: any file with a date and a signed amount column.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_noop


@dataclass(frozen=True)
class Preset:
    key: str
    label: str
    columns: dict[str, tuple[str, ...]]  # field -> accepted header names, lower case
    required: tuple[str, ...]
    date_order: str = "dmy"  # for files whose dates do not show their order
    completed: tuple[str, ...] = ()  # with a status column: the statuses that import
    payee_by_direction: tuple[str, str] | None = None  # (column for money out, for money in)


_DATE = ("date", "transaction date", "txn date", "tran date", "value date", "posting date", "posted date",
         "booking date", "value dt")
_PAYEE = ("description", "narration", "details", "transaction details", "particulars", "payee", "name",
          "merchant", "remarks")

PRESETS: dict[str, Preset] = {p.key: p for p in (
    Preset(
        key="paypal", label=gettext_noop("PayPal"),
        columns={"date": ("date",), "amount": ("net", "gross"), "payee": ("name",), "notes": ("type",),
                 "id": ("transaction id",), "currency": ("currency",), "status": ("status",)},
        required=("date", "amount", "id", "status"), date_order="mdy", completed=("completed",),
    ),
    Preset(
        key="venmo", label=gettext_noop("Venmo"),
        columns={"date": ("datetime",), "amount": ("amount (total)",), "notes": ("note",), "id": ("id",),
                 "status": ("status",), "from": ("from",), "to": ("to",)},
        required=("date", "amount", "id", "from", "to"), date_order="mdy", completed=("complete", "completed"),
        payee_by_direction=("to", "from"),
    ),
    Preset(
        key="bank", label=gettext_noop("Bank (debit and credit columns)"),
        columns={"date": _DATE, "payee": _PAYEE,
                 "debit": ("debit", "debit amount", "withdrawal", "withdrawals", "withdrawal amt.",
                           "withdrawal amount", "money out", "paid out", "dr"),
                 "credit": ("credit", "credit amount", "deposit", "deposits", "deposit amt.", "deposit amount",
                            "money in", "paid in", "cr"),
                 "id": ("reference", "ref no", "ref no.", "chq./ref.no.", "reference number", "transaction id")},
        required=("date", "debit", "credit"),
    ),
    Preset(
        key="simple", label=gettext_noop("Date and amount"),
        columns={"date": _DATE, "amount": ("amount", "value", "sum", "transaction amount"), "payee": _PAYEE,
                 "notes": ("memo", "notes", "note"), "id": ("id", "transaction id", "reference")},
        required=("date", "amount"),
    ),
)}


def norm(name: str) -> str:
    return " ".join(name.replace("\ufeff", "").split()).casefold()


def columns_for(preset: Preset, header: list[str]) -> dict[str, str] | None:
    """field -> the header cell it maps to, or None when a required field is missing."""
    present = {norm(h): h for h in reversed(header)}  # the first of equal names wins
    found = {}
    for name, accepted in preset.columns.items():
        hit = next((present[a] for a in accepted if a in present), None)
        if hit is not None:
            found[name] = hit
    return found if all(r in found for r in preset.required) else None
