"""Bill arithmetic, pure and exact (Decimal only).

Per line: gross = quantity x unit price, rounded to the currency; minus the line discount;
minus its share of the bill discount (largest remainder, in line order, so shares add up to
the bill discount exactly) = taxable. Tax is rounded per line: within a state CGST and SGST
are each rate/2 of the taxable value, rounded on their own (so they are always equal);
across states IGST is the full rate, rounded. The rounding of each line (rounded tax minus
exact tax) is kept so the bill can show it. The grand total is rounded to the whole unit
(a rupee) and that round-off is shown too.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from config import money
from config.api.errors import Invalid

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class LineInput:
    description: str
    quantity: Decimal
    unit_price: Decimal
    discount: Decimal = Decimal(0)
    tax_rate: Decimal = Decimal(0)
    hsn: str = ""
    unit: str = ""


@dataclass(frozen=True)
class LineAmounts:
    gross: Decimal
    bill_discount: Decimal
    taxable: Decimal
    tax_exact: Decimal
    cgst: Decimal
    sgst: Decimal
    igst: Decimal
    amount: Decimal


@dataclass(frozen=True)
class BillAmounts:
    lines: list[LineAmounts]
    subtotal: Decimal
    discount: Decimal
    taxable: Decimal
    cgst: Decimal
    sgst: Decimal
    igst: Decimal
    tax_total: Decimal
    round_off: Decimal
    total: Decimal


def is_inter_state(business_state: str, party_state: str) -> bool:
    """IGST when both states are known and differ; an unknown party state is a local sale."""
    return bool(business_state and party_state and business_state != party_state)


def state_from_gstin(gstin: str) -> str:
    return gstin[:2] if gstin and gstin[:2].isdigit() else ""


def compute(lines: list[LineInput], *, discount: Decimal, currency: str, inter_state: bool) -> BillAmounts:
    if not lines:
        raise Invalid("A bill needs at least one line.", code="no_lines", fields={"lines": ["At least one line."]})
    nets: list[Decimal] = []
    grosses: list[Decimal] = []
    for i, line in enumerate(lines):
        gross = money.quantize(line.quantity * line.unit_price, currency)
        if line.discount > gross:
            raise Invalid(
                "A line discount cannot exceed the line amount.",
                code="discount_too_large",
                fields={"lines": {str(i): {"discount": ["Larger than quantity x unit price."]}}},
            )
        grosses.append(gross)
        nets.append(gross - line.discount)
    subtotal = sum(nets, Decimal(0))
    if discount > subtotal:
        raise Invalid(
            "The bill discount cannot exceed the subtotal.",
            code="discount_too_large",
            fields={"discount": ["Larger than the subtotal."]},
        )
    if discount and subtotal > 0:
        shares = money.allocate(discount, currency, {i: nets[i] for i in range(len(lines))})
    else:
        shares = {i: Decimal(0) for i in range(len(lines))}
    out: list[LineAmounts] = []
    for i, line in enumerate(lines):
        taxable = nets[i] - shares[i]
        tax_exact = taxable * line.tax_rate / HUNDRED
        if inter_state:
            cgst = sgst = Decimal(0)
            igst = money.quantize(tax_exact, currency)
        else:
            cgst = sgst = money.quantize(taxable * line.tax_rate / (2 * HUNDRED), currency)
            igst = Decimal(0)
        out.append(
            LineAmounts(
                gross=grosses[i], bill_discount=shares[i], taxable=taxable, tax_exact=tax_exact,
                cgst=cgst, sgst=sgst, igst=igst, amount=taxable + cgst + sgst + igst,
            )
        )
    taxable_sum = sum((x.taxable for x in out), Decimal(0))
    cgst_sum = sum((x.cgst for x in out), Decimal(0))
    sgst_sum = sum((x.sgst for x in out), Decimal(0))
    igst_sum = sum((x.igst for x in out), Decimal(0))
    tax_total = cgst_sum + sgst_sum + igst_sum
    exact_total = taxable_sum + tax_total
    total = exact_total.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if total > money.MAX_AMOUNT:
        raise Invalid("The bill total is too large.", code="amount_too_large", fields={"lines": ["Total too large."]})
    return BillAmounts(
        lines=out, subtotal=subtotal, discount=discount, taxable=taxable_sum, cgst=cgst_sum, sgst=sgst_sum,
        igst=igst_sum, tax_total=tax_total, round_off=total - exact_total, total=total,
    )
