"""Forms of the khata pages: they parse; the khata actions decide (and check roles)."""

from __future__ import annotations

from django import forms

from social.forms import MoneyField, _currency

DATE = forms.DateInput(attrs={"type": "date"})


class BusinessForm(forms.Form):
    name = forms.CharField(max_length=120)
    currency = forms.CharField(max_length=3, initial="INR")

    def clean_currency(self) -> str:
        return _currency(self.cleaned_data["currency"])


class SettingsForm(forms.Form):
    name = forms.CharField(max_length=120)
    address = forms.CharField(max_length=300, required=False)
    phone = forms.CharField(max_length=16, required=False)
    gstin = forms.CharField(max_length=15, required=False, label="GSTIN")
    invoice_prefix = forms.CharField(max_length=16)
    next_invoice_number = forms.IntegerField(min_value=1, max_value=10**9)
    default_tax_rate = forms.DecimalField(min_value=0, max_value=100, max_digits=5, decimal_places=2)
    default_payment_terms_days = forms.IntegerField(min_value=0, max_value=3650)
    upi_id = forms.CharField(max_length=80, required=False, label="UPI id")
    reminders_enabled = forms.BooleanField(required=False)
    reminder_after_days = forms.IntegerField(min_value=0, max_value=365)
    reminder_every_days = forms.IntegerField(min_value=1, max_value=365)
    logo_url = forms.URLField(required=False, max_length=500, assume_scheme="https")
    shift_minutes = forms.IntegerField(min_value=1, max_value=1440)
    half_day_minutes = forms.IntegerField(min_value=0, max_value=1440)
    grace_minutes = forms.IntegerField(min_value=0, max_value=240)

    FIELDS = ("name", "address", "phone", "gstin", "invoice_prefix", "next_invoice_number", "default_tax_rate",
              "default_payment_terms_days", "upi_id", "reminders_enabled", "reminder_after_days",
              "reminder_every_days", "logo_url", "shift_minutes", "half_day_minutes", "grace_minutes")


class PartyForm(forms.Form):
    kind = forms.ChoiceField(choices=[("customer", "Customer"), ("supplier", "Supplier")])
    name = forms.CharField(max_length=120)
    phone = forms.CharField(max_length=32, required=False)
    email = forms.EmailField(required=False)
    address = forms.CharField(max_length=300, required=False)
    gstin = forms.CharField(max_length=15, required=False, label="GSTIN")
    opening_balance = forms.DecimalField(max_digits=15, decimal_places=4, required=False,
                                         help_text="Positive: they owe you.")
    credit_limit = MoneyField(required=False)
    notes = forms.CharField(max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class EntryForm(forms.Form):
    kind = forms.ChoiceField(choices=[("gave", "You gave"), ("got", "You got")], widget=forms.HiddenInput)
    amount = MoneyField()
    date = forms.DateField(widget=DATE)
    note = forms.CharField(max_length=500, required=False)


class BillForm(forms.Form):
    party = forms.ChoiceField()
    issue_date = forms.DateField(widget=DATE)
    due_date = forms.DateField(widget=DATE, required=False)
    discount = MoneyField(required=False, label="Bill discount")
    notes = forms.CharField(max_length=2000, required=False)

    def __init__(self, *args, parties=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = [(str(p.pk), p.name) for p in parties]


class LineForm(forms.Form):
    description = forms.CharField(max_length=300, required=False)
    hsn = forms.CharField(max_length=8, required=False, label="HSN/SAC")
    quantity = forms.DecimalField(max_digits=14, decimal_places=3, min_value=0, required=False)
    unit = forms.CharField(max_length=12, required=False)
    unit_price = MoneyField(required=False, label="Unit price")
    discount = MoneyField(required=False)
    tax_rate = forms.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False,
                                  label="Tax %")

    def clean(self) -> dict:
        data = super().clean()
        if data.get("description") and (data.get("quantity") is None or data.get("unit_price") is None):
            raise forms.ValidationError("A line needs a quantity and a unit price.")
        return data


LineFormSet = forms.formset_factory(LineForm, extra=4, max_num=50, validate_max=True)


class PaymentForm(forms.Form):
    amount = MoneyField()
    date = forms.DateField(widget=DATE)
    mode = forms.ChoiceField(choices=[("cash", "Cash"), ("upi", "UPI"), ("bank", "Bank"), ("card", "Card")])
    note = forms.CharField(max_length=300, required=False)


class CashForm(forms.Form):
    direction = forms.ChoiceField(choices=[("in", "Cash in"), ("out", "Cash out")])
    amount = MoneyField()
    date = forms.DateField(widget=DATE)
    category = forms.CharField(max_length=60, required=False)
    mode = forms.ChoiceField(choices=[("cash", "Cash"), ("upi", "UPI"), ("bank", "Bank"), ("card", "Card")])
    note = forms.CharField(max_length=300, required=False)


class StaffForm(forms.Form):
    name = forms.CharField(max_length=120)
    phone = forms.CharField(max_length=16, required=False)
    role = forms.CharField(max_length=60, required=False)
    salary_type = forms.ChoiceField(choices=[("monthly", "Monthly"), ("daily", "Daily"), ("hourly", "Hourly")])
    salary_amount = MoneyField()
    joining_date = forms.DateField(widget=DATE, required=False)


class DayStatusForm(forms.Form):
    date = forms.DateField(widget=DATE)
    status = forms.ChoiceField(choices=[("", "Clear"), ("present", "Present"), ("absent", "Absent"),
                                        ("half_day", "Half day"), ("leave", "Leave"), ("holiday", "Holiday")],
                               required=False)
