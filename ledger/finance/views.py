"""Personal-finance pages: accounts, transactions (filter, add), budgets with progress bars,
bills and reminders, import (upload, preview, confirm), reports with server-rendered SVG charts.
Reads through ledger.finance.selectors / reports, writes through ledger.finance.actions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.db.models import Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config import clock, display, receipts, refusals
from config.api.errors import DomainError, Invalid
from config.money import format_amount
from ledger.finance import actions, backup, reports, restore, selectors
from ledger.finance.actions.rules import preview_rule
from ledger.finance.forms import (
    AccountForm,
    BillForm,
    BudgetForm,
    FilterForm,
    ImportForm,
    PayForm,
    RereadForm,
    RuleForm,
    SplitForm,
    TransactionForm,
)
from ledger.finance.import_files import MAX_UPLOAD, keep_file, kept_file
from social import dashboard
from social.charts import Bar, column_chart, hbar_chart
from social.forms import ReceiptForm
from social.page_tools import check_range, page, posted_version, query_range, run_action


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
                           initial={"date": clock.user_today(request.user)})
    # A split's parts go in the same call: one transaction, all or nothing.
    if request.method == "POST" and form.is_valid() and (
        run_action(form, actions.record_transaction, me, **form.action_fields()) is not None
    ):
        messages.success(request, _("Transaction recorded."))
        return redirect(request.get_full_path())
    filters = FilterForm(request.GET or None, auto_id="f_%s")  # ids apart from the add form's (one id_direction a page)
    if filters.is_bound and not filters.is_valid():  # an impossible or reversed range: 400
        raise Invalid(_("The filter cannot be used."), fields=filters.errors)
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
    form = BillForm(request.POST or None, initial={"due_date": clock.user_today(request.user), "remind_days": 3})
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        if run_action(form, actions.create_bill, request.user, **fields) is not None:
            return redirect("finance-bills")
    accounts_ = selectors.accounts_of(request.user, include_archived=False)
    return render(request, "finance/bills.html", {"form": form, "bills": selectors.bills_of(request.user),
                                                  "accounts": accounts_, "today": clock.user_today(request.user)})


@page
@require_POST
def bill_pay(request: HttpRequest, bill_id: str) -> HttpResponse:
    bill = selectors.get_bill_for(request.user, bill_id)
    form = PayForm(request.POST, accounts=selectors.accounts_of(request.user, include_archived=False))
    if form.is_valid() and run_action(form, actions.pay_bill, request.user, bill=bill, **form.cleaned_data):
        messages.success(request, _("%(bill)s paid; the next one is scheduled.") % {"bill": bill.name})
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("finance-bills")


@page
def split(request: HttpRequest, transaction_id: str) -> HttpResponse:
    """Split a transaction across categories (a supermarket line: groceries + household), or
    join its parts back into one."""
    me = request.user
    txn = selectors.get_transaction_for(me, transaction_id)
    kind = "income" if txn.direction == "income" else "expense"
    cats = list(selectors.categories_of(me).filter(kind=kind))
    names = {c.pk: c.name for c in cats}
    initial = "\n".join(f"{names.get(p.category_id, '-')} = {format_amount(p.amount, p.currency)}"
                         for p in txn.parts.all()) if txn.split else ""
    form = SplitForm(request.POST or None, categories=cats, initial={"parts": initial})
    if request.method == "POST":
        version = posted_version(request, txn.version)
        if request.POST.get("join"):
            actions.update_transaction(me, transaction=txn, expected_version=version, parts=None)
            messages.success(request, _("The parts are joined back into one transaction."))
            return redirect("finance-transactions")
        if form.is_valid() and run_action(form, actions.update_transaction, me, transaction=txn,
                                          expected_version=version, parts=form.cleaned_data["parts"]):
            messages.success(request, _("Transaction split."))
            return redirect("finance-transactions")
    return render(request, "finance/split.html", {"txn": txn, "form": form, "receipts": selectors.receipts_of(txn),
                                                  "receipt_form": ReceiptForm()})


@page
@require_POST
def receipt_add(request: HttpRequest, transaction_id: str) -> HttpResponse:
    txn = selectors.get_transaction_for(request.user, transaction_id)
    form = ReceiptForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a photo or a PDF to attach."))
    else:
        try:
            actions.attach_transaction_receipt(request.user, transaction=txn, upload=form.cleaned_data["file"])
            messages.success(request, _("Receipt attached."))
        except DomainError as exc:
            messages.error(request, refusals.say(exc, prefer_fields=True))
    return redirect(reverse("finance-split", args=[txn.pk]) + "#receipts")


@page
def receipt_file(request: HttpRequest, receipt_id: str) -> FileResponse:
    return receipts.file_response(selectors.get_receipt_for(request.user, receipt_id), request)


@page
@require_POST
def receipt_remove(request: HttpRequest, receipt_id: str) -> HttpResponse:
    receipt = selectors.get_receipt_for(request.user, receipt_id)
    actions.remove_transaction_receipt(request.user, receipt=receipt)
    messages.success(request, _("Receipt removed."))
    return redirect(reverse("finance-split", args=[receipt.transaction_id]) + "#receipts")


@page
def rules(request: HttpRequest) -> HttpResponse:
    _ready(request)
    me = request.user
    accts, cats = list(selectors.accounts_of(me, include_archived=False)), list(selectors.categories_of(me))
    form = RuleForm(request.POST or None, accounts=accts, categories=cats)
    if request.method == "POST" and form.is_valid() and (
        run_action(form, actions.create_rule, me, **form.cleaned_data) is not None
    ):
        messages.success(request, _("Rule saved. It applies to new and imported transactions."))
        return redirect("finance-rules")
    return render(request, "finance/rules.html", {
        "form": form, "rules": selectors.rules_of(me), "accounts": {a.pk: a for a in accts}})


@page
def rule(request: HttpRequest, rule_id: str) -> HttpResponse:
    """A rule's preview: what applying it to existing transactions would change; POST applies it."""
    me = request.user
    item = selectors.get_rule_for(me, rule_id)
    if request.method == "POST":
        if request.POST.get("delete"):
            actions.delete_rule(me, rule=item)
            messages.success(request, _("Rule deleted."))
            return redirect("finance-rules")
        changed = actions.apply_rule(me, rule=item, transactions=selectors.rule_candidates(item))
        messages.success(request, _("%(n)s transactions changed.") % {"n": len(changed)})
        return redirect("finance-rule", rule_id=item.pk)
    found = preview_rule(item, selectors.rule_candidates(item))
    names = {c.pk: c.name for c in selectors.categories_of(me)}
    rows = [{"txn": t, "category": names.get(c["category_id"][1]) if "category_id" in c else None,
             "payee": c.get("payee", [None, None])[1], "tags": c.get("tags", [None, None])[1]} for t, c in found[:200]]
    return render(request, "finance/rule.html", {"rule": item, "rows": rows, "count": len(found)})


