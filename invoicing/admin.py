"""Admin: read-only views of the journal, invoices and investments. Money moves only through
actions (the API), so the admin cannot edit balances or states behind the journal's back."""

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse

from config.api.errors import DomainError
from invoicing.actions import declare_invoice_defaulted, record_repayment_for_seller
from invoicing.models import Account, Investment, Invoice, Leg, Posting


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class LegInline(admin.TabularInline):
    model = Leg
    fields = ["account", "amount", "balance_after"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Account)
class AccountAdmin(ReadOnly):
    list_display = ["id", "kind", "owner", "invoice", "currency", "balance", "updated_at"]
    list_filter = ["kind", "currency"]
    search_fields = ["owner__email", "id"]
    list_select_related = ["owner", "invoice"]


@admin.register(Posting)
class PostingAdmin(ReadOnly):
    list_display = ["id", "kind", "memo", "actor", "invoice", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["actor", "invoice"]
    inlines = [LegInline]


@admin.register(Leg)
class LegAdmin(ReadOnly):
    list_display = ["id", "posting", "account", "amount", "balance_after"]
    list_select_related = ["posting", "account"]


@admin.register(Invoice)
class InvoiceAdmin(ReadOnly):
    list_display = ["number", "seller", "buyer_name", "status", "currency", "face_amount", "advance_amount",
                    "funded_amount", "repaid_amount", "due_date", "source_bill_id"]
    list_filter = ["status", "currency", ("source_bill_id", admin.EmptyFieldListFilter)]
    search_fields = ["number", "buyer_name", "buyer_gstin", "seller__email"]
    list_select_related = ["seller"]
    actions = ["declare_defaulted", "record_repayment"]

    @admin.action(description="Declare defaulted (with a note)")
    def declare_defaulted(self, request, queryset):
        return self._support(request, queryset, "declare_defaulted", NoteForm, "Declare defaulted",
                             lambda invoice, data: declare_invoice_defaulted(request.user, invoice_id=invoice.pk,
                                                                            note=data["note"]))

    @admin.action(description="Record the seller's repayment (with a note)")
    def record_repayment(self, request, queryset):
        return self._support(request, queryset, "record_repayment", RepaymentForm, "Record the repayment",
                             lambda invoice, data: record_repayment_for_seller(
                                 request.user, invoice_id=invoice.pk, amount=data["amount"], note=data["note"]))

    def _support(self, request, queryset, name: str, form_class, submit: str, act):
        """One invoice: a page asking for the note (and amount); the domain action does the rest."""
        if queryset.count() != 1:
            self.message_user(request, "Choose exactly one invoice.", level=messages.ERROR)
            return None
        invoice = queryset.get()
        form = form_class(request.POST if "apply" in request.POST else None, invoice=invoice)
        if form.is_valid():
            try:
                act(invoice, form.cleaned_data)
                self.message_user(request, f"Invoice {invoice.number}: done.")
                return None
            except DomainError as exc:
                form.add_error(None, exc.message)
        return TemplateResponse(request, "admin/support_action.html", {
            **self.admin_site.each_context(request), "title": f"{submit}: invoice {invoice.number}",
            "subject": f"{invoice.number} · {invoice.buyer_name} · {invoice.status} · outstanding "
                       f"{invoice.money(invoice.outstanding_amount)} {invoice.currency}",
            "form": form, "object": invoice, "action": name, "submit": submit, "opts": self.model._meta})


class NoteForm(forms.Form):
    note = forms.CharField(max_length=200, help_text="Why (kept in the audit history).")

    def __init__(self, *args, invoice: Invoice, **kwargs) -> None:
        super().__init__(*args, **kwargs)


class RepaymentForm(NoteForm):
    amount = forms.DecimalField(max_digits=19, decimal_places=4, min_value=Decimal("0.0001"))

    def __init__(self, *args, invoice: Invoice, **kwargs) -> None:
        kwargs.setdefault("initial", {"amount": invoice.outstanding_amount})
        super().__init__(*args, invoice=invoice, **kwargs)


@admin.register(Investment)
class InvestmentAdmin(ReadOnly):
    list_display = ["invoice", "investor", "amount", "face_share", "repaid_amount", "confirmed_at"]
    list_select_related = ["invoice", "investor"]
    search_fields = ["investor__email", "invoice__number"]
