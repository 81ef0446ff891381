"""Pages of the social app. Views translate: they read through selectors and write through
actions (see social.page_tools for the login/cursor decorator and error mapping)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from realtime.actions import mark_notifications_read
from realtime.selectors import notifications_for
from social import dashboard
from social.actions import register_user, update_account
from social.forms import LoginForm, ProfileForm, SignupForm
from social.page_tools import page, run_action


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    return target if target.startswith("/") and not target.startswith("//") else "/"


def signup(request: HttpRequest) -> HttpResponse:
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = run_action(form, register_user, **form.cleaned_data)
        if user is not None:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Welcome to Hisaab!")
            return redirect(_next(request))
    return render(request, "social/signup.html", {"form": form, "next": _next(request)})


def login_page(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None, address=request.META.get("REMOTE_ADDR", "-"))
    if request.method == "POST" and form.is_valid():
        login(request, form.user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(_next(request))
    return render(request, "social/login.html", {"form": form, "next": _next(request)})


@require_POST
def logout_page(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("login")


@page
def home(request: HttpRequest) -> HttpResponse:
    unread = notifications_for(request.user).filter(read_at=None)
    return render(request, "home.html", {
        "panels": dashboard.render_panels(request),
        "unread": list(unread[:5]),
    })


@page
def profile(request: HttpRequest) -> HttpResponse:
    user, prof = request.user, request.user.profile
    initial = {"name": user.name, "phone": user.phone or "", "display_name": prof.display_name,
               "default_currency": prof.default_currency, "time_zone": prof.time_zone,
               "upi_id": prof.upi_id}
    form = ProfileForm(request.POST or None, initial=initial)
    saved = request.method == "POST" and form.is_valid() and run_action(
        form, update_account, user, changes=form.cleaned_data) is not None
    if saved:
        messages.success(request, "Profile saved.")
        return redirect("profile")
    return render(request, "social/profile.html", {"form": form})


@page
def notifications(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":  # mark all read
        mark_notifications_read(request.user.pk)
        return redirect("notifications-page")
    items = notifications_for(request.user)[:100]
    return render(request, "social/notifications.html", {"items": items})
