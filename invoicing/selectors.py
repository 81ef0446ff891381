"""invoicing's reads, with access checks built in. Someone else's invoice is not found."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_FLOOR, Decimal
from typing import Any
from uuid import UUID

from django.db.models import (
    Count,
    DateField,
    DateTimeField,
    DecimalField,
    ExpressionWrapper,
    F,
    Func,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from config import clock, money
from config.api.errors import NotFound
from invoicing import pricing
from invoicing.models import Account, AccountKind, Investment, Invoice, InvoiceStatus, Leg
from invoicing.models.invoices import OPEN_STATUSES

_ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=19, decimal_places=4))
_PCT = DecimalField(max_digits=30, decimal_places=10)


# An invoice's day is its seller's (`actions.invoices.today`): every read that serializes
# invoices joins the seller's profile, so `days_to_due` reads no row per invoice.
SELLER_ZONE = "seller__profile"


def invoices_visible_to(user) -> QuerySet[Invoice]:
    """Open listings (every active user is an investor), the user's own invoices, and those
    they invested in."""
    invested = Investment.objects.filter(investor=user).values("invoice_id")
    return Invoice.objects.filter(
        Q(seller=user) | Q(status__in=OPEN_STATUSES) | Q(pk__in=invested), deleted_at=None
    ).select_related(SELLER_ZONE)


def get_invoice_for(user, invoice_id: UUID) -> Invoice:
    invoice = invoices_visible_to(user).filter(pk=invoice_id).first()
    if invoice is None:
        raise NotFound("No such invoice.")
    return invoice


def get_own_invoice(user, invoice_id: UUID) -> Invoice:
    invoice = Invoice.objects.filter(pk=invoice_id, seller=user, deleted_at=None).select_related(SELLER_ZONE).first()
    if invoice is None:
        raise NotFound("No such invoice.")
    return invoice


def seller_invoices(user, *, status: str | None = None) -> QuerySet[Invoice]:
    qs = Invoice.objects.filter(seller=user, deleted_at=None).select_related(SELLER_ZONE)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def invoice_investments(user, invoice: Invoice) -> QuerySet[Investment]:
    """The seller sees every investment in its invoice; an investor only their own."""
    qs = Investment.objects.filter(invoice=invoice).select_related("invoice")
    if invoice.seller_id != user.pk:
        qs = qs.filter(investor=user)
    return qs.order_by("created_at", "id")


MARKET_ORDERINGS = {
    "due_date": ("due_date", "id"), "-due_date": ("-due_date", "id"),
    "yield": ("yield_ratio", "id"), "-yield": ("-yield_ratio", "id"),
    "funded": ("funded_ratio", "id"), "-funded": ("-funded_ratio", "id"),
    "face_amount": ("face_amount", "id"), "-face_amount": ("-face_amount", "id"),
    "listed_at": ("listed_at", "id"), "-listed_at": ("-listed_at", "id"),
}


def seller_today() -> Cast:
    """The invoice's day in SQL, as `actions.invoices.today` has it: now (Django's clock, not
    the database's) in the seller's profile zone, the default zone without a profile."""
    zone = Coalesce(F("seller__profile__time_zone"), Value(clock.DEFAULT_ZONE))
    return Cast(Func(zone, Value(timezone.now()), function="timezone", output_field=DateTimeField()), DateField())


def marketplace(
    *, currency: str | None = None, min_yield: Decimal | None = None,
    max_days_to_due: int | None = None, min_face: Decimal | None = None, max_face: Decimal | None = None,
    seller: Any | None = None, ordering: str = "due_date",
) -> QuerySet[Invoice]:
    """Open listings. `yield_ratio` is (face/advance - 1) x 365/priced days (a fraction).
    `max_days_to_due` counts as `days_to_due` does, from each invoice's day (its seller's),
    not the viewer's: the filter keeps exactly the listings that show at most that many days."""
    qs = Invoice.objects.filter(status__in=OPEN_STATUSES, deleted_at=None).select_related(SELLER_ZONE).annotate(
        yield_ratio=ExpressionWrapper(
            (F("face_amount") - F("advance_amount")) * Value(Decimal(365)) / (F("advance_amount") * F("priced_days")),
            output_field=_PCT,
        ),
        funded_ratio=ExpressionWrapper(F("funded_amount") / F("advance_amount"), output_field=_PCT),
        seller_today=seller_today(),
    )
    if currency:
        qs = qs.filter(currency=currency)
    if min_yield is not None:
        qs = qs.filter(yield_ratio__gte=min_yield / 100)
    if max_days_to_due is not None:
        qs = qs.filter(
            due_date__lte=ExpressionWrapper(F("seller_today") + Value(timedelta(days=max_days_to_due)),
                                            output_field=DateField()))
    if min_face is not None:
        qs = qs.filter(face_amount__gte=min_face)
    if max_face is not None:
        qs = qs.filter(face_amount__lte=max_face)
    if seller is not None:
        qs = qs.exclude(seller=seller)
    return qs.order_by(*MARKET_ORDERINGS[ordering])


def investments_visible_to(user) -> QuerySet[Investment]:
    return Investment.objects.filter(Q(investor=user) | Q(invoice__seller=user)).select_related("invoice")


