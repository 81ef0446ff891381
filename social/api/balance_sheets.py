"""Balances as the API shows them: a group's balances with its settle-up plan, and where a
user stands with one person. GET /api/groups/<id>/balances and the balance events
(`social.balance_events`) both build them here, so a device never has to recompute them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from django.urls import reverse

from config import money
from social import balances
from social.models import Group, Profile
from social.splits import match


def settle_up_plan(group: Group, nets: dict | None = None) -> list[dict]:
    if nets is not None and group.simplify_debts:
        plan = {currency: match(by_user) for currency, by_user in nets.items()}
    else:
        plan = balances.settle_up(group.pk, simplify=group.simplify_debts)
    payees = {t.creditor for c, transfers in plan.items() if c == "INR" for t in transfers}
    profiles = {p.user_id: p for p in Profile.objects.filter(user_id__in=payees).select_related("user")}
    out = []
    for currency in sorted(plan):
        for t in plan[currency]:
            link = qr = None
            profile = profiles.get(t.creditor) if currency == "INR" else None
            if profile is not None and profile.upi_id:
                link = balances.upi_link(vpa=profile.upi_id, name=profile.display_name or profile.user.name,
                                         amount=t.amount, note=group.name)
                qr = f"{reverse('group-settle-qr', args=[group.pk])}?from={t.debtor}&to={t.creditor}"
            out.append({"from": str(t.debtor), "to": str(t.creditor), "currency": currency,
                        "amount": money.format_amount(t.amount, currency), "upi_link": link, "qr": qr})
    return out


def group_sheet(group: Group, members: Iterable[UUID] | None = None) -> dict[str, Any]:
    """Every member's net per currency (zero included) and the settle-up plan. `members`: the
    group's member ids, when the caller has just read them."""
    nets = balances.group_balances(group.pk)
    members = sorted(str(u) for u in (group.member_ids() if members is None else members))
    rows = []
    for currency in sorted(nets):
        by_user = {str(u): v for u, v in nets[currency].items()}
        for user in sorted(set(members) | set(by_user)):
            rows.append({"user": user, "currency": currency,
                         "amount": money.format_amount(by_user.get(user, 0), currency)})
    return {"balances": rows, "settle_up": settle_up_plan(group, nets)}


def position(viewer_id: UUID, other_id: UUID) -> list[dict[str, str]]:
    """Where `viewer_id` stands with `other_id` over everything, per currency (positive: the
    other owes the viewer), as GET /api/friends/<id> gives it in `balances`."""
    return [{"currency": c, "amount": money.format_amount(a, c)} for c, a in balances.pair_balances(viewer_id, other_id)]
