"""What invoicing tells whom. The funding and repayment actions write the texts of the
system notifications (funded, confirmed, repaid, overdue …) themselves; this module lists
their kinds for the preferences and tells a seller when someone funds their invoice."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

from config.phrases import money_arg, say
from realtime.notifications import register_kind, tell

INVESTMENT_PLACED = "investment.placed"

for _key, _label in (
    (INVESTMENT_PLACED, gettext_noop("Someone funds part of your invoice")),
    ("invoice.funded", gettext_noop("Your invoice is fully funded")),
    ("investment.confirmed", gettext_noop("Your investment is confirmed")),
    ("investment.repaid", gettext_noop("An invoice you funded is repaid")),
    ("invoice.overdue", gettext_noop("An invoice is overdue")),
    ("invoice.defaulted", gettext_noop("An invoice has defaulted")),
    ("invoice.expired", gettext_noop("A listing expired unfunded")),
):
    register_kind(_key, _label)


def investment_placed(actor: Any, invoice: Any, *, amount: str) -> None:
    tell(actor.pk, [invoice.seller_id], kind=INVESTMENT_PLACED,
         title=say(gettext_noop("%(actor)s funded %(amount)s of invoice %(number)s"), actor=str(actor),
                   amount=money_arg(amount, invoice.currency), number=invoice.number),
         body=say(gettext_noop("%(funded)s of %(total)s funded."), funded=money_arg(invoice.funded_amount, invoice.currency),
                  total=money_arg(invoice.advance_amount or 0, invoice.currency)),
         data={"invoice": str(invoice.pk)})
