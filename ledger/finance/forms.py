"""Forms of the personal-finance pages: they parse; the finance actions decide."""

from __future__ import annotations

import re
import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from config.api.errors import Invalid
from ledger.finance.actions.parts import MAX_PARTS
from ledger.finance.import_files import MAX_UPLOAD
from ledger.finance.importers import PRESETS
from social.forms import MoneyField, _currency
from social.page_tools import EARLIEST, LATEST, check_range

DATE = forms.DateInput(attrs={"type": "date"})
PART_ROW = re.compile(r"^part_(?:category|amount)_(\d{1,3})$")
PART_ROWS = 3  # part rows shown at first (and without JavaScript)
MAX_PART_ROWS = MAX_PARTS


def _choices(items, blank: str | None = None) -> list[tuple[str, str]]:
    out = [("", blank)] if blank is not None else []
    return out + [(str(i.pk), str(getattr(i, "name", i))) for i in items]


class AccountForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("bank", _("Bank")), ("cash", _("Cash")), ("card", _("Card")), ("wallet", _("Wallet"))])
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="INR")
    opening_balance = forms.DecimalField(label=_("Opening balance"), max_digits=15, decimal_places=4, initial=0)

    def clean_currency(self) -> str:
        return _currency(self.cleaned_data["currency"])


class TransactionForm(forms.Form):
    direction = forms.ChoiceField(label=_("Direction"), choices=[("expense", _("Expense")), ("income", _("Income")), ("transfer", _("Transfer"))])
    account_id = forms.TypedChoiceField(coerce=uuid.UUID, label=_("Account"))
    amount = MoneyField(label=_("Amount"))
    date = forms.DateField(label=_("Date"), widget=DATE)
    category_id = forms.TypedChoiceField(coerce=uuid.UUID, empty_value=None, required=False, label=_("Category"))
    transfer_account_id = forms.TypedChoiceField(coerce=uuid.UUID, empty_value=None, required=False,
                                                 label=_("To account (transfers)"))
    payee = forms.CharField(label=_("Payee"), max_length=200, required=False)
    notes = forms.CharField(label=_("Notes"), max_length=2000, required=False)
    tags = forms.CharField(label=_("Tags"), max_length=200, required=False, help_text=_("Comma separated."))
    split = forms.BooleanField(label=_("Split across categories"), required=False)
    # The part rows (part_category_N, part_amount_N) gathered in clean(); the action's refusals
    # of the parts (not adding up, a category of another kind) are shown here.
    parts = forms.Field(required=False, label=_("Parts"))

    MAIN = ("direction", "account_id", "amount", "date", "category_id", "transfer_account_id", "payee", "notes", "tags")

    def __init__(self, *args, accounts=(), categories=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["account_id"].choices = _choices(accounts)
        self.fields["transfer_account_id"].choices = _choices(accounts, "—")
        self.fields["category_id"].choices = _choices(categories, "—")
        # Fixed rows without JavaScript; the page's script adds rows (the next free number).
        self.part_count = self._posted_rows()
        for i in range(self.part_count):
            self.fields[f"part_category_{i}"] = forms.TypedChoiceField(
                coerce=uuid.UUID, empty_value=None, required=False, choices=_choices(categories, "—"),
                label=_("Category of part %(n)s") % {"n": i + 1})
            self.fields[f"part_amount_{i}"] = MoneyField(required=False, label=_("Amount of part %(n)s") % {"n": i + 1})

    def _posted_rows(self) -> int:
        numbers = [int(m.group(1)) for key in (self.data if self.is_bound else ())
                   if (m := PART_ROW.match(key)) and int(m.group(1)) < MAX_PART_ROWS]
        return max([PART_ROWS, *(n + 1 for n in numbers)])

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.MAIN]

    def part_rows(self) -> list[tuple[int, forms.BoundField, forms.BoundField]]:
        return [(i + 1, self[f"part_category_{i}"], self[f"part_amount_{i}"]) for i in range(self.part_count)]

    def clean_tags(self) -> list[str]:
        return [t.strip() for t in self.cleaned_data.get("tags", "").split(",") if t.strip()][:20]

    def clean(self):
        data = super().clean()
        parts = []
        for i in range(self.part_count):
            category, amount = data.get(f"part_category_{i}"), data.get(f"part_amount_{i}")
            if amount is None and category is None:
                continue  # an empty row
            if amount is None:
                if f"part_amount_{i}" not in self.errors:
                    self.add_error(f"part_amount_{i}", _("Say how much of the amount is this part."))
                continue
            parts.append({"category_id": category, "amount": amount})
        data["parts"] = None
        if data.get("split"):
            if len(parts) < 2 and not any(k.startswith("part_") for k in self.errors):
                self.add_error("parts", _("Give at least two parts, each with its amount."))
            data["parts"] = parts
            data["category_id"] = None  # each part has its own category
        return data

    def action_fields(self) -> dict:
        """record_transaction's arguments: the fields filled, and the parts when split."""
        d = self.cleaned_data
        fields = {k: d[k] for k in self.MAIN if d.get(k) not in (None, "")}
        if d.get("parts"):
            fields["parts"] = d["parts"]
        return fields


