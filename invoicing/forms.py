"""Forms of the marketplace pages: they parse; the invoicing actions decide."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from social.forms import MoneyField, _currency


class InvoiceForm(forms.Form):
    buyer_name = forms.CharField(label=_("Buyer name"), max_length=200)
    buyer_gstin = forms.CharField(max_length=15, required=False, label=_("Buyer GSTIN"))
    number = forms.CharField(max_length=64, label=_("Invoice number"))
    face_amount = MoneyField(label=_("Face amount"))
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="INR")
    issue_date = forms.DateField(label=_("Issue date"), widget=forms.DateInput(attrs={"type": "date"}))
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}), help_text=_("At least 15 days ahead to list."))
    discount_rate = forms.DecimalField(max_digits=7, decimal_places=4, min_value=0, max_value=100,
                                       label=_("Annual discount rate (%)"))
    min_ticket = MoneyField(label=_("Minimum ticket per investor"))
    document_url = forms.URLField(label=_("Document URL"), required=False, max_length=500, assume_scheme="https")

    def clean_currency(self) -> str:
        return _currency(self.cleaned_data["currency"])


class BillListingForm(forms.Form):
    """A khata bill put on the marketplace from the bill's page (the owner's button)."""

    discount_rate = forms.DecimalField(max_digits=7, decimal_places=4, min_value=Decimal("0.0001"),
                                       max_value=Decimal("99.9999"), label=_("Annual discount rate (%)"))
    min_ticket = MoneyField(label=_("Minimum ticket per investor"), required=False)
    due_date = forms.DateField(label=_("Due date"), required=False)


class AmountForm(forms.Form):
    amount = MoneyField(label=_("Amount"))


class WalletForm(forms.Form):
    amount = MoneyField(label=_("Amount"))
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="INR")

    def clean_currency(self) -> str:
        return _currency(self.cleaned_data["currency"])


class MarketFilterForm(forms.Form):
    SORTS = [("due_date", _("Due soonest")), ("-yield", _("Highest yield")), ("-funded", _("Most funded")),
             ("funded", _("Least funded")), ("-listed_at", _("Newest"))]
    currency = forms.CharField(label=_("Currency"), max_length=3, required=False)
    min_yield = forms.DecimalField(required=False, min_value=0, max_value=1000, max_digits=7, decimal_places=2,
                                   label=_("Min. yield %"))
    max_days_to_due = forms.IntegerField(required=False, min_value=0, max_value=3650, label=_("Due within (days)"))
    ordering = forms.ChoiceField(choices=SORTS, required=False, label=_("Sort"))
