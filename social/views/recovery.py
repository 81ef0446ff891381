"""Pages for a forgotten password and for confirming an email address (the links mailed by
social/emails.py). Opening a link (GET) changes nothing, so a mail scanner that fetches it
spends nothing; the form on it (POST) acts."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from rest_framework.exceptions import Throttled

from config import refusals
from config.addresses import client_address
from config.api.errors import DomainError
from social import emails
from social.actions import reset_password, verify_email
from social.page_tools import page, run_action


class ResetRequestForm(forms.Form):
    email = forms.EmailField(max_length=254)


def password_reset(request: HttpRequest) -> HttpResponse:
    form = ResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            emails.request_password_reset(form.cleaned_data["email"], address=client_address(request))
        except Throttled as exc:
            form.add_error(None, _("Too many requests. Try again in %(seconds)d seconds.") % {"seconds": exc.wait})
        else:  # the same answer whether or not the address has an account
            return render(request, "social/password_reset_sent.html", {"email": form.cleaned_data["email"]})
    return render(request, "social/password_reset.html", {"form": form})


def password_reset_confirm(request: HttpRequest, uid: str, token: str) -> HttpResponse:
    user = emails.user_for_reset(uid, token)
    if user is None:
        return render(request, "social/password_reset_invalid.html", status=400)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid() and run_action(
        form, reset_password, user, password=form.cleaned_data["new_password1"]
    ) is not None:
        messages.success(request, _("Your password is changed and every device was signed out. Log in with it."))
        return redirect("login")
    return render(request, "social/password_reset_confirm.html", {"form": form})


def verify_email_page(request: HttpRequest, token: str) -> HttpResponse:
    claim = emails.read_verify_token(token)
    if claim is None:
        return render(request, "social/verify_email.html", {"invalid": True}, status=400)
    if request.method == "POST":
        try:
            user = verify_email(token=token)
        except DomainError as exc:
            return render(request, "social/verify_email.html", {"invalid": True, "error": refusals.say(exc)}, status=400)
        messages.success(request, _("%(email)s is confirmed.") % {"email": user.email})
        return redirect("profile" if request.user.is_authenticated else "login")
    return render(request, "social/verify_email.html", {"address": claim[1]})


@page
def resend_verification(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            address = emails.resend_verification(request.user)
        except Throttled as exc:
            messages.error(request, _("Too many requests. Try again in %(seconds)d seconds.") % {"seconds": exc.wait})
        else:
            messages.success(request, _("A confirmation link is on its way to %(address)s.") % {"address": address})
    return redirect("profile")