class FilterForm(forms.Form):
    account = forms.UUIDField(label=_("Account"), required=False)
    category = forms.UUIDField(label=_("Category"), required=False)
    direction = forms.ChoiceField(label=_("Direction"), choices=[("", _("Any")), ("expense", _("Expense")), ("income", _("Income")),
                                           ("transfer", _("Transfer"))], required=False)
    start = forms.DateField(required=False, widget=DATE, label=_("From"))
    end = forms.DateField(required=False, widget=DATE, label=_("To"))
    q = forms.CharField(required=False, max_length=100, label=_("Payee or note"))

    def clean(self):
        data = super().clean()
        for name in ("start", "end"):
            if data.get(name) and not EARLIEST <= data[name] <= LATEST:
                self.add_error(name, f"From {EARLIEST} to {LATEST}.")
        try:
            check_range(data.get("start"), data.get("end"))
        except Invalid as exc:
            for name, problems in exc.fields.items():
                self.add_error(name, problems)
        return data


class BudgetForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    amount = MoneyField(label=_("Amount"))
    category_id = forms.TypedChoiceField(coerce=uuid.UUID, empty_value=None, required=False, label=_("Category"))
    period = forms.ChoiceField(label=_("Period"), choices=[("month", _("Monthly")), ("week", _("Weekly")), ("year", _("Yearly"))])

    def __init__(self, *args, categories=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category_id"].choices = _choices(categories, _("Overall"))


class BillForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    amount = MoneyField(label=_("Amount"))
    amount_max = MoneyField(required=False, label=_("Up to (for a range)"))
    due_date = forms.DateField(label=_("Due date"), widget=DATE)
    repeat = forms.ChoiceField(label=_("Repeat"), choices=[("monthly", _("Monthly")), ("weekly", _("Weekly")), ("yearly", _("Yearly")),
                                        ("none", _("Once"))])
    remind_days = forms.IntegerField(min_value=0, max_value=60, initial=3, label=_("Remind days before"))
    payee = forms.CharField(label=_("Payee"), max_length=200, required=False)


PRESET_CHOICES = [("", _("Detect from the header")), *((p.key, _(p.label)) for p in PRESETS.values()),
                  ("columns", _("The columns named below"))]
ORDER_CHOICES = [("", _("Detect from the file")), ("dmy", _("Day first (31/01/2026)")), ("mdy", _("Month first (01/31/2026)"))]


class ImportForm(forms.Form):
    account_id = forms.TypedChoiceField(coerce=uuid.UUID, label=_("Into account"))
    format = forms.ChoiceField(label=_("Format"), choices=[("ofx", _("OFX / QFX")), ("qif", _("QIF")), ("csv", _("CSV"))])
    file = forms.FileField(label=_("File"), required=False)
    kept = forms.CharField(required=False, widget=forms.HiddenInput)  # the file of a refused preview
    date_order = forms.ChoiceField(choices=ORDER_CHOICES, required=False, label=_("Dates (QIF, CSV)"))
    preset = forms.ChoiceField(choices=PRESET_CHOICES, required=False, label=_("CSV columns"))
    date_column = forms.CharField(label=_("Date column"), required=False, max_length=60, help_text=_("CSV, named columns: header names."))
    amount_column = forms.CharField(label=_("Amount column"), required=False, max_length=60, help_text=_("Or debit and credit columns."))
    debit_column = forms.CharField(label=_("Debit column"), required=False, max_length=60)
    credit_column = forms.CharField(label=_("Credit column"), required=False, max_length=60)
    payee_column = forms.CharField(label=_("Payee column"), required=False, max_length=60)
    date_format = forms.CharField(label=_("Date format"), required=False, max_length=20, help_text=_("Empty: detected (e.g. %d/%m/%Y)."))

    def __init__(self, *args, accounts=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["account_id"].choices = _choices(accounts)

    def clean(self):
        d = super().clean()
        if not d.get("file") and not d.get("kept"):
            self.add_error("file", _("Choose a statement file."))
        elif d.get("file") and d["file"].size > MAX_UPLOAD:
            self.add_error("file", _("The file is too large (5 MB at most)."))
        if d.get("date_format") and "%" not in d["date_format"]:
            self.add_error("date_format", _("A format such as %d/%m/%Y, or leave it empty."))
        return d

    def options(self) -> dict:
        """preview_import's reading options from the form."""
        d = self.cleaned_data
        out: dict = {"date_order": d["date_order"] or None}
        if d["format"] != "csv":
            return out
        named = {"date": d["date_column"], "amount": d["amount_column"], "debit": d["debit_column"],
                 "credit": d["credit_column"], "payee": d["payee_column"]}
        if d["preset"] == "columns" or (not d["preset"] and any(named.values())):
            mapping = {k: v for k, v in named.items() if v}
            mapping.setdefault("date", "date")
            if not any(k in mapping for k in ("amount", "debit", "credit")):
                mapping["amount"] = "amount"
            if d["date_format"]:
                mapping["date_format"] = d["date_format"]
            out["mapping"] = mapping
        else:
            out["preset"] = d["preset"] or None
        return out


class RereadForm(forms.Form):
    preset = forms.ChoiceField(choices=PRESET_CHOICES[:-1], required=False, label=_("CSV columns"))
    date_order = forms.ChoiceField(choices=ORDER_CHOICES[1:], required=False, label=_("Dates"))


class PayForm(forms.Form):
    account_id = forms.TypedChoiceField(coerce=uuid.UUID, empty_value=None, required=False, label=_("Paid from"))

    def __init__(self, *args, accounts=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["account_id"].choices = _choices(accounts, _("the bill's account"))


class RuleForm(forms.Form):
    name = forms.CharField(label=_("Rule name"), max_length=60)
    payee_contains = forms.CharField(label=_("When the payee contains"), max_length=100, required=False)
    direction = forms.ChoiceField(label=_("Direction"), required=False, choices=[
        ("", _("Any")), ("expense", _("Expense")), ("income", _("Income")), ("transfer", _("Transfer"))])
    account_id = forms.TypedChoiceField(coerce=uuid.UUID, empty_value=None, required=False, label=_("In account"))
    min_amount = MoneyField(required=False, label=_("Amount from"))
    max_amount = MoneyField(required=False, label=_("Amount up to"))
    currency = forms.CharField(label=_("Currency of the amounts"), max_length=3, required=False,
                               help_text=_("Empty: the account's currency."))
    set_category_id = forms.TypedChoiceField(coerce=uuid.UUID, empty_value=None, required=False,
                                             label=_("Set the category"))
    set_payee = forms.CharField(label=_("Rename the payee to"), max_length=200, required=False)
    add_tags = forms.CharField(label=_("Add tags"), max_length=200, required=False, help_text=_("Comma separated."))

    def __init__(self, *args, accounts=(), categories=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["account_id"].choices = _choices(accounts, _("Any"))
        self.fields["set_category_id"].choices = _choices(categories, "—")

    def clean_currency(self) -> str:
        code = self.cleaned_data.get("currency", "")
        return _currency(code) if code.strip() else ""

    def clean_add_tags(self) -> list[str]:
        return [t.strip() for t in self.cleaned_data.get("add_tags", "").split(",") if t.strip()][:20]


class SplitForm(forms.Form):
    """A transaction's parts, one a line: `Category = amount` (the category by name, any case;
    `-` for none)."""

    parts = forms.CharField(label=_("Parts"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000,
                            help_text=_("One line a part: category = amount, e.g. Groceries = 320.50. "
                                        "The parts must add up to the amount."))

    def __init__(self, *args, categories=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.by_name = {c.name.casefold(): c for c in categories}

    def clean_parts(self) -> list[dict]:
        from config.money import AmountSyntaxError, parse_amount

        parts = []
        for n, line in enumerate(self.cleaned_data["parts"].splitlines(), 1):
            if not line.strip():
                continue
            name, sep, amount = line.rpartition("=")
            if not sep:
                raise forms.ValidationError(_("Line %(n)s: write category = amount.") % {"n": n})
            name = name.strip()
            category = None
            if name and name != "-":
                category = self.by_name.get(name.casefold())
                if category is None:
                    raise forms.ValidationError(_("Line %(n)s: no category named “%(name)s”.") % {"n": n, "name": name})
            try:
                value = parse_amount(amount.strip())
            except AmountSyntaxError:
                raise forms.ValidationError(_("Line %(n)s: the amount is not a number.") % {"n": n})
            parts.append({"category_id": category.pk if category else None, "amount": value})
        return parts
