"""Groups: list and create, a group's page (expenses, balances, settle-up with UPI links),
add/edit/delete an expense with every split method and several payers, record a payment."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from config.api.errors import DomainError
from social import balances, dashboard, selectors
from social.actions import (
    create_group,
    delete_expense,
    edit_expense,
    record_expense,
    record_settlement,
)
from social.forms import ExpenseForm, GroupForm, SettlementForm
from social.models import Activity
from social.page_tools import page, run_action
from social.views.people import people


@page
def groups(request: HttpRequest) -> HttpResponse:
    me = request.user
    friends = people(selectors.friend_ids(me.pk)).values()
    form = GroupForm(request.POST or None, friends=friends, initial={"currency": me.profile.default_currency})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        group = run_action(form, create_group, me, name=d["name"], currency=d["currency"],
                           members=d["members"], simplify_debts=d["simplify_debts"])
        if group is not None:
            return redirect("social-group", group_id=group.pk)
    return render(request, "social/groups.html", {"groups": selectors.groups_visible_to(me), "form": form})


def _group_context(request: HttpRequest, group) -> dict:
    members = people(selectors.active_members(group).values_list("pk", flat=True))
    nets = balances.group_balances(group.pk)
    plan = balances.settle_up(group.pk, simplify=group.simplify_debts)
    settle = [{"t": t, "currency": cur, "from": members.get(t.debtor), "to": members.get(t.creditor),
               "upi": _upi(members.get(t.creditor), t.amount, cur, group.name)} for cur, ts in plan.items() for t in ts]
    balance_rows = [{"user": members.get(u), "currency": cur, "amount": amt}
                    for cur, per in nets.items() for u, amt in per.items()]
    expenses = selectors.expenses_visible_to(request.user).filter(group=group).select_related("created_by")[:100]
    return {"group": group, "members": members.values(), "balances": balance_rows, "settle": settle,
            "expenses": expenses, "activity": selectors.group_activity(group)[:20], "people": members}


def _upi(payee, amount, currency: str, note: str) -> str | None:
    vpa = getattr(getattr(payee, "profile", None), "upi_id", "") if payee else ""
    if currency != "INR" or not vpa:
        return None
    return balances.upi_link(vpa=vpa, name=str(payee), amount=amount, note=note)


@page
def group(request: HttpRequest, group_id: str) -> HttpResponse:
    g = selectors.get_group_for(request.user, group_id)
    ctx = _group_context(request, g)
    ctx["settle_form"] = SettlementForm(people=ctx["members"], initial={"currency": g.currency})
    return render(request, "social/group.html", ctx)


@page
def expense_new(request: HttpRequest, group_id: str) -> HttpResponse:
    g = selectors.get_group_for(request.user, group_id)
    members = list(people(selectors.active_members(g).values_list("pk", flat=True)).values())
    form = ExpenseForm(request.POST or None, people=members, me=request.user,
                       initial={"currency": g.currency, "date": timezone.localdate()})
    if request.method == "POST" and form.is_valid() and (
        run_action(form, record_expense, request.user, group=g, **form.action_kwargs()) is not None
    ):
        messages.success(request, "Expense added.")
        return redirect("social-group", group_id=g.pk)
    return render(request, "social/expense_form.html", {"form": form, "group": g, "expense": None})


def _initial(expense) -> dict:
    initial = {k: getattr(expense, k) for k in ("description", "amount", "currency", "date", "category", "notes")}
    initial["method"] = expense.split_method
    split = expense.split
    for share in selectors.shares_of(expense):
        k = share.user_id.hex
        if share.paid:
            initial[f"paid_{k}"] = share.paid
        initial[f"in_{k}"] = bool(share.owed) or str(share.user_id) in split.get("between", [])
    for method, key in (("exact", "amounts"), ("percent", "percents"), ("shares", "shares")):
        for uid, value in split.get(key, {}).items():
            initial[f"{method}_{uid.replace('-', '')}"] = value
    return initial


@page
def expense_edit(request: HttpRequest, expense_id: str) -> HttpResponse:
    e = selectors.get_expense_for(request.user, expense_id, include_deleted=False)
    g = e.group
    ids = selectors.active_members(g).values_list("pk", flat=True) if g else [s.user_id for s in selectors.shares_of(e)]
    form = ExpenseForm(request.POST or None, people=people(ids).values(), me=request.user, initial=_initial(e))
    if request.method == "POST" and form.is_valid():
        version = int(request.POST.get("version") or e.version)
        changes = form.action_kwargs()
        if run_action(form, edit_expense, request.user, expense=e, changes=changes, expected_version=version):
            messages.success(request, "Expense saved.")
            return redirect("social-group", group_id=g.pk) if g else redirect("social-friends")
    return render(request, "social/expense_form.html", {"form": form, "group": g, "expense": e})


@page
@require_POST
def expense_delete(request: HttpRequest, expense_id: str) -> HttpResponse:
    e = selectors.get_expense_for(request.user, expense_id, include_deleted=False)
    try:
        delete_expense(request.user, expense=e, expected_version=int(request.POST.get("version") or e.version))
        messages.success(request, f"Deleted {e.description!r}.")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("social-group", group_id=e.group_id) if e.group_id else redirect("social-friends")


@page
@require_POST
def settle(request: HttpRequest, group_id: str) -> HttpResponse:
    g = selectors.get_group_for(request.user, group_id)
    ctx = _group_context(request, g)
    form = SettlementForm(request.POST, people=ctx["members"])
    if form.is_valid():
        d = form.cleaned_data
        done = run_action(form, record_settlement, request.user, group=g, payer_id=d["payer"], payee_id=d["payee"],
                          amount=d["amount"], currency=d["currency"], note=d["note"])
        if done is not None:
            messages.success(request, "Payment recorded.")
            return redirect("social-group", group_id=g.pk)
    return render(request, "social/group.html", {**ctx, "settle_form": form})


def _panel(request: HttpRequest) -> dict:
    """Overall position per currency (owed to me / I owe) and recent activity in my groups."""
    me = request.user
    totals: dict[str, dict] = {}
    for _other, currency, amount in balances.people_balances(me.pk):
        row = totals.setdefault(currency, {"currency": currency, "owed": 0, "owe": 0})
        row["owed" if amount > 0 else "owe"] += abs(amount)
    # The activity log of every group I am in (social's own table, newest first).
    recent = Activity.objects.filter(group_id__in=selectors.member_group_ids(me.pk)).select_related("actor")
    return {"totals": list(totals.values()), "activity": list(recent.order_by("-at", "-id")[:8])}


dashboard.register(10, "social/_panel.html", _panel, live="expense settlement iou friend group")
