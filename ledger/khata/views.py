"""Khata pages: business switcher, parties with balances and search, a party's ledger with
gave/got, bills (create with lines and tax; the printable invoice is /khata/print/), cashbook
with day summary, staff with a month sheet, settings. Reads through ledger.khata.selectors,
writes through ledger.khata.actions (which check the member's role)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ledger.khata import actions, selectors
from ledger.khata.forms import (
    BillForm,
    BusinessForm,
    CashForm,
    DayStatusForm,
    EntryForm,
    LineFormSet,
    PartyForm,
    PaymentForm,
    SettingsForm,
    StaffForm,
)
from social import dashboard
from social.page_tools import page, run_action


def _ctx(request: HttpRequest, business, **extra) -> dict:
    return {"business": business, "businesses": selectors.businesses_for(request.user),
            "role": selectors.role_of(request.user, business.pk), **extra}


@page
def home(request: HttpRequest) -> HttpResponse:
    form = BusinessForm(request.POST or None, initial={"currency": request.user.profile.default_currency})
    if request.method == "POST" and form.is_valid():
        business = run_action(form, actions.create_business, request.user, **form.cleaned_data)
        if business is not None:
            return redirect("khata-parties", business_id=business.pk)
    businesses = list(selectors.businesses_for(request.user))
    if len(businesses) == 1 and request.method == "GET" and "all" not in request.GET:
        return redirect("khata-parties", business_id=businesses[0].pk)
    return render(request, "khata/home.html", {"form": form, "businesses": businesses})


@page
def parties(request: HttpRequest, business_id: str) -> HttpResponse:
    business = selectors.get_business_for(request.user, business_id)
    q, kind, bal = request.GET.get("q", "")[:100], request.GET.get("kind", ""), request.GET.get("balance", "")
    kind = kind if kind in ("customer", "supplier") else ""
    bal = bal if bal in ("owes_me", "i_owe", "settled") else ""
    form = PartyForm(request.POST or None, initial={"kind": kind or "customer"})
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        party = run_action(form, actions.create_party, request.user, business=business, **fields)
        if party is not None:
            return redirect("khata-party", party_id=party.pk)
    listing = selectors.parties_of(business, q=q, kind=kind, balance=bal)[:200]
    return render(request, "khata/parties.html", _ctx(request, business, parties=listing, form=form,
                                                        q=q, kind=kind, balance=bal))


@page
def party(request: HttpRequest, party_id: str) -> HttpResponse:
    p = selectors.get_party_for(request.user, party_id)
    form = EntryForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid() and (
        run_action(form, actions.record_entry, request.user, business=p.business, party_id=p.pk, **form.cleaned_data) is not None
    ):
        return redirect("khata-party", party_id=p.pk)
    statement = selectors.statement(p, start=None, end=None)
    return render(request, "khata/party.html", _ctx(request, p.business, party=p, form=form, statement=statement,
                                                    movements=list(reversed(statement["movements"]))[:200]))


@page
def bills(request: HttpRequest, business_id: str) -> HttpResponse:
    business = selectors.get_business_for(request.user, business_id)
    status = request.GET.get("status", "")
    status = status if status in ("draft", "pending", "partially_paid", "paid", "overdue", "cancelled") else ""
    return render(request, "khata/bills.html", _ctx(request, business, status=status,
                                                    bills=selectors.bills_of(business, status=status)[:200]))


def _lines(formset) -> list[dict]:
    return [{k: v for k, v in f.cleaned_data.items() if v not in (None, "")}
            for f in formset.forms if f.cleaned_data.get("description")]


@page
def bill_new(request: HttpRequest, business_id: str) -> HttpResponse:
    business = selectors.get_business_for(request.user, business_id)
    parties_ = selectors.parties_of(business, kind="customer")
    form = BillForm(request.POST or None, parties=parties_, initial={"issue_date": timezone.localdate()})
    lines = LineFormSet(request.POST or None, prefix="lines")
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        d = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        bill = run_action(form, actions.create_bill, request.user, business=business, party_id=d.pop("party"),
                          lines=_lines(lines), issue=request.POST.get("issue") == "1", **d)
        if bill is not None:
            return redirect("khata-bill", bill_id=bill.pk)
    return render(request, "khata/bill_form.html", _ctx(request, business, form=form, lines=lines))


@page
def bill(request: HttpRequest, bill_id: str) -> HttpResponse:
    b = selectors.get_bill_for(request.user, bill_id)
    form = PaymentForm(request.POST or None, initial={"date": timezone.localdate(), "amount": b.outstanding})
    if request.method == "POST" and form.is_valid() and (
        run_action(form, actions.record_payment, request.user, bill=b, **form.cleaned_data) is not None
    ):
        messages.success(request, "Payment recorded.")
        return redirect("khata-bill", bill_id=b.pk)
    return render(request, "khata/bill.html", _ctx(request, b.business, bill=b, form=form,
                                                   payments=selectors.payments_of(b)))


@page
@require_POST
def bill_state(request: HttpRequest, bill_id: str, verb: str) -> HttpResponse:
    b = selectors.get_bill_for(request.user, bill_id)
    fn = {"issue": actions.issue_bill, "cancel": actions.cancel_bill}.get(verb)
    if fn is not None:
        fn(request.user, bill=b)
        messages.success(request, "Bill issued." if verb == "issue" else "Bill cancelled.")
    return redirect("khata-bill", bill_id=b.pk)


@page
def cashbook(request: HttpRequest, business_id: str) -> HttpResponse:
    business = selectors.get_business_for(request.user, business_id)
    try:
        day = dt.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        day = timezone.localdate()
    form = CashForm(request.POST or None, initial={"date": day})
    if request.method == "POST" and form.is_valid() and (
        run_action(form, actions.record_cash, request.user, business=business, **form.cleaned_data) is not None
    ):
        return redirect(f"{request.path}?day={form.cleaned_data['date']}")
    opening, rows = selectors.cashbook_with_running_balance(business, start=day - dt.timedelta(days=30), end=day)
    summary = selectors.cash_report(business, start=day, end=day)
    return render(request, "khata/cashbook.html", _ctx(request, business, form=form, day=day, summary=summary,
                                                       opening=opening, rows=list(rows)[::-1][:200]))


@page
def staff(request: HttpRequest, business_id: str) -> HttpResponse:
    business = selectors.get_business_for(request.user, business_id)
    form = StaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        if run_action(form, actions.create_staff, request.user, business=business, **fields) is not None:
            return redirect("khata-staff", business_id=business.pk)
    return render(request, "khata/staff.html", _ctx(request, business, form=form,
                                                    staff=selectors.staff_of(business)))


@page
def staff_member(request: HttpRequest, staff_id: str) -> HttpResponse:
    s = selectors.get_staff_for(request.user, staff_id)
    today = timezone.localdate()
    try:
        year, month = (int(x) for x in request.GET.get("month", "").split("-"))
        dt.date(year, month, 1)
    except ValueError:
        year, month = today.year, today.month
    form = DayStatusForm(request.POST or None, initial={"date": today})
    if request.method == "POST":
        if request.POST.get("punch") in ("in", "out"):
            actions.punch(request.user, staff=s, kind=request.POST["punch"], device="web")
            return redirect("khata-staff-member", staff_id=s.pk)
        if form.is_valid() and run_action(form, actions.set_day_status, request.user, staff=s,
                                          date=form.cleaned_data["date"], status=form.cleaned_data["status"] or None):
            return redirect("khata-staff-member", staff_id=s.pk)
    sheet = selectors.month_sheet(s, year=year, month=month)
    return render(request, "khata/staff_member.html", _ctx(request, s.business, member=s, sheet=sheet, form=form,
                                                           month=f"{year:04d}-{month:02d}"))


@page
def settings_page(request: HttpRequest, business_id: str) -> HttpResponse:
    business = selectors.get_business_for(request.user, business_id)
    initial = {name: getattr(business, name) for name in SettingsForm.FIELDS}
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if v != initial[k]}
        if run_action(form, actions.update_settings, request.user, business=business, **changes) is not None:
            messages.success(request, "Settings saved.")
            return redirect("khata-settings", business_id=business.pk)
    return render(request, "khata/settings.html", _ctx(request, business, form=form))


def _panel(request: HttpRequest) -> dict | None:
    rows = []
    for b in selectors.businesses_for(request.user)[:5]:
        owed = selectors.parties_of(b, balance="owes_me")
        rows.append({"business": b, "owes_me": sum((p.balance for p in owed), 0),
                     "i_owe": -sum((p.balance for p in selectors.parties_of(b, balance="i_owe")), 0)})
    return {"rows": rows}


dashboard.register(20, "khata/_panel.html", _panel, live="khata.party khata.entry khata.bill khata.payment")
