"""The language and time zone a page is shown in.

- Signed in: the profile's locale (social.Profile.locale, e.g. "hi_IN" -> Hindi) and time
  zone (social.Profile.time_zone) for pages; signed out: the language cookie set by the
  switch, then the browser's Accept-Language, then English.
- The API keeps English messages (clients show their own words; error codes are stable); a
  push from one of our pages adds its refusals in the page's language (`page_language`,
  realtime/api/views.py).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers

from config import display

SUPPORTED = {code for code, _name in settings.LANGUAGES}


def language_of(locale: str | None) -> str | None:
    """A Django language code for a profile locale ("hi_IN" -> "hi"), None if unsupported."""
    code = (locale or "").replace("-", "_").split("_")[0].lower()
    return code if code in SUPPORTED else None


def locale_for(language: str) -> str:
    """The profile locale stored for a language chosen in the switch ("hi" -> "hi_IN")."""
    return display.LOCALES.get(language, display.DEFAULT_LOCALE)


def _profile(user):
    try:
        return user.profile
    except Exception:  # a user without a profile row yet (created outside register_user)
        return None


def page_language(request: HttpRequest) -> str:
    """The language the requester's pages are shown in: the profile's, else the cookie's or
    the browser's (also for an /api/ request, which itself answers in English)."""
    user = getattr(request, "user", None)
    profile = _profile(user) if getattr(user, "is_authenticated", False) else None
    chosen = language_of(profile.locale) if profile else None
    return chosen or translation.get_language_from_request(request)


class UserLocaleMiddleware:
    """After AuthenticationMiddleware: activates the page's language and time zone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            language, zone = settings.LANGUAGE_CODE, None
        else:
            user = getattr(request, "user", None)
            profile = _profile(user) if getattr(user, "is_authenticated", False) else None
            language = page_language(request)
            zone = profile.time_zone if profile else None
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        if zone:
            timezone.activate(display.zone(zone))
        try:
            response = self.get_response(request)
        finally:
            timezone.deactivate()
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        if not request.path.startswith("/api/"):
            patch_vary_headers(response, ("Cookie", "Accept-Language"))
        translation.deactivate()
        return response
