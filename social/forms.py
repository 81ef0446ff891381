"""Forms of the social pages. They parse; actions decide (their refusals land on the fields)."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import Throttled

from config import receipts
from social.phones import InvalidPhone, normalize_phone
from social.signin import sign_in


def _phone(raw: str) -> str | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        return normalize_phone(raw)
    except InvalidPhone:
        raise forms.ValidationError(_("Enter a valid phone number, e.g. +91 98765 43210."))


class SignupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(label=_("Email"), max_length=254)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False, help_text=_("Optional."))
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, min_length=8, max_length=128)

    def clean_phone(self) -> str | None:
        return _phone(self.cleaned_data.get("phone", ""))


class LoginForm(forms.Form):
    identifier = forms.CharField(label=_("Email or phone"), max_length=254)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, max_length=128)

    def __init__(self, *args, address: str = "-", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.address = address
        self.user = None

    def clean(self) -> dict:
        data = super().clean()
        identifier, password = data.get("identifier"), data.get("password")
        if not identifier or not password:
            return data
        try:
            user = sign_in(identifier, password, address=self.address)
        except Throttled as exc:
            raise forms.ValidationError(
                _("Too many attempts. Try again in %(seconds)d seconds.") % {"seconds": round(exc.wait or 0)})
        if user is None:
            raise forms.ValidationError(_("Wrong email/phone or password."))
        self.user = user
        return data


class ProfileForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    display_name = forms.CharField(label=_("Display name"), max_length=150, required=False)
    default_currency = forms.CharField(label=_("Default currency"), max_length=3, min_length=3)
    time_zone = forms.CharField(label=_("Time zone"), max_length=64)
    upi_id = forms.CharField(
        max_length=100, required=False, label=_("UPI id"), help_text=_("name@bank, for settle-up links.")
    )
    avatar_url = forms.URLField(max_length=500, required=False, label=_("Avatar image"), help_text=_("An https:// image address."),
                                assume_scheme="https")

    NOTIFY = "notify_"

    def __init__(self, *args: Any, preferences: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from realtime.notifications import kinds

        # One checkbox per kind a person can switch off; a missing preference means "on".
        for kind in kinds():
            self.fields[self.NOTIFY + kind.key] = forms.BooleanField(
                required=False, label=_(kind.label), initial=(preferences or {}).get(kind.key, True) is not False,
            )

    def notification_preferences(self) -> dict[str, bool]:
        return {name.removeprefix(self.NOTIFY): bool(value) for name, value in self.cleaned_data.items()
                if name.startswith(self.NOTIFY)}

    def notify_fields(self) -> list:
        return [self[name] for name in self.fields if name.startswith(self.NOTIFY)]

    def profile_fields(self) -> list:
        return [self[name] for name in self.fields if not name.startswith(self.NOTIFY)]

    def clean_avatar_url(self) -> str:
        url = self.cleaned_data.get("avatar_url", "")
        if url and not url.lower().startswith("https://"):
            raise forms.ValidationError(_("Use an https:// address."))
        return url

    def clean_phone(self) -> str | None:
        return _phone(self.cleaned_data.get("phone", ""))

    def clean_default_currency(self) -> str:
        from config.money import is_currency

        code = self.cleaned_data["default_currency"].upper()
        if not is_currency(code):
            raise forms.ValidationError(_("Unknown currency code."))
        return code

    def clean_upi_id(self) -> str:
        upi = self.cleaned_data.get("upi_id", "").strip()
        if upi and ("@" not in upi or " " in upi):
            raise forms.ValidationError(_("A UPI id looks like name@bank."))
        return upi


# --- friends, groups, expenses, settlements, IOUs ---------------------------------------------

def _currency(code: str) -> str:
    from config.money import is_currency

    code = (code or "").strip().upper()
    if not is_currency(code):
        raise forms.ValidationError(_("Unknown currency code."))
    return code


class MoneyField(forms.DecimalField):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_digits", 15)
        kwargs.setdefault("decimal_places", 4)
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)
        self.widget.attrs.update(inputmode="decimal", step="any")

    def to_python(self, value):
        from config.money import AmountSyntaxError, parse_amount

        text = "" if value is None else str(value).strip()
        if text:
            try:
                parse_amount(text)
            except AmountSyntaxError as exc:
                raise forms.ValidationError(str(exc), code="invalid")
        return super().to_python(value)


class InviteForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)

    def clean_phone(self) -> str | None:
        return _phone(self.cleaned_data.get("phone", ""))


class AcceptInviteForm(forms.Form):
    code = forms.CharField(max_length=64, label=_("Invite code"))


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="INR")
    members = forms.TypedMultipleChoiceField(label=_("Members"), coerce=uuid.UUID, required=False, widget=forms.CheckboxSelectMultiple,
                                        help_text=_("Friends to add."))
    simplify_debts = forms.BooleanField(label=_("Simplify debts"), required=False, initial=True)

    def __init__(self, *args, friends=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].choices = [(str(f.pk), str(f)) for f in friends]

    def clean_currency(self) -> str:
        return _currency(self.cleaned_data["currency"])


class GroupEditForm(forms.Form):
    """Rename a group, change its currency or simplify-debts (the API's PATCH fields)."""

    name = forms.CharField(label=_("Name"), max_length=100)
    currency = forms.CharField(label=_("Currency"), max_length=3)
    simplify_debts = forms.BooleanField(label=_("Simplify debts"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_currency(self) -> str:
        return _currency(self.cleaned_data["currency"])

    def changes(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("name", "currency", "simplify_debts")}


class AddMemberForm(forms.Form):
    """A friend who is not yet a member (the action checks friendship again)."""

    user = forms.TypedChoiceField(label=_("Friend"), coerce=uuid.UUID)

    def __init__(self, *args, friends=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [(str(f.pk), str(f)) for f in friends]


SPLIT_METHODS = [("equal", _("Equally")), ("exact", _("Exact amounts")), ("percent", _("Percentages")),
                 ("shares", _("Shares"))]


class ExpenseForm(forms.Form):
    """An expense with several payers and every split method. Per person: what they paid,
    and (depending on the method) whether they share, their exact amount, percent or shares."""

    description = forms.CharField(label=_("Description"), max_length=200)
    amount = MoneyField(label=_("Amount"))
    currency = forms.CharField(label=_("Currency"), max_length=3)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    category = forms.CharField(label=_("Category"), max_length=50, required=False)
    notes = forms.CharField(label=_("Notes"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    method = forms.ChoiceField(choices=SPLIT_METHODS, initial="equal", label=_("Split"))

    def __init__(self, *args, people=(), me=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.people = list(people)
        self.me = me
        for p in self.people:
            k = p.pk.hex
            self.fields[f"paid_{k}"] = MoneyField(required=False, label=_("%(person)s paid") % {"person": p})
            self.fields[f"in_{k}"] = forms.BooleanField(required=False, initial=True, label=_("%(person)s shares equally") % {"person": p})
            self.fields[f"exact_{k}"] = MoneyField(required=False, label=_("%(person)s owes") % {"person": p})
            self.fields[f"percent_{k}"] = forms.DecimalField(required=False, min_value=0, max_value=100,
                                                             max_digits=7, decimal_places=4, label=_("%(person)s %%") % {"person": p})
            self.fields[f"shares_{k}"] = forms.IntegerField(required=False, min_value=0, max_value=1000,
                                                            label=_("%(person)s shares") % {"person": p})

        for field in self.fields.values():  # the per-person cells are labelled for screen readers
            field.widget.attrs.setdefault("aria-label", str(field.label))

    def rows(self) -> list[dict]:
        cols = (("paid", "paid"), ("in", "equal"), ("exact", "exact"), ("percent", "percent"), ("shares", "shares"))
        return [{"person": p, "cells": [(col, self[f"{c}_{p.pk.hex}"]) for c, col in cols]} for p in self.people]

    def clean_currency(self) -> str:
        return _currency(self.cleaned_data["currency"])

    def clean(self) -> dict:
        data = super().clean()
        if self.errors:
            return data
        amount = data["amount"]
        payers = [{"user": p.pk, "amount": data[f"paid_{p.pk.hex}"]} for p in self.people
                  if data.get(f"paid_{p.pk.hex}")]
        if not payers:  # nobody named: the person recording it paid it all
            payers = [{"user": self.me.pk, "amount": amount}]
        method = data["method"]
        if method == "equal":
            split = {"method": "equal", "between": [p.pk for p in self.people if data.get(f"in_{p.pk.hex}")]}
        else:
            key = {"exact": "amounts", "percent": "percents", "shares": "shares"}[method]
            values = {p.pk: data.get(f"{method}_{p.pk.hex}") for p in self.people}
            split = {"method": method, key: {u: v for u, v in values.items() if v}}
        data["paid_by"], data["split"] = payers, split
        return data

    def action_kwargs(self) -> dict:
        d = self.cleaned_data
        return {k: d[k] for k in ("description", "amount", "currency", "date", "category", "notes",
                                  "paid_by", "split")}


class RecurringExpenseForm(ExpenseForm):
    """An expense that repeats: `date` is the first period's date."""

    repeat = forms.ChoiceField(label=_("Repeat"), choices=[("weekly", _("Every week")), ("monthly", _("Every month")), ("yearly", _("Every year"))],
                               initial="monthly")
    end_date = forms.DateField(label=_("Last date"), required=False, help_text=_("Empty: until stopped."),
                               widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].label = "First date"

    def action_kwargs(self) -> dict:
        d = self.cleaned_data
        kwargs = {k: d[k] for k in ("description", "amount", "currency", "category", "notes", "paid_by", "split",
                                    "repeat", "end_date")}
        return {**kwargs, "start_date": d["date"]}


class SettlementForm(forms.Form):
    payer = forms.TypedChoiceField(coerce=uuid.UUID, label=_("From"))
    payee = forms.TypedChoiceField(coerce=uuid.UUID, label=_("To"))
    amount = MoneyField(label=_("Amount"))
    currency = forms.CharField(label=_("Currency"), max_length=3)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, people=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(p.pk), str(p)) for p in people]
        self.fields["payer"].choices = choices
        self.fields["payee"].choices = choices

    def clean_currency(self) -> str:
        return _currency(self.cleaned_data["currency"])

    def clean(self) -> dict:
        data = super().clean()
        # Before the confirmation step, so it never asks about a payment the action refuses.
        if data.get("payer") and data.get("payer") == data.get("payee"):
            self.add_error("payee", _("Choose someone other than who paid."))
        return data


class IOUForm(forms.Form):
    friend = forms.TypedChoiceField(label=_("Friend"), coerce=uuid.UUID, empty_value=None, required=False, help_text=_("Or name a contact below."))
    contact_name = forms.CharField(label=_("Contact name"), max_length=150, required=False)
    direction = forms.ChoiceField(label=_("Direction"), choices=[("lent", _("I lent")), ("borrowed", _("I borrowed"))])
    amount = MoneyField(label=_("Amount"))
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="INR")
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, friends=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["friend"].choices = [("", "—")] + [(str(f.pk), str(f)) for f in friends]

    def clean_currency(self) -> str:
        return _currency(self.cleaned_data["currency"])


class SettleIOUForm(forms.Form):
    amount = MoneyField(label=_("Amount"), required=False, help_text=_("Leave empty to settle in full."))


class IOUPaymentForm(forms.Form):
    amount = MoneyField(required=False, help_text="Leave empty for all that is outstanding.")
    note = forms.CharField(max_length=300, required=False)


class DisputeIOUPaymentForm(forms.Form):
    reason = forms.CharField(max_length=300, required=False)


class ExpenseSearchForm(forms.Form):
    """The expenses page's filters (a GET form); `social.expense_search` applies them."""

    q = forms.CharField(label=_("Text"), max_length=200, required=False)
    person = forms.TypedChoiceField(label=_("Person"), required=False, coerce=uuid.UUID, empty_value=None)
    category = forms.CharField(label=_("Category"), max_length=50, required=False)
    to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    min_amount = forms.DecimalField(label=_("Min amount"), required=False, min_value=0, max_digits=19, decimal_places=4)
    max_amount = forms.DecimalField(label=_("Max amount"), required=False, min_value=0, max_digits=19, decimal_places=4)
    currency = forms.CharField(label=_("Currency"), max_length=3, required=False)
    group = forms.TypedChoiceField(label=_("Group"), required=False, coerce=uuid.UUID, empty_value=None)

    def __init__(self, *args, people=(), groups=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", _("Anyone"))] + [(str(p.pk), str(p)) for p in people]
        self.fields["group"].choices = [("", _("Any group"))] + [(str(g.pk), g.name) for g in groups]
        # `from` is a Python keyword: added by name, then put before `to`.
        self.fields["from"] = forms.DateField(label=_("From"), required=False,
                                              widget=forms.DateInput(attrs={"type": "date"}))
        self.order_fields(["q", "person", "category", "from", "to"])

    def to_filter(self):
        from social.expense_search import ExpenseFilter

        d = self.cleaned_data
        return ExpenseFilter(
            q=d.get("q") or "", person=d.get("person"), category=d.get("category") or "",
            date_from=d.get("from"), date_to=d.get("to"), min_amount=d.get("min_amount"),
            max_amount=d.get("max_amount"), currency=(d.get("currency") or "").upper(), group=d.get("group"),
        )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(widget=forms.PasswordInput, max_length=128, label="Your password",
                               help_text="This cannot be undone.")


class ReceiptForm(forms.Form):
    file = forms.FileField(label=_("Photo or PDF of the receipt"),
                           help_text=_("JPEG, PNG, WebP, HEIC or PDF; 10 MB at most."),
                           widget=forms.FileInput(attrs={"accept": ",".join(receipts.TYPES)}))
