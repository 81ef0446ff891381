"""Pages of the social app. Views translate: they read through selectors and write through
actions (see social.page_tools for the login/cursor decorator and error mapping)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.addresses import client_address
from config.phrases import shown
from realtime.actions import mark_notifications_read
from realtime.selectors import notifications_for
from social import dashboard, selectors
from social.actions import register_user, update_account
from social.forms import LoginForm, ProfileForm, SignupForm
from social.page_tools import page, rate_limited, run_action
from social.views.friends import invite_in


@require_POST
def language(request: HttpRequest) -> HttpResponse:
    """The header's language switch: kept in the profile when signed in (an action, so other
    devices follow), and in the language cookie either way."""
    from config.locale import language_of, locale_for

    chosen = language_of(request.POST.get("language"))
    if chosen is None:
        return HttpResponseBadRequest(gettext("Unknown language."))
    if request.user.is_authenticated:
        update_account(request.user, changes={"locale": locale_for(chosen)})
    back = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "/"
    response = redirect(back)
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, chosen, max_age=365 * 24 * 3600, samesite="Lax")
    return response


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    return target if target.startswith("/") and not target.startswith("//") else "/"


def signup(request: HttpRequest) -> HttpResponse:
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and rate_limited(form, "register", client_address(request)):
        from config.locale import locale_for

        user = run_action(form, register_user, **form.cleaned_data, locale=locale_for(request.LANGUAGE_CODE))
        if user is not None:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to Hisaab!"))
            return redirect(_next(request))
    return render(request, "social/signup.html", {"form": form, "next": _next(request),
                                                  "invite": invite_in(_next(request))})


def login_page(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None, address=client_address(request))
    if request.method == "POST" and form.is_valid():
        login(request, form.user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(_next(request))
    return render(request, "social/login.html", {"form": form, "next": _next(request),
                                                 "invite": invite_in(_next(request))})


@require_POST
def logout_page(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("login")


@page
def home(request: HttpRequest) -> HttpResponse:
    unread = notifications_for(request.user).filter(read_at=None)
    me = request.user
    # Nobody to share with and nothing recorded yet: the dashboard shows the first steps.
    new_user = not (selectors.friend_ids(me.pk) or selectors.groups_visible_to(me).exists()
                    or selectors.ious_visible_to(me).exists())
    return render(request, "home.html", {
        "new_user": new_user,
        "panels": dashboard.render_panels(request),
        "unread": list(unread[:5]),
    })


@page
def profile(request: HttpRequest) -> HttpResponse:
    user, prof = request.user, request.user.profile
    initial = {"name": user.name, "phone": user.phone or "", "display_name": prof.display_name,
               "default_currency": prof.default_currency, "time_zone": prof.time_zone,
               "upi_id": prof.upi_id, "avatar_url": prof.avatar_url}
    form = ProfileForm(request.POST or None, initial=initial, preferences=prof.notification_preferences)
    saved = request.method == "POST" and form.is_valid() and run_action(
        form, update_account, user,
        changes={**form.cleaned_data, "notification_preferences": form.notification_preferences()},
    ) is not None
    if saved:
        messages.success(request, _("Profile saved."))
        return redirect("profile")
    return render(request, "social/profile.html", {"form": form})


@page
def notifications(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":  # mark all read
        mark_notifications_read(request.user.pk)
        return redirect("notifications-page")
    items = notifications_for(request.user)[:100]
    return render(request, "social/notifications.html", {"items": items})


@page
def my_data(request: HttpRequest) -> HttpResponse:
    """Download everything held about me (the same ZIP as GET /api/me/export)."""
    from social.api.data_views import export_response

    return export_response(request.user)


@page
def delete_me(request: HttpRequest) -> HttpResponse:
    """Delete my account: what stops it is listed; the password confirms it."""
    from social.actions.erasure import blockers, delete_account
    from social.forms import DeleteAccountForm

    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and run_action(
        form, delete_account, request.user, password=form.cleaned_data["password"]
    ) is not None:
        logout(request)
        messages.success(request, _("Your account is deleted. What you shared with others stays with them."))
        return redirect("login")
    return render(request, "social/delete_account.html", {"form": form, "blockers": [shown(b) for b in blockers(request.user)]})
