"""Forms of the khata pages: they parse; the khata actions decide (and check roles)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from config import clock
from social.forms import MoneyField, _currency

DATE = forms.DateInput(attrs={"type": "date"})


class BusinessForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="INR")

    def clean_currency(self) -> str:
        return _currency(self.cleaned_data["currency"])


class SettingsForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=16, required=False)
    gstin = forms.CharField(max_length=15, required=False, label=_("GSTIN"))
    time_zone = forms.CharField(max_length=64, required=False, label=_("Time zone"),
                                help_text=_("The shop's day, e.g. Asia/Kolkata."))
    invoice_prefix = forms.CharField(label=_("Invoice prefix"), max_length=16)
    next_invoice_number = forms.IntegerField(label=_("Next invoice number"), min_value=1, max_value=10**9)
    default_tax_rate = forms.DecimalField(label=_("Default tax %"), min_value=0, max_value=100, max_digits=5, decimal_places=2)
    default_payment_terms_days = forms.IntegerField(label=_("Payment terms (days)"), min_value=0, max_value=3650)
    upi_id = forms.CharField(max_length=80, required=False, label=_("UPI id"))
    reminders_enabled = forms.BooleanField(label=_("Reminders enabled"), required=False)
    reminder_after_days = forms.IntegerField(label=_("Remind after (days)"), min_value=0, max_value=365)
    reminder_every_days = forms.IntegerField(label=_("Remind every (days)"), min_value=1, max_value=365)
    logo_url = forms.URLField(label=_("Logo URL"), required=False, max_length=500, assume_scheme="https")
    shift_minutes = forms.IntegerField(label=_("Shift (minutes)"), min_value=1, max_value=1440)
    half_day_minutes = forms.IntegerField(label=_("Half day under (minutes)"), min_value=0, max_value=1440)
    grace_minutes = forms.IntegerField(label=_("Grace (minutes)"), min_value=0, max_value=240)

    FIELDS = ("name", "address", "phone", "gstin", "time_zone", "invoice_prefix", "next_invoice_number", "default_tax_rate",
              "default_payment_terms_days", "upi_id", "reminders_enabled", "reminder_after_days",
              "reminder_every_days", "logo_url", "shift_minutes", "half_day_minutes", "grace_minutes")


    def clean_time_zone(self) -> str:
        value = self.cleaned_data["time_zone"].strip()
        if not value:  # left out: unchanged
            return self.initial.get("time_zone") or clock.DEFAULT_ZONE
        if not clock.is_zone(value):
            raise forms.ValidationError("Unknown time zone (use a name such as Asia/Kolkata).")
        return value


class PartyForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("customer", _("Customer")), ("supplier", _("Supplier"))])
    name = forms.CharField(label=_("Name"), max_length=120)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    gstin = forms.CharField(max_length=15, required=False, label=_("GSTIN"))
    opening_balance = forms.DecimalField(label=_("Opening balance"), max_digits=15, decimal_places=4, required=False,
                                         help_text=_("Positive: they owe you."))
    credit_limit = MoneyField(label=_("Credit limit"), required=False)
    notes = forms.CharField(label=_("Notes"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class EntryForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("gave", _("You gave")), ("got", _("You got"))], widget=forms.HiddenInput)
    amount = MoneyField(label=_("Amount"))
    date = forms.DateField(label=_("Date"), widget=DATE)
    # Credit first and preselected: most gave/got entries are goods on credit; only a payment
    # in cash moves the cashbook.
    settled = forms.ChoiceField(
        label=_("Settled"), initial="credit", widget=forms.RadioSelect, required=False,
        choices=[("credit", _("On credit")), ("cash", _("Cash")), ("upi", _("UPI")), ("bank", _("Bank transfer")),
                 ("card", _("Card")), ("cheque", _("Cheque"))],
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    override_credit_limit = forms.BooleanField(
        required=False, label=_("Over the credit limit: record anyway (managers and owners)"),
    )

    def action_kwargs(self) -> dict:
        """The form's fields as record_entry takes them (settlement and mode)."""
        data = dict(self.cleaned_data)
        how = data.pop("settled") or "credit"
        return {**data, "settlement": "credit"} if how == "credit" else {**data, "settlement": "payment", "mode": how}


