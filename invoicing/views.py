"""Marketplace pages: listed invoices, an invoice with its fund dialog, my invoices (seller),
portfolio (investor), wallet and its journal. Reads through invoicing.selectors, writes
through invoicing.actions."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from config import clock
from config.api.errors import DomainError, Forbidden, NotFound
from invoicing import actions, selectors
from invoicing.forms import AmountForm, BillListingForm, InvoiceForm, MarketFilterForm, WalletForm
from social import dashboard
from social.page_tools import attach_errors, page, run_action


@page
def market(request: HttpRequest) -> HttpResponse:
    f = MarketFilterForm(request.GET or None)
    q = f.cleaned_data if f.is_valid() else {}
    listings = selectors.marketplace(
        currency=(q.get("currency") or "").upper() or None,
        min_yield=q.get("min_yield"), max_days_to_due=q.get("max_days_to_due"),
        ordering=q.get("ordering") or "due_date")[:100]
    # Each row counts its days to due from its invoice's day (`seller_today`), as the API does.
    return render(request, "invoicing/market.html", {"filters": f, "listings": listings})


@page
def invoice(request: HttpRequest, invoice_id: str) -> HttpResponse:
    inv = selectors.get_invoice_for(request.user, invoice_id)
    fund_form = AmountForm(request.POST or None, prefix="fund")
    if request.method == "POST" and fund_form.is_valid():
        done = run_action(fund_form, actions.fund_invoice, request.user, invoice_id=inv.pk,
                          amount=fund_form.cleaned_data["amount"])
        if done is not None:
            messages.success(request, _("Thank you: your investment is in."))
            return redirect("market-invoice", invoice_id=inv.pk)
    return render(request, "invoicing/invoice.html", {
        "inv": inv, "fund_form": fund_form, "repay_form": AmountForm(prefix="repay"),
        "investments": selectors.invoice_investments(request.user, inv).select_related("investor"),
        "mine": inv.seller_id == request.user.pk, "fund_open": fund_form.is_bound,
    })


@page
@require_POST
def invoice_action(request: HttpRequest, invoice_id: str, verb: str) -> HttpResponse:
    """The seller's buttons: list, withdraw, repay."""
    inv = selectors.get_own_invoice(request.user, invoice_id)
    form = AmountForm(request.POST, prefix="repay") if verb == "repay" else forms.Form(request.POST)
    calls = {"list": lambda: actions.list_invoice(request.user, invoice_id=inv.pk),
             "withdraw": lambda: actions.withdraw_invoice(request.user, invoice_id=inv.pk),
             "repay": lambda: actions.repay_invoice(request.user, invoice_id=inv.pk, amount=form.cleaned_data["amount"])}
    if verb not in calls:
        raise Http404("No such action.")
    if form.is_valid() and run_action(form, calls[verb]) is not None:
        messages.success(request, _(DONE[verb]))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("market-invoice", invoice_id=inv.pk)


@page
@require_POST
def list_bill(request: HttpRequest, bill_id: str) -> HttpResponse:
    """The khata bill page's "List on marketplace" (the owner's): the bill becomes a listed
    invoice linked to it (actions.list_bill decides who may, and on what terms)."""
    form = BillListingForm(request.POST)
    if form.is_valid():
        try:
            inv = actions.list_bill(request.user, bill_id=bill_id, discount_rate=form.cleaned_data["discount_rate"],
                                    min_ticket=form.cleaned_data.get("min_ticket"),
                                    due_date=form.cleaned_data.get("due_date"))
        except (Forbidden, NotFound):
            raise  # not the owner: 403; not a member: 404 (the page decorator)
        except DomainError as exc:  # the terms or the bill's state: said on the bill's page
            attach_errors(form, exc)
        else:
            messages.success(request, _(DONE["list"]))
            return redirect("market-invoice", invoice_id=inv.pk)
    messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("khata-bill", bill_id=bill_id)


DONE = {"list": gettext_noop("Listed on the marketplace."), "withdraw": gettext_noop("Withdrawn."),
        "repay": gettext_noop("Repayment recorded.")}


@page
def my_invoices(request: HttpRequest) -> HttpResponse:
    form = InvoiceForm(request.POST or None, initial={"currency": "INR", "issue_date": clock.user_today(request.user),
                                                      "discount_rate": "12", "min_ticket": "1000"})
    if request.method == "POST" and form.is_valid():
        inv = run_action(form, actions.create_invoice, request.user, **form.cleaned_data)
        if inv is not None:
            messages.success(request, _("Draft saved: list it when ready."))
            return redirect("market-invoice", invoice_id=inv.pk)
    return render(request, "invoicing/mine.html", {
        "form": form, "invoices": selectors.seller_invoices(request.user),
        "board": selectors.seller_dashboard(request.user)})


@page
def portfolio(request: HttpRequest) -> HttpResponse:
    positions = [selectors.position_of(i) for i in selectors.portfolio(request.user)]
    return render(request, "invoicing/portfolio.html", {
        "positions": positions, "summary": selectors.portfolio_summary(positions)})


@page
def wallet(request: HttpRequest) -> HttpResponse:
    form = WalletForm(request.POST or None, initial={"currency": "INR"})
    verb = request.POST.get("verb")
    if request.method == "POST" and form.is_valid():
        fn = actions.top_up_wallet if verb == "top_up" else actions.withdraw_from_wallet
        if run_action(form, fn, request.user, **form.cleaned_data) is not None:
            messages.success(request, _("Wallet updated."))
            return redirect("market-wallet")
    with clock.shown_in(clock.user_zone(request.user)):  # the journal's times, in the user's zone
        return render(request, "invoicing/wallet.html", {
            "form": form, "wallets": selectors.wallets_for(request.user),
            "journal": selectors.journal_for(request.user)[:100]})


def _wallet_panel(request: HttpRequest) -> dict:
    return {"wallets": list(selectors.wallets_for(request.user)),
            "board": selectors.investor_dashboard(request.user)}


dashboard.register(40, "invoicing/_panel_wallet.html", _wallet_panel, live="wallet invoice investment")
