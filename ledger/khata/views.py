"""Khata pages: business switcher, parties with balances and search, a party's ledger with
gave/got, bills (create with lines and tax; the printable invoice is /khata/print/), cashbook
with day summary, staff with a month sheet, settings. Reads through ledger.khata.selectors,
writes through ledger.khata.actions (which check the member's role)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render as django_render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config import clock, receipts, refusals
from config.api.errors import Conflict, DomainError, Invalid
from ledger.khata import actions, portable, selectors, statement_links
from ledger.khata.actions.reminders import reminder_text, upi_link
from ledger.khata.forms import (
    BillForm,
    BusinessForm,
    CashForm,
    CreditNoteForm,
    DayStatusForm,
    EntryForm,
    LineFormSet,
    MonthForm,
    PartyForm,
    PaymentForm,
    PurchaseBillForm,
    SettingsForm,
    StaffForm,
)
from ledger.khata.models import CashEntry, Entry, Role
from social import dashboard
from social.forms import ReceiptForm
from social.page_tools import EARLIEST, LATEST, page, query_date, run_action


def render(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    """A khata page: times on it are shown in the business's zone."""
    business = context.get("business")
    with clock.shown_in(business.time_zone if business is not None else clock.user_zone(request.user)):
        return django_render(request, template, context)


def _ctx(request: HttpRequest, business, **extra) -> dict:
    role = selectors.role_of(request.user, business.pk)
    return {"business": business, "businesses": selectors.businesses_for(request.user), "role": role,
            "sees_cash": selectors.may_read(role, selectors.read_role(CashEntry)),
            "sees_pay": selectors.may_read(role, selectors.PAY_ROLE),
            "may_export": selectors.may_read(role, portable.EXPORT_ROLE), **extra}


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
    form = EntryForm(request.POST or None, initial={"date": p.business.today()})
    if request.method == "POST" and form.is_valid() and (
        run_action(form, actions.record_entry, request.user, business=p.business, party_id=p.pk,
                   **form.action_kwargs()) is not None
    ):
        return redirect("khata-party", party_id=p.pk)
    statement = selectors.statement(p, start=None, end=None)
    movements = list(reversed(statement["movements"]))[:200]
    # The gave/got entries among them, so the page (and the offline client) can edit or delete them.
    entries = {str(e.pk): e for e in Entry.objects.filter(party=p, deleted_at=None, pk__in=[m["id"] for m in movements])
               .select_related("business")}
    for m in movements:
        m["entry"] = entries.get(str(m["id"]))
    share = request.build_absolute_uri(statement_links.share_path(p))
    ctx = _ctx(request, p.business, party=p, form=form, statement=statement, movements=movements,
               credit_notes=selectors.credit_notes_of(p.business, party_id=p.pk)[:50],
               remind=_remind(p), share_link=share, phone_digits="".join(ch for ch in p.phone if ch.isdigit()))
    ctx["may_withdraw"] = selectors.may_read(ctx["role"], Role.MANAGER)
    return render(request, "khata/party.html", ctx)


@page
@require_POST
def withdraw_links(request: HttpRequest, party_id: str) -> HttpResponse:
    p = selectors.get_party_for(request.user, party_id)
    actions.withdraw_statement_links(request.user, party=p)
    messages.success(request, _("The links sent so far no longer work. The link below is a new one."))
    return redirect("khata-party", party_id=p.pk)


def _remind(p) -> dict | None:
    """WhatsApp and SMS links that open a reminder to a party who owes: the amount and, when the
    business has a UPI id, a UPI link to pay it (the same text as the scheduled reminders)."""
    if p.balance <= 0:
        return None
    business = p.business
    link = upi_link(upi_id=business.upi_id, payee=business.name, amount=p.balance, currency=business.currency,
                    note=business.name)
    text = reminder_text(p, link)
    digits = "".join(ch for ch in (p.phone or "") if ch.isdigit())
    return {"whatsapp": f"https://wa.me/{digits}?text={quote(text)}",
            "sms": f"sms:{p.phone or ''}?body={quote(text)}", "text": text}


