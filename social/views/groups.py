"""Groups: list and create, a group's page (expenses, balances, settle-up with UPI links),
add/edit/delete an expense with every split method and several payers, record a payment."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config import clock, display, refusals
from config.api.errors import DomainError
from social import balances, dashboard, selectors, stats
from social.actions import (
    create_group,
    create_recurring_expense,
    delete_expense,
    edit_expense,
    record_expense,
    record_settlement,
    stop_recurring_expense,
)
from social.charts import Bar, column_chart, hbar_chart
from social.expense_search import ExpenseFilter, search_expenses
from social.forms import (
    ExpenseForm,
    ExpenseSearchForm,
    GroupForm,
    ReceiptForm,
    RecurringExpenseForm,
    SettlementForm,
)
from social.models import Activity, Membership
from social.page_tools import page, posted_version, run_action
from social.views.expense_rows import with_payers_and_share, with_payments
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
    expenses = with_payers_and_share(selectors.expenses_visible_to(request.user).filter(group=group)[:100],
                                     me=request.user, known=members)
    payments = selectors.settlements_visible_to(request.user).filter(group=group).select_related("payer", "payee")
    entries = with_payments(expenses, payments[:100], me=request.user)
    # Members with nothing in the group's currency: hidden rows the offline client shows when a
    # change waiting on the device moves their balance (static/js/offline/minor.js).
    owing = {(row["user"].pk if row["user"] else None) for row in balance_rows if row["currency"] == group.currency}
    settled_members = [m for m in members.values() if m.pk not in owing]
    activity = list(selectors.group_activity(group)[:20])
    # A recorded payment still standing can be deleted from its activity row (offline too).
    recorded = [a.object_id for a in activity if a.verb == "settlement.recorded"]
    standing = {s.pk: s for s in selectors.settlements_visible_to(request.user).filter(pk__in=recorded)}
    for a in activity:
        a.settlement = standing.get(a.object_id) if a.verb == "settlement.recorded" else None
    return {"group": group, "members": members.values(), "balances": balance_rows, "settle": settle,
            "settled_members": settled_members,
            "expenses": expenses, "entries": entries, "activity": activity, "people": members,
            "recurring": selectors.recurring_expenses_of(group), "stats": _stats(group, members)}


def _stats(group, members: dict) -> list[dict]:
    """The statistics section: per currency a member table and two server-drawn charts."""
    out = []
    for b in stats.group_stats(group, members=list(members)):
        rows = [{"user": members.get(m.user) or _("Former member"), "m": m}
                for m in sorted(b.members.values(), key=lambda m: str(members.get(m.user, "")))]
        out.append({
            "block": b, "rows": rows,
            "members_chart": column_chart([Bar(str(r["user"]), (r["m"].paid, r["m"].share)) for r in rows],
                                          series=[_("Paid"), _("Share")], currency=b.currency,
                                          title=_("Paid and share per member (%(currency)s)") % {"currency": b.currency}),
            "category_chart": hbar_chart([(c or _("Uncategorised"), total) for c, total, __ in b.categories],
                                         currency=b.currency,
                                         title=_("Spending per category (%(currency)s)") % {"currency": b.currency}),
            "month_chart": column_chart([Bar(display.month(month), (total,)) for month, total, __ in b.months],
                                        series=[_("Spent")], currency=b.currency,
                                        title=_("Spending per month (%(currency)s)") % {"currency": b.currency}),
        })
    return out


def _upi(payee, amount, currency: str, note: str) -> str | None:
    vpa = getattr(getattr(payee, "profile", None), "upi_id", "") if payee else ""
    if currency != "INR" or not vpa:
        return None
    return balances.upi_link(vpa=vpa, name=str(payee), amount=amount, note=note)


@page
def group(request: HttpRequest, group_id: str) -> HttpResponse:
    g = selectors.get_group_for(request.user, group_id)
    ctx = _group_context(request, g)
    # "From" is me; "to" and the amount are what I owe first in the settle-up plan, if anything.
    me = request.user.pk
    owed = next((s for s in ctx["settle"] if s["t"].debtor == me), None)
    initial = {"currency": owed["currency"] if owed else g.currency, "payer": str(me)}
    if owed:
        initial.update(payee=str(owed["t"].creditor), amount=owed["t"].amount)
    ctx["settle_form"] = SettlementForm(people=ctx["members"], initial=initial)
    return render(request, "social/group.html", ctx)


@page
def expense_new(request: HttpRequest, group_id: str) -> HttpResponse:
    g = selectors.get_group_for(request.user, group_id)
    members = list(people(selectors.active_members(g).values_list("pk", flat=True)).values())
    form = ExpenseForm(request.POST or None, people=members, me=request.user,
                       initial={"currency": g.currency, "date": clock.user_today(request.user)})
    if request.method == "POST" and form.is_valid() and (
        run_action(form, record_expense, request.user, group=g, **form.action_kwargs()) is not None
    ):
        messages.success(request, _("Expense added."))
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
        version = posted_version(request, e.version)
        changes = form.action_kwargs()
        if run_action(form, edit_expense, request.user, expense=e, changes=changes, expected_version=version):
            messages.success(request, _("Expense saved."))
            return redirect("social-group", group_id=g.pk) if g else redirect("social-friends")
    return render(request, "social/expense_form.html", {"form": form, "group": g, "expense": e,
                  "receipts": selectors.receipts_of(e), "receipt_form": ReceiptForm()})


@page
@require_POST
def expense_delete(request: HttpRequest, expense_id: str) -> HttpResponse:
    e = selectors.get_expense_for(request.user, expense_id, include_deleted=False)
    version = posted_version(request, e.version)  # not a number: a 400 page
    try:
        delete_expense(request.user, expense=e, expected_version=version)
        messages.success(request, _("Deleted “%(expense)s”.") % {"expense": e.description})
    except DomainError as exc:
        messages.error(request, refusals.say(exc))
    return redirect("social-group", group_id=e.group_id) if e.group_id else redirect("social-friends")


@page
@require_POST
def settle(request: HttpRequest, group_id: str) -> HttpResponse:
    g = selectors.get_group_for(request.user, group_id)
    ctx = _group_context(request, g)
    form = SettlementForm(request.POST, people=ctx["members"])
    if form.is_valid() and request.POST.get("confirm") != "yes":
        # A payment moves everyone's balances: the page asks once more (the offline outbox,
        # which has no such page, records what the form said).
        d = form.cleaned_data
        return render(request, "social/settle_confirm.html", {
            "group": g, "d": d, "payer": ctx["people"].get(d["payer"]), "payee": ctx["people"].get(d["payee"])})
    if form.is_valid():
        d = form.cleaned_data
        done = run_action(form, record_settlement, request.user, group=g, payer_id=d["payer"], payee_id=d["payee"],
                          amount=d["amount"], currency=d["currency"], note=d["note"])
        if done is not None:
            messages.success(request, _("Payment recorded."))
            return redirect("social-group", group_id=g.pk)
    return render(request, "social/group.html", {**ctx, "settle_form": form})


def _panel(request: HttpRequest) -> dict:
    """Overall position per currency (owed to me / I owe) and recent activity in my groups."""
    me = request.user
    totals: dict[str, dict] = {}
    for other, currency, amount in balances.people_balances(me.pk):
        row = totals.setdefault(currency, {"currency": currency, "owed": 0, "owe": 0, "parts": []})
        row["owed" if amount > 0 else "owe"] += abs(amount)
        row["parts"].append((f"friend:{other}", amount))  # so changes waiting offline can move the totals
    # The activity log of every group I am in (social's own table, newest first).
    recent = Activity.objects.filter(group_id__in=selectors.member_group_ids(me.pk)).select_related("actor")
    return {"totals": list(totals.values()), "activity": list(recent.order_by("-at", "-id")[:8])}


dashboard.register(10, "social/_panel.html", _panel, live="expense settlement iou friend group")


@page
def expenses(request: HttpRequest) -> HttpResponse:
    """Every expense the user can see, narrowed by the search form (the API's filters)."""
    me = request.user
    groups = selectors.groups_visible_to(me)
    others = Membership.objects.filter(group__in=groups, left_at=None).values_list("user_id", flat=True)
    everyone = people({me.pk, *selectors.friend_ids(me.pk), *others})
    form = ExpenseSearchForm(request.GET or None, people=everyone.values(), groups=groups)
    found = []
    if not form.is_bound or form.is_valid():
        f = form.to_filter() if form.is_bound else ExpenseFilter()
        found = run_action(form, lambda: with_payers_and_share(search_expenses(me, f).select_related("group")[:200],
                                                               me=me, known=everyone))
    return render(request, "social/expenses.html", {"form": form, "expenses": found or [],
                                                     "filtered": form.is_bound})


@page
def recurring_new(request: HttpRequest, group_id: str) -> HttpResponse:
    g = selectors.get_group_for(request.user, group_id)
    members = list(people(selectors.active_members(g).values_list("pk", flat=True)).values())
    form = RecurringExpenseForm(request.POST or None, people=members, me=request.user,
                                initial={"currency": g.currency, "date": clock.user_today(request.user), "repeat": "monthly"})
    if request.method == "POST" and form.is_valid() and (
        run_action(form, create_recurring_expense, request.user, group=g, **form.action_kwargs()) is not None
    ):
        messages.success(request, _("Repeating expense set up."))
        return redirect("social-group", group_id=g.pk)
    return render(request, "social/expense_form.html", {"form": form, "group": g, "expense": None, "recurring": True})


@page
@require_POST
def recurring_stop(request: HttpRequest, recurring_id: str) -> HttpResponse:
    item = selectors.get_recurring_expense_for(request.user, recurring_id)
    try:
        stop_recurring_expense(request.user, recurring=item, expected_version=posted_version(request, item.version))
        messages.success(request, _("“%(expense)s” no longer repeats.") % {"expense": item.description})
    except DomainError as exc:
        messages.error(request, refusals.say(exc))
    return redirect("social-group", group_id=item.group_id)
