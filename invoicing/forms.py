"""Forms of the marketplace pages: they parse; the invoicing actions decide."""

from __future__ import annotations

from django import forms

from social.forms import MoneyField, _currency


class InvoiceForm(forms.Form):
    buyer_name = forms.CharField(max_length=200)
    buyer_gstin = forms.CharField(max_length=15, required=False, label="Buyer GSTIN")
    number = forms.CharField(max_length=64, label="Invoice number")
    face_amount = MoneyField(label="Face amount")
    currency = forms.CharField(max_length=3, initial="INR")
    issue_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    due_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), help_text="At least 15 days ahead to list.")
    discount_rate = forms.DecimalField(max_digits=7, decimal_places=4, min_value=0, max_value=100,
                                       label="Annual discount rate (%)")
    min_ticket = MoneyField(label="Minimum ticket per investor")
    document_url = forms.URLField(required=False, max_length=500, assume_scheme="https")

    def clean_currency(self) -> str:
        return _currency(self.cleaned_data["currency"])


class AmountForm(forms.Form):
    amount = MoneyField()


class WalletForm(forms.Form):
    amount = MoneyField()
    currency = forms.CharField(max_length=3, initial="INR")

    def clean_currency(self) -> str:
        return _currency(self.cleaned_data["currency"])


class MarketFilterForm(forms.Form):
    SORTS = [("due_date", "Due soonest"), ("-yield", "Highest yield"), ("-funded", "Most funded"),
             ("funded", "Least funded"), ("-listed_at", "Newest")]
    currency = forms.CharField(max_length=3, required=False)
    min_yield = forms.DecimalField(required=False, min_value=0, max_value=1000, max_digits=7, decimal_places=2,
                                   label="Min. yield %")
    max_days_to_due = forms.IntegerField(required=False, min_value=0, max_value=3650, label="Due within (days)")
    ordering = forms.ChoiceField(choices=SORTS, required=False, label="Sort")