@page
def bills(request: HttpRequest, business_id: str) -> HttpResponse:
    business = selectors.get_business_for(request.user, business_id)
    status = request.GET.get("status", "")
    status = status if status in ("draft", "pending", "partially_paid", "paid", "credited", "overdue", "cancelled") else ""
    ctx = _ctx(request, business, status=status, bills=selectors.bills_of(business, status=status, kind="sale")[:200])
    if ctx["sees_pay"]:  # the GST section: managers and owners, as the API's GST routes
        month_form = MonthForm(request.GET or None)
        month = business.today().replace(day=1)
        if month_form.is_valid() and month_form.cleaned_data.get("month"):
            month = dt.date.fromisoformat(month_form.cleaned_data["month"] + "-01")
        ctx.update(itc=selectors.input_tax(business, month), itc_month=month.strftime("%Y-%m"))
    return render(request, "khata/bills.html", ctx)


@page
def purchases(request: HttpRequest, business_id: str) -> HttpResponse:
    """Suppliers' bills: the list, and a form to record one (what the business owes)."""
    business = selectors.get_business_for(request.user, business_id)
    suppliers = selectors.parties_of(business, kind="supplier")
    form = PurchaseBillForm(request.POST or None, parties=suppliers, initial={"issue_date": business.today()})
    lines = LineFormSet(request.POST or None, prefix="lines")
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        d = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        bill = run_action(form, actions.record_purchase_bill, request.user, business=business,
                          party_id=d.pop("party"), lines=_lines(lines), **d)
        if bill is not None:
            messages.success(request, _("Purchase bill recorded."))
            return redirect("khata-bill", bill_id=bill.pk)
    return render(request, "khata/purchases.html", _ctx(
        request, business, form=form, lines=lines, bills=selectors.bills_of(business, kind="purchase")[:200]))


def _lines(formset) -> list[dict]:
    return [{k: v for k, v in f.cleaned_data.items() if v not in (None, "")}
            for f in formset.forms if f.cleaned_data.get("description")]


@page
def bill_new(request: HttpRequest, business_id: str) -> HttpResponse:
    business = selectors.get_business_for(request.user, business_id)
    parties_ = selectors.parties_of(business, kind="customer")
    form = BillForm(request.POST or None, parties=parties_, initial={"issue_date": business.today()})
    lines = LineFormSet(request.POST or None, prefix="lines")
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        d = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        bill = run_action(form, actions.create_bill, request.user, business=business, party_id=d.pop("party"),
                          lines=_lines(lines), issue=request.POST.get("issue") == "1", **d)
        if bill is not None:
            return redirect("khata-bill", bill_id=bill.pk)
    limits = {str(p.pk): {"limit": str(p.credit_limit), "balance": str(p.balance)}
              for p in parties_ if p.credit_limit is not None}
    return render(request, "khata/bill_form.html", _ctx(request, business, form=form, lines=lines,
                                                        credit_limits=limits))


def _credit_lines(bill) -> list[dict]:
    """The bill's lines as a credit note's starting point (a full return; edit or clear)."""
    return [{"description": x.description, "hsn": x.hsn, "quantity": x.quantity, "unit": x.unit,
             "unit_price": x.unit_price, "tax_rate": x.tax_rate} for x in bill.lines.all()]


