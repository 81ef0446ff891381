"""Forms of the social pages. They parse; actions decide (their refusals land on the fields)."""

from __future__ import annotations

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
