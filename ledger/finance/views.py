"""Personal-finance pages: accounts, transactions (filter, add), budgets with progress bars,
bills and reminders, import (upload, preview, confirm), reports with server-rendered SVG charts.
Reads through ledger.finance.selectors / reports, writes through ledger.finance.actions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ledger.finance import actions, reports, selectors
from ledger.finance.forms import (
    AccountForm,
    BillForm,
    BudgetForm,
    FilterForm,
    ImportForm,
    PayForm,
    TransactionForm,
)
from social import dashboard
from social.charts import Bar, column_chart, hbar_chart
from social.page_tools import page, run_action


def _ready(request: HttpRequest) -> None:
    if selectors.settings_of(request.user) is None:  # default categories, made once
        actions.ensure_finance(request.user)


@page
def accounts(request: HttpRequest) -> HttpResponse:
    _ready(request)
    form = AccountForm(request.POST or None, initial={"currency": request.user.profile.default_currency})
    if request.method == "POST" and form.is_valid() and (
        run_action(form, actions.create_account, request.user, **form.cleaned_data) is not None
    ):
        return redirect("finance")
    listing = selectors.with_balances(list(selectors.accounts_of(request.user)))
    return render(request, "finance/accounts.html", {"accounts": listing, "form": form})


@page
def transactions(request: HttpRequest) -> HttpResponse:
    _ready(request)
    me = request.user
    accts, cats = list(selectors.accounts_of(me, include_archived=False)), list(selectors.categories_of(me))
    form = TransactionForm(request.POST or None, accounts=accts, categories=cats,
                           initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        if run_action(form, actions.record_transaction, me, **fields) is not None:
            messages.success(request, "Transaction recorded.")
            return redirect(request.get_full_path())
    filters = FilterForm(request.GET or None)
    return render(request, "finance/transactions.html", {
        "form": form, "filters": filters, "accounts": accts, "categories": cats,
        "items": _filtered(selectors.transactions_of(me), filters)[:200]})


def _filtered(qs, filters: FilterForm):
    if not filters.is_valid():
        return qs
    f = filters.cleaned_data
    lookups = {"account_id": f["account"], "category_id": f["category"], "direction": f["direction"] or None,
               "date__gte": f["start"], "date__lte": f["end"]}
    qs = qs.filter(**{k: v for k, v in lookups.items() if v})
    if f["q"]:
        qs = qs.filter(Q(payee__icontains=f["q"]) | Q(notes__icontains=f["q"]))
    return qs


@page
def budgets(request: HttpRequest) -> HttpResponse:
    _ready(request)
    me = request.user
    form = BudgetForm(request.POST or None, categories=selectors.categories_of(me).filter(kind="expense"))
    if request.method == "POST" and form.is_valid() and (
        run_action(form, actions.create_budget, me, **form.cleaned_data) is not None
    ):
        return redirect("finance-budgets")
    return render(request, "finance/budgets.html", {"form": form, "rows": _budget_rows(me)})


def _budget_rows(user) -> list[dict]:
    items = list(selectors.budgets_of(user))
    return [{"budget": b, **p} for b, p in zip(items, reports.budget_progress(user, items), strict=True)]


@page
def bills(request: HttpRequest) -> HttpResponse:
    _ready(request)
    form = BillForm(request.POST or None, initial={"due_date": timezone.localdate(), "remind_days": 3})
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        if run_action(form, actions.create_bill, request.user, **fields) is not None:
            return redirect("finance-bills")
    accounts_ = selectors.accounts_of(request.user, include_archived=False)
    return render(request, "finance/bills.html", {"form": form, "bills": selectors.bills_of(request.user),
                                                  "accounts": accounts_, "today": timezone.localdate()})


@page
@require_POST
def bill_pay(request: HttpRequest, bill_id: str) -> HttpResponse:
    bill = selectors.get_bill_for(request.user, bill_id)
    form = PayForm(request.POST, accounts=selectors.accounts_of(request.user, include_archived=False))
    if form.is_valid() and run_action(form, actions.pay_bill, request.user, bill=bill, **form.cleaned_data):
        messages.success(request, f"{bill.name} paid; the next one is scheduled.")
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("finance-bills")


@page
def imports(request: HttpRequest) -> HttpResponse:
    _ready(request)
    form = ImportForm(request.POST or None, request.FILES or None, accounts=selectors.accounts_of(request.user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        batch = run_action(form, actions.preview_import, request.user, account_id=d["account_id"],
                           format=d["format"], content=d["file"].read(), filename=d["file"].name,
                           mapping=form.mapping())
        if batch is not None:
            return redirect("finance-import", batch_id=batch.pk)
    return render(request, "finance/imports.html", {"form": form, "batches": selectors.imports_of(request.user)[:20]})


@page
def import_batch(request: HttpRequest, batch_id: str) -> HttpResponse:
    batch = selectors.get_import_for(request.user, batch_id)
    if request.method == "POST":
        verb = request.POST.get("verb")
        (actions.confirm_import if verb == "confirm" else actions.discard_import)(request.user, batch=batch)
        messages.success(request, "Imported." if verb == "confirm" else "Import discarded.")
        return redirect("finance-import", batch_id=batch.pk)
    return render(request, "finance/import_batch.html", {"batch": batch, "rows": batch.rows.order_by("line")})


@page
def report(request: HttpRequest) -> HttpResponse:
    _ready(request)
    today = timezone.localdate()
    try:
        start = dt.date.fromisoformat(request.GET.get("start", ""))
        end = dt.date.fromisoformat(request.GET.get("end", ""))
    except ValueError:
        start, end = dt.date(today.year, today.month, 1) - dt.timedelta(days=150), today
    start = start.replace(day=1)
    cats = reports.spending_by_category(request.user, start=start, end=end)
    ie = reports.income_vs_expense(request.user, start=start, end=end)
    cur = cats["currency"]
    return render(request, "finance/report.html", {
        "start": start, "end": end, "cats": cats, "ie": ie,
        "cat_chart": hbar_chart([(c["name"], Decimal(c["amount"])) for c in cats["categories"]], currency=cur,
                                title="Spending by category"),
        "month_chart": column_chart([Bar(m["month"], (Decimal(m["income"]), Decimal(m["expense"]))) for m in ie["months"]],
                                    series=["Income", "Expense"], currency=cur, title="Income vs expense by month")})


def _panel(request: HttpRequest) -> dict | None:
    rows = _budget_rows(request.user)
    due = selectors.bills_of(request.user).filter(next_due__lte=timezone.localdate() + dt.timedelta(days=7))
    return {"budgets": rows[:5], "bills": list(due[:5]), "today": timezone.localdate()}


dashboard.register(30, "finance/_panel.html", _panel, live="finance_transaction finance_budget finance_bill")
