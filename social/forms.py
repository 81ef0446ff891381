"""Forms of the social pages. They parse; actions decide (their refusals land on the fields)."""

from __future__ import annotations

import uuid

from django import forms
from rest_framework.exceptions import Throttled

from social import login_guard
from social.phones import InvalidPhone, normalize_phone
from social.selectors import find_login_user


def _phone(raw: str) -> str | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        return normalize_phone(raw)
    except InvalidPhone:
        raise forms.ValidationError("Enter a valid phone number, e.g. +91 98765 43210.")


class SignupForm(forms.Form):
    name = forms.CharField(max_length=150)
    email = forms.EmailField(max_length=254)
    phone = forms.CharField(max_length=32, required=False, help_text="Optional.")
    password = forms.CharField(widget=forms.PasswordInput, min_length=8, max_length=128)

    def clean_phone(self) -> str | None:
        return _phone(self.cleaned_data.get("phone", ""))


class LoginForm(forms.Form):
    identifier = forms.CharField(label="Email or phone", max_length=254)
    password = forms.CharField(widget=forms.PasswordInput, max_length=128)

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
            login_guard.check(identifier, self.address)
        except Throttled as exc:
            raise forms.ValidationError(f"Too many attempts. Try again in {exc.wait:.0f} seconds.")
        user = find_login_user(identifier)
        if user is None or not user.check_password(password):
            login_guard.record_failure(identifier, self.address)
            raise forms.ValidationError("Wrong email/phone or password.")
        login_guard.clear(identifier)
        self.user = user
        return data


class ProfileForm(forms.Form):
    name = forms.CharField(max_length=150)
    phone = forms.CharField(max_length=32, required=False)
    display_name = forms.CharField(max_length=150, required=False)
    default_currency = forms.CharField(max_length=3, min_length=3)
    time_zone = forms.CharField(max_length=64)
    upi_id = forms.CharField(
        max_length=100, required=False, label="UPI id", help_text="name@bank, for settle-up links."
    )

    def clean_phone(self) -> str | None:
        return _phone(self.cleaned_data.get("phone", ""))

    def clean_default_currency(self) -> str:
        from config.money import is_currency

        code = self.cleaned_data["default_currency"].upper()
        if not is_currency(code):
            raise forms.ValidationError("Unknown currency code.")
        return code

    def clean_upi_id(self) -> str:
        upi = self.cleaned_data.get("upi_id", "").strip()
        if upi and ("@" not in upi or " " in upi):
            raise forms.ValidationError("A UPI id looks like name@bank.")
        return upi


# --- friends, groups, expenses, settlements, IOUs ---------------------------------------------

def _currency(code: str) -> str:
    from config.money import is_currency

    code = (code or "").strip().upper()
    if not is_currency(code):
        raise forms.ValidationError("Unknown currency code.")
    return code


class MoneyField(forms.DecimalField):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_digits", 15)
        kwargs.setdefault("decimal_places", 4)
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)
        self.widget.attrs.update(inputmode="decimal", step="any")


class InviteForm(forms.Form):
    name = forms.CharField(max_length=150, required=False)
    email = forms.EmailField(required=False)
    phone = forms.CharField(max_length=32, required=False)

    def clean_phone(self) -> str | None:
        return _phone(self.cleaned_data.get("phone", ""))


class AcceptInviteForm(forms.Form):
    code = forms.CharField(max_length=64, label="Invite code")


class GroupForm(forms.Form):
    name = forms.CharField(max_length=100)
    currency = forms.CharField(max_length=3, initial="INR")
    members = forms.TypedMultipleChoiceField(coerce=uuid.UUID, required=False, widget=forms.CheckboxSelectMultiple,
                                        help_text="Friends to add.")
    simplify_debts = forms.BooleanField(required=False, initial=True)

    def __init__(self, *args, friends=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].choices = [(str(f.pk), str(f)) for f in friends]

    def clean_currency(self) -> str:
        return _currency(self.cleaned_data["currency"])


SPLIT_METHODS = [("equal", "Equally"), ("exact", "Exact amounts"), ("percent", "Percentages"),
                 ("shares", "Shares")]


class ExpenseForm(forms.Form):
    """An expense with several payers and every split method. Per person: what they paid,
    and (depending on the method) whether they share, their exact amount, percent or shares."""

    description = forms.CharField(max_length=200)
    amount = MoneyField()
    currency = forms.CharField(max_length=3)
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    category = forms.CharField(max_length=50, required=False)
    notes = forms.CharField(max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    method = forms.ChoiceField(choices=SPLIT_METHODS, initial="equal", label="Split")

    def __init__(self, *args, people=(), me=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.people = list(people)
        self.me = me
        for p in self.people:
            k = p.pk.hex
            self.fields[f"paid_{k}"] = MoneyField(required=False, label=f"{p} paid")
            self.fields[f"in_{k}"] = forms.BooleanField(required=False, initial=True, label=f"{p} shares")
            self.fields[f"exact_{k}"] = MoneyField(required=False, label=f"{p} owes")
            self.fields[f"percent_{k}"] = forms.DecimalField(required=False, min_value=0, max_value=100,
                                                             max_digits=7, decimal_places=4, label=f"{p} %")
            self.fields[f"shares_{k}"] = forms.IntegerField(required=False, min_value=0, max_value=1000,
                                                            label=f"{p} shares")

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


class SettlementForm(forms.Form):
    payer = forms.TypedChoiceField(coerce=uuid.UUID, label="From")
    payee = forms.TypedChoiceField(coerce=uuid.UUID, label="To")
    amount = MoneyField()
    currency = forms.CharField(max_length=3)
    note = forms.CharField(max_length=300, required=False)

    def __init__(self, *args, people=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(p.pk), str(p)) for p in people]
        self.fields["payer"].choices = choices
        self.fields["payee"].choices = choices

    def clean_currency(self) -> str:
        return _currency(self.cleaned_data["currency"])


class IOUForm(forms.Form):
    friend = forms.TypedChoiceField(coerce=uuid.UUID, empty_value=None, required=False, help_text="Or name a contact below.")
    contact_name = forms.CharField(max_length=150, required=False)
    direction = forms.ChoiceField(choices=[("lent", "I lent"), ("borrowed", "I borrowed")])
    amount = MoneyField()
    currency = forms.CharField(max_length=3, initial="INR")
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(max_length=300, required=False)

    def __init__(self, *args, friends=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["friend"].choices = [("", "—")] + [(str(f.pk), str(f)) for f in friends]

    def clean_currency(self) -> str:
        return _currency(self.cleaned_data["currency"])


class SettleIOUForm(forms.Form):
    amount = MoneyField(required=False, help_text="Leave empty to settle in full.")
