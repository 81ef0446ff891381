"""Forms of the personal-finance pages: they parse; the finance actions decide."""

from __future__ import annotations

import uuid

from django import forms

from social.forms import MoneyField, _currency

DATE = forms.DateInput(attrs={"type": "date"})


def _choices(items, blank: str | None = None) -> list[tuple[str, str]]:
    out = [("", blank)] if blank is not None else []
    return out + [(str(i.pk), str(getattr(i, "name", i))) for i in items]


class AccountForm(forms.Form):
    name = forms.CharField(max_length=100)
    kind = forms.ChoiceField(choices=[("bank", "Bank"), ("cash", "Cash"), ("card", "Card"), ("wallet", "Wallet")])
    currency = forms.CharField(max_length=3, initial="INR")
    opening_balance = forms.DecimalField(max_digits=15, decimal_places=4, initial=0)

    def clean_currency(self) -> str:
        return _currency(self.cleaned_data["currency"])


class TransactionForm(forms.Form):
    direction = forms.ChoiceField(choices=[("expense", "Expense"), ("income", "Income"), ("transfer", "Transfer")])
    account_id = forms.TypedChoiceField(coerce=uuid.UUID, label="Account")
    amount = MoneyField()
    date = forms.DateField(widget=DATE)
    category_id = forms.TypedChoiceField(coerce=uuid.UUID, empty_value=None, required=False, label="Category")
    transfer_account_id = forms.TypedChoiceField(coerce=uuid.UUID, empty_value=None, required=False,
                                                 label="To account (transfers)")
    payee = forms.CharField(max_length=200, required=False)
    notes = forms.CharField(max_length=2000, required=False)
    tags = forms.CharField(max_length=200, required=False, help_text="Comma separated.")

    def __init__(self, *args, accounts=(), categories=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["account_id"].choices = _choices(accounts)
        self.fields["transfer_account_id"].choices = _choices(accounts, "—")
        self.fields["category_id"].choices = _choices(categories, "—")

    def clean_tags(self) -> list[str]:
        return [t.strip() for t in self.cleaned_data.get("tags", "").split(",") if t.strip()][:20]


class FilterForm(forms.Form):
    account = forms.UUIDField(required=False)
    category = forms.UUIDField(required=False)
    direction = forms.ChoiceField(choices=[("", "Any"), ("expense", "Expense"), ("income", "Income"),
                                           ("transfer", "Transfer")], required=False)
    start = forms.DateField(required=False, widget=DATE, label="From")
    end = forms.DateField(required=False, widget=DATE, label="To")
    q = forms.CharField(required=False, max_length=100, label="Payee or note")


class BudgetForm(forms.Form):
    name = forms.CharField(max_length=100)
    amount = MoneyField()
    category_id = forms.TypedChoiceField(coerce=uuid.UUID, empty_value=None, required=False, label="Category")
    period = forms.ChoiceField(choices=[("month", "Monthly"), ("week", "Weekly"), ("year", "Yearly")])

    def __init__(self, *args, categories=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category_id"].choices = _choices(categories, "Overall")


class BillForm(forms.Form):
    name = forms.CharField(max_length=100)
    amount = MoneyField()
    amount_max = MoneyField(required=False, label="Up to (for a range)")
    due_date = forms.DateField(widget=DATE)
    repeat = forms.ChoiceField(choices=[("monthly", "Monthly"), ("weekly", "Weekly"), ("yearly", "Yearly"),
                                        ("none", "Once")])
    remind_days = forms.IntegerField(min_value=0, max_value=60, initial=3, label="Remind days before")
    payee = forms.CharField(max_length=200, required=False)


class ImportForm(forms.Form):
    account_id = forms.TypedChoiceField(coerce=uuid.UUID, label="Into account")
    format = forms.ChoiceField(choices=[("ofx", "OFX / QFX"), ("qif", "QIF"), ("csv", "CSV")])
    file = forms.FileField()
    date_column = forms.CharField(required=False, max_length=60, help_text="CSV only: column names.")
    amount_column = forms.CharField(required=False, max_length=60)
    payee_column = forms.CharField(required=False, max_length=60)
    date_format = forms.CharField(required=False, max_length=20, initial="%Y-%m-%d")

    def __init__(self, *args, accounts=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["account_id"].choices = _choices(accounts)

    def mapping(self) -> dict | None:
        d = self.cleaned_data
        if d["format"] != "csv":
            return None
        out = {"date": d["date_column"] or "date", "amount": d["amount_column"] or "amount",
               "date_format": d["date_format"] or "%Y-%m-%d"}
        if d["payee_column"]:
            out["payee"] = d["payee_column"]
        return out


class PayForm(forms.Form):
    account_id = forms.TypedChoiceField(coerce=uuid.UUID, empty_value=None, required=False, label="Paid from")

    def __init__(self, *args, accounts=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["account_id"].choices = _choices(accounts, "the bill's account")