@page
def imports(request: HttpRequest) -> HttpResponse:
    _ready(request)
    form = ImportForm(request.POST or None, request.FILES or None, accounts=selectors.accounts_of(request.user))
    kept = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is not None and upload.size <= MAX_UPLOAD:
            kept = (upload.name, upload.read())
        elif upload is None:
            kept = kept_file(request.user, request.POST.get("kept", ""))
        if form.is_valid():
            d = form.cleaned_data
            if kept is None:
                form.add_error("file", "The file chosen before has expired; choose it again.")
            elif batch := run_action(form, actions.preview_import, request.user, account_id=d["account_id"],
                                     format=d["format"], content=kept[1], filename=kept[0], **form.options()):
                return redirect("finance-import", batch_id=batch.pk)
        if kept is not None:  # refused or invalid: the next try needs no new upload
            form.data = form.data.copy()
            form.data["kept"] = keep_file(request.user, *kept) if upload is not None else request.POST["kept"]
    return render(request, "finance/imports.html", {
        "form": form, "kept_name": kept[0] if kept else "", "batches": selectors.imports_of(request.user)[:20]})


@page
@require_POST
def restore_export(request: HttpRequest) -> HttpResponse:
    """Restore a finance export (ledger.finance.restore); the outcome is a message."""
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose the ZIP you exported from Hisaab."))
        return redirect("finance-imports")
    try:
        result = restore.restore_finance(request.user, **backup.read(upload).arguments())
    except DomainError as exc:
        messages.error(request, refusals.say(exc))
        return redirect("finance-imports")
    messages.success(request, _("Restored %(created)s records; %(already)s were here already.") % {
        "created": sum(result["created"].values()), "already": sum(result["already_there"].values())})
    return redirect("finance")


@page
def import_batch(request: HttpRequest, batch_id: str) -> HttpResponse:
    batch = selectors.get_import_for(request.user, batch_id)
    if request.method == "POST":
        verb = request.POST.get("verb")
        if verb == "reread":
            return _reread(request, batch)
        (actions.confirm_import if verb == "confirm" else actions.discard_import)(request.user, batch=batch)
        messages.success(request, _("Imported.") if verb == "confirm" else _("Import discarded."))
        return redirect("finance-import", batch_id=batch.pk)
    rows = list(batch.rows.order_by("line"))
    return render(request, "finance/import_batch.html", {
        "batch": batch, "rows": rows, "new": sum(r.status == "new" for r in rows),
        "reread": RereadForm(initial=batch.settings), "can_reread": batch.status == "preview" and batch.format != "ofx"})


def _reread(request: HttpRequest, batch) -> HttpResponse:
    form = RereadForm(request.POST)
    if form.is_valid():
        try:
            batch = actions.reread_import(request.user, batch=batch, preset=form.cleaned_data["preset"] or None,
                                          date_order=form.cleaned_data["date_order"] or None)
        except DomainError as exc:
            messages.error(request, refusals.say(exc))
    return redirect("finance-import", batch_id=batch.pk)


@page
def report(request: HttpRequest) -> HttpResponse:
    _ready(request)
    today = clock.user_today(request.user)
    start, end = query_range(request)  # impossible, reversed or overlong: 400
    end = end or today
    start = (start or dt.date(end.year, end.month, 1) - dt.timedelta(days=150)).replace(day=1)
    check_range(start, end)
    cats = reports.spending_by_category(request.user, start=start, end=end)
    ie = reports.income_vs_expense(request.user, start=start, end=end)
    cur = cats["currency"]
    return render(request, "finance/report.html", {
        "start": start, "end": end, "cats": cats, "ie": ie,
        "cat_chart": hbar_chart([(c["name"], Decimal(c["amount"])) for c in cats["categories"]], currency=cur,
                                title=_("Spending by category")),
        "month_chart": column_chart([Bar(display.month(m["month"]), (Decimal(m["income"]), Decimal(m["expense"]))) for m in ie["months"]],
                                    series=[_("Income"), _("Expense")], currency=cur, title=_("Income vs expense by month"))})


def _panel(request: HttpRequest) -> dict | None:
    rows = _budget_rows(request.user)
    due = selectors.bills_of(request.user).filter(next_due__lte=clock.user_today(request.user) + dt.timedelta(days=7))
    return {"budgets": rows[:5], "bills": list(due[:5]), "today": clock.user_today(request.user)}


dashboard.register(30, "finance/_panel.html", _panel, live="finance_transaction finance_budget finance_bill")