class BillForm(forms.Form):
    party = forms.ChoiceField(label=_("Party"))
    issue_date = forms.DateField(label=_("Issue date"), widget=DATE)
    due_date = forms.DateField(label=_("Due date"), widget=DATE, required=False)
    discount = MoneyField(required=False, label=_("Bill discount"))
    notes = forms.CharField(label=_("Notes"), max_length=2000, required=False)
    override_credit_limit = forms.BooleanField(
        required=False, label=_("Over the credit limit: record anyway (managers and owners)"),
    )

    def __init__(self, *args, parties=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = [(str(p.pk), p.name) for p in parties]


class LineForm(forms.Form):
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    hsn = forms.CharField(max_length=8, required=False, label=_("HSN/SAC"))
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=14, decimal_places=3, min_value=0, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=12, required=False)
    unit_price = MoneyField(required=False, label=_("Unit price"))
    discount = MoneyField(label=_("Discount"), required=False)
    tax_rate = forms.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False,
                                  label=_("Tax %"))

    def clean(self) -> dict:
        data = super().clean()
        if data.get("description") and (data.get("quantity") is None or data.get("unit_price") is None):
            raise forms.ValidationError(_("A line needs a quantity and a unit price."))
        return data


LineFormSet = forms.formset_factory(LineForm, extra=4, max_num=50, validate_max=True)


class PaymentForm(forms.Form):
    amount = MoneyField(label=_("Amount"))
    date = forms.DateField(label=_("Date"), widget=DATE)
    mode = forms.ChoiceField(label=_("Mode"), choices=[("cash", _("Cash")), ("upi", _("UPI")), ("bank", _("Bank")), ("card", _("Card")),
                                      ("cheque", _("Cheque"))])
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class CashForm(forms.Form):
    direction = forms.ChoiceField(label=_("Direction"), choices=[("in", _("Cash in")), ("out", _("Cash out"))])
    amount = MoneyField(label=_("Amount"))
    date = forms.DateField(label=_("Date"), widget=DATE)
    category = forms.CharField(label=_("Category"), max_length=60, required=False)
    mode = forms.ChoiceField(label=_("Mode"), choices=[("cash", _("Cash")), ("upi", _("UPI")), ("bank", _("Bank")), ("card", _("Card"))])
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class StaffForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    phone = forms.CharField(label=_("Phone"), max_length=16, required=False)
    role = forms.CharField(label=_("Role"), max_length=60, required=False)
    salary_type = forms.ChoiceField(label=_("Salary type"), choices=[("monthly", _("Monthly")), ("daily", _("Daily")), ("hourly", _("Hourly"))])
    salary_amount = MoneyField(label=_("Salary amount"))
    joining_date = forms.DateField(label=_("Joining date"), widget=DATE, required=False)


class DayStatusForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("Clear")), ("present", _("Present")), ("absent", _("Absent")),
                                        ("half_day", _("Half day")), ("leave", _("Leave")), ("holiday", _("Holiday"))],
                               required=False)


class CreditNoteForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, help_text=_("e.g. goods returned, price corrected."))
    date = forms.DateField(label=_("Date"), widget=DATE)


class PurchaseBillForm(forms.Form):
    party = forms.ChoiceField(label=_("Supplier"))
    number = forms.CharField(label=_("Supplier's bill number"), max_length=40)
    issue_date = forms.DateField(label=_("Bill date"), widget=DATE)
    due_date = forms.DateField(label=_("Due date"), widget=DATE, required=False)
    discount = MoneyField(required=False, label=_("Bill discount"))
    notes = forms.CharField(label=_("Notes"), max_length=2000, required=False)

    def __init__(self, *args, parties=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = [(str(p.pk), p.name) for p in parties]


class MonthForm(forms.Form):
    month = forms.RegexField(r"^(19|20|21)\d{2}-(0[1-9]|1[0-2])$", label=_("Month"), required=False,
                             widget=forms.TextInput(attrs={"type": "month"}))