def portfolio(user) -> QuerySet[Investment]:
    return Investment.objects.filter(investor=user).select_related("invoice__" + SELLER_ZONE).order_by("-created_at", "-id")


def wallets_for(user) -> QuerySet[Account]:
    return Account.objects.filter(kind=AccountKind.WALLET, owner=user).order_by("currency")


def journal_for(user, *, currency: str | None = None) -> QuerySet[Leg]:
    qs = Leg.objects.filter(account__owner=user, account__kind=AccountKind.WALLET)
    if currency:
        qs = qs.filter(account__currency=currency)
    return qs.select_related("posting", "account", "posting__invoice").order_by("-id")


def seller_dashboard(user) -> dict[str, Any]:
    qs = Invoice.objects.filter(seller=user, deleted_at=None)
    counts = {s: 0 for s in InvoiceStatus.values}
    for row in qs.values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    by_currency = []
    disbursed = (InvoiceStatus.FUNDED, InvoiceStatus.OVERDUE, InvoiceStatus.DEFAULTED, InvoiceStatus.REPAID)
    for row in qs.exclude(status=InvoiceStatus.WITHDRAWN).values("currency").order_by("currency").annotate(
        face_total=Coalesce(Sum("face_amount"), _ZERO),
        listed_face=Coalesce(Sum("face_amount", filter=Q(status__in=OPEN_STATUSES)), _ZERO),
        funding_received=Coalesce(Sum("funded_amount", filter=Q(status__in=OPEN_STATUSES)), _ZERO),
        advance_received=Coalesce(Sum(F("advance_amount") - F("fee_amount"), filter=Q(status__in=disbursed)), _ZERO),
        fees_paid=Coalesce(Sum("fee_amount", filter=Q(status__in=disbursed)), _ZERO),
        repaid=Coalesce(Sum("repaid_amount"), _ZERO),
        outstanding=Coalesce(
            Sum(F("face_amount") - F("repaid_amount"), filter=Q(status__in=disbursed)), _ZERO
        ),
    ):
        by_currency.append(row)
    return {"counts": counts, "totals": by_currency}


@dataclass(frozen=True)
class Position:
    """An investor's position as the portfolio shows it."""

    investment: Investment
    expected_face: Decimal  # the face share (estimated pro rata until the invoice is funded)
    expected_return: Decimal
    realised_return: Decimal
    annual_yield: Decimal  # percent


def position_of(investment: Investment) -> Position:
    invoice = investment.invoice
    currency = investment.currency
    if investment.refunded_at is not None:  # the listing expired: the money went back
        return Position(investment, investment.amount, Decimal(0), Decimal(0), Decimal("0.00"))
    if investment.face_share is not None:
        face = investment.face_share
    else:
        face = money.quantize(investment.amount * invoice.face_amount / invoice.advance_amount, currency, ROUND_FLOOR)
    realised = Decimal(0)
    if investment.repaid_amount and investment.face_share:
        cost = money.quantize(investment.amount * investment.repaid_amount / investment.face_share, currency)
        realised = investment.repaid_amount - cost
    return Position(
        investment=investment,
        expected_face=face,
        expected_return=face - investment.amount,
        realised_return=realised,
        annual_yield=pricing.quantize_percent(
            pricing.annual_yield_percent(invoice.face_amount, invoice.advance_amount, invoice.priced_days or 0)
        ),
    )


def portfolio_summary(positions: list[Position]) -> list[dict[str, Any]]:
    """Totals per currency over live positions (refunded ones are left out); the yield is the
    invested-weighted average of the positions' yields."""
    totals: dict[str, dict[str, Any]] = {}
    for p in positions:
        inv = p.investment
        if inv.refunded_at is not None:
            continue
        row = totals.setdefault(inv.currency, {
            "currency": inv.currency, "positions": 0, "invested": Decimal(0), "outstanding": Decimal(0),
            "expected_return": Decimal(0), "realised_return": Decimal(0), "repaid": Decimal(0), "_weighted": Decimal(0),
        })
        row["positions"] += 1
        row["invested"] += inv.amount
        row["expected_return"] += p.expected_return
        row["realised_return"] += p.realised_return
        row["repaid"] += inv.repaid_amount
        if inv.invoice.status != InvoiceStatus.REPAID:
            row["outstanding"] += p.expected_face - inv.repaid_amount
        row["_weighted"] += p.annual_yield * inv.amount
    out = []
    for currency in sorted(totals):
        row = totals[currency]
        weighted = row.pop("_weighted")
        row["annual_yield"] = pricing.quantize_percent(weighted / row["invested"]) if row["invested"] else Decimal("0.00")
        out.append(row)
    return out


def investor_dashboard(user) -> dict[str, Any]:
    positions = [position_of(i) for i in portfolio(user)]
    counts = {s: 0 for s in InvoiceStatus.values if s not in (InvoiceStatus.DRAFT, InvoiceStatus.WITHDRAWN)}
    for p in positions:
        counts[p.investment.invoice.status] = counts.get(p.investment.invoice.status, 0) + 1
    return {"counts": counts, "totals": portfolio_summary(positions), "wallets": list(wallets_for(user))}