@page
def bill(request: HttpRequest, bill_id: str) -> HttpResponse:
    b = selectors.get_bill_for(request.user, bill_id)
    crediting = request.method == "POST" and request.POST.get("form") == "credit_note"
    paying = request.method == "POST" and not crediting
    form = PaymentForm(request.POST if paying else None, initial={"date": b.business.today(), "amount": b.outstanding})
    if paying and form.is_valid() and (
        run_action(form, actions.record_payment, request.user, bill=b, **form.cleaned_data) is not None
    ):
        messages.success(request, _("Payment recorded."))
        return redirect("khata-bill", bill_id=b.pk)
    cn_form = CreditNoteForm(request.POST if crediting else None, initial={"date": b.business.today()}, prefix="note")
    cn_lines = LineFormSet(request.POST if crediting else None, prefix="cn", initial=_credit_lines(b))
    if crediting and cn_form.is_valid() and cn_lines.is_valid() and (
        run_action(cn_form, actions.issue_credit_note, request.user, bill=b, lines=_lines(cn_lines),
                   **cn_form.cleaned_data) is not None
    ):
        messages.success(request, _("Credit note issued."))
        return redirect("khata-bill", bill_id=b.pk)
    return render(request, "khata/bill.html", _ctx(request, b.business, bill=b, form=form,
                                                   payments=selectors.payments_of(b),
                                                   credit_notes=selectors.credit_notes_of(b.business, bill=b),
                                                   cn_form=cn_form, cn_lines=cn_lines,
                                                   receipts=selectors.receipts_of_bill(b), receipt_form=ReceiptForm()))


@page
@require_POST
def credit_note_cancel(request: HttpRequest, note_id: str) -> HttpResponse:
    note = selectors.get_credit_note_for(request.user, note_id)
    try:
        actions.cancel_credit_note(request.user, note=note)
        messages.success(request, _("Credit note cancelled."))
    except Conflict as exc:
        messages.error(request, refusals.say(exc))
    return redirect("khata-bill", bill_id=note.bill_id)


@page
@require_POST
def bill_state(request: HttpRequest, bill_id: str, verb: str) -> HttpResponse:
    b = selectors.get_bill_for(request.user, bill_id)
    try:
        if verb == "issue":
            actions.issue_bill(request.user, bill=b, override_credit_limit=request.POST.get("override_credit_limit") == "on")
            messages.success(request, _("Bill issued."))
        elif verb == "cancel":
            actions.cancel_bill(request.user, bill=b)
            messages.success(request, _("Bill cancelled."))
    except Conflict as exc:  # e.g. over the credit limit: say so on the bill
        messages.error(request, refusals.say(exc))
    return redirect("khata-bill", bill_id=b.pk)


@page
def cashbook(request: HttpRequest, business_id: str) -> HttpResponse:
    business = selectors.get_business_for(request.user, business_id)
    selectors.require_role(request.user, business.pk, selectors.read_role(CashEntry))
    day = query_date(request, "day") or business.today()  # an impossible day: 400
    form = CashForm(request.POST or None, initial={"date": day})
    if request.method == "POST" and form.is_valid() and (
        run_action(form, actions.record_cash, request.user, business=business, **form.cleaned_data) is not None
    ):
        return redirect(f"{request.path}?day={form.cleaned_data['date']}")
    opening, rows = selectors.cashbook_with_running_balance(business, start=day - dt.timedelta(days=30), end=day)
    summary = selectors.cash_report(business, start=day, end=day)
    return render(request, "khata/cashbook.html", _ctx(request, business, form=form, day=day, summary=summary,
                                                       opening=opening,
                                                       rows=list(rows.select_related("business"))[::-1][:200]))


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
    today = s.business.today()
    raw = request.GET.get("month", "")
    try:
        year, month = (int(x) for x in raw.split("-")) if raw else (today.year, today.month)
        first = dt.date(year, month, 1)
    except ValueError:
        raise Invalid(f"{raw[:20]!r} is not a month.", fields={"month": ["Use YYYY-MM."]})
    if not EARLIEST <= first <= LATEST:
        raise Invalid(f"Months run from {EARLIEST:%Y-%m} to {LATEST:%Y-%m}.", fields={"month": ["Out of range."]})
    form = DayStatusForm(request.POST or None, initial={"date": today})
    if request.method == "POST":
        if request.POST.get("punch") in ("in", "out"):
            actions.punch(request.user, staff=s, kind=request.POST["punch"], device="web")
            return redirect("khata-staff-member", staff_id=s.pk)
        if form.is_valid() and run_action(form, actions.set_day_status, request.user, staff=s,
                                          date=form.cleaned_data["date"], status=form.cleaned_data["status"] or None):
            return redirect("khata-staff-member", staff_id=s.pk)
    sheet = selectors.month_sheet(s, year=year, month=month)
    punches = selectors.punches_of(s, start=today, end=today)
    return render(request, "khata/staff_member.html", _ctx(request, s.business, member=s, sheet=sheet, form=form,
                                                           today=today, punches=punches,
                                                           month=f"{year:04d}-{month:02d}"))


@page
def settings_page(request: HttpRequest, business_id: str) -> HttpResponse:
    business = selectors.get_business_for(request.user, business_id)
    initial = {name: getattr(business, name) for name in SettingsForm.FIELDS}
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if v != initial[k]}
        if run_action(form, actions.update_settings, request.user, business=business, **changes) is not None:
            messages.success(request, _("Settings saved."))
            return redirect("khata-settings", business_id=business.pk)
    return render(request, "khata/settings.html", _ctx(request, business, form=form))


def _panel(request: HttpRequest) -> dict | None:
    rows = []
    for b in selectors.businesses_for(request.user)[:5]:
        owed, owing = list(selectors.parties_of(b, balance="owes_me")), list(selectors.parties_of(b, balance="i_owe"))
        rows.append({"business": b, "owes_me": sum((p.balance for p in owed), 0), "i_owe": -sum((p.balance for p in owing), 0),
                     # each party's part, so changes waiting offline can move the totals
                     "scope": f"business:{b.pk}", "parts": [(f"party:{p.pk}", p.balance) for p in owed + owing]})
    return {"rows": rows}


dashboard.register(20, "khata/_panel.html", _panel, live="khata.party khata.entry khata.bill khata.payment")


# --- receipts on entries ----------------------------------------------------------------------
@page
def entry_receipts(request: HttpRequest, entry_id: str) -> HttpResponse:
    """An entry's receipts (the bill, the chit, the UPI screenshot): shown, attached, removed."""
    entry = selectors.get_entry_for(request.user, entry_id)
    if request.method == "POST":
        _attach_from_page(request, actions.attach_entry_receipt, entry=entry)
        return redirect("khata-entry-receipts-page", entry_id=entry.pk)
    return render(request, "khata/entry_receipts.html", _ctx(
        request, entry.business, entry=entry, receipts=selectors.receipts_of_entry(entry), receipt_form=ReceiptForm()))


@page
@require_POST
def bill_receipts(request: HttpRequest, bill_id: str) -> HttpResponse:
    """Attach a receipt to a bill (shown on the bill's page)."""
    b = selectors.get_bill_for(request.user, bill_id)
    _attach_from_page(request, actions.attach_bill_receipt, bill=b)
    return redirect("khata-bill", bill_id=b.pk)


def _attach_from_page(request: HttpRequest, attach, **record) -> None:
    form = ReceiptForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a photo or a PDF to attach."))
        return
    try:
        attach(request.user, upload=form.cleaned_data["file"], **record)
        messages.success(request, _("Receipt attached."))
    except DomainError as exc:
        messages.error(request, refusals.say(exc, prefer_fields=True))


@page
def receipt_file(request: HttpRequest, receipt_id: str) -> HttpResponse:
    return receipts.file_response(selectors.get_entry_receipt_for(request.user, receipt_id), request)


@page
@require_POST
def receipt_remove(request: HttpRequest, receipt_id: str) -> HttpResponse:
    receipt = selectors.get_entry_receipt_for(request.user, receipt_id)
    actions.remove_entry_receipt(request.user, receipt=receipt)
    messages.success(request, _("Receipt removed."))
    if receipt.bill_id is not None:
        return redirect("khata-bill", bill_id=receipt.bill_id)
    return redirect("khata-entry-receipts-page", entry_id=receipt.entry_id)
